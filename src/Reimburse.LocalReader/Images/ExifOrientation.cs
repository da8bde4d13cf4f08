using System.Buffers.Binary;

namespace Reimburse.LocalReader.Images;

/// <summary>
/// The EXIF orientation of a JPEG: phones store the pixels as the sensor saw them and record in the Orientation tag
/// (0x0112) how to turn them for display. Reading it spares Tesseract's orientation detection its guesswork.
/// </summary>
internal static class ExifOrientation
{
    /// <summary>Quarter turns clockwise that make the image upright (0 when there is no tag or it only mirrors).</summary>
    public static int QuarterTurns(ReadOnlySpan<byte> jpeg) => Read(jpeg) switch
    {
        3 => 2,
        6 => 1,
        8 => 3,
        _ => 0,
    };

    /// <summary>The Orientation tag value (1–8), or 0 when absent or unreadable.</summary>
    public static int Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return 0;
        }
        var position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            var marker = jpeg[position + 1];
            if (marker is 0xD9 or 0xDA)
            {
                // End of image or start of scan: no metadata after this point.
                return 0;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + 2)..]);
            if (length < 2 || position + 2 + length > jpeg.Length)
            {
                return 0;
            }
            var segment = jpeg.Slice(position + 4, length - 2);
            if (marker == 0xE1 && segment.StartsWith("Exif\0\0"u8))
            {
                return FromTiff(segment[6..]);
            }
            position += 2 + length;
        }
        return 0;
    }

    private static int FromTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return 0;
        }
        var little = tiff[0] == (byte)'I' && tiff[1] == (byte)'I';
        if (!little && !(tiff[0] == (byte)'M' && tiff[1] == (byte)'M'))
        {
            return 0;
        }
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        var ifd = U32(tiff[4..]);
        if (ifd + 2 > tiff.Length)
        {
            return 0;
        }
        var count = U16(tiff[(int)ifd..]);
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + (i * 12);
            if (entry + 12 > tiff.Length)
            {
                return 0;
            }
            if (U16(tiff[entry..]) == 0x0112)
            {
                var value = U16(tiff[(entry + 8)..]);
                return value is >= 1 and <= 8 ? value : 0;
            }
        }
        return 0;
    }
}
