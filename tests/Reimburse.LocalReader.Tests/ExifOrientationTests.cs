using Reimburse.LocalReader.Images;

namespace Reimburse.LocalReader.Tests;

public class ExifOrientationTests
{
    // SOI, an APP1 Exif segment with one IFD entry (Orientation), then the rest of a real JPEG.
    private static byte[] WithOrientation(ushort orientation, bool littleEndian)
    {
        using var pix = Pix.FromRgb(8, 8, new byte[8 * 8 * 3], 8 * 3);
        var jpeg = pix.EncodeJpeg(80);
        byte[] tiff = littleEndian
            ? [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0]
            : [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var length = payload.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [jpeg[0], jpeg[1], .. app1, .. jpeg[2..]];
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    [InlineData(6, 1)]
    [InlineData(8, 3)]
    public void The_orientation_tag_says_how_to_turn_the_photo(ushort orientation, int quarterTurns)
    {
        Assert.Equal(quarterTurns, ExifOrientation.QuarterTurns(WithOrientation(orientation, littleEndian: true)));
        Assert.Equal(quarterTurns, ExifOrientation.QuarterTurns(WithOrientation(orientation, littleEndian: false)));
    }

    [Fact]
    public void A_jpeg_without_exif_or_a_truncated_one_has_no_orientation()
    {
        using var pix = Pix.FromRgb(8, 8, new byte[8 * 8 * 3], 8 * 3);
        var jpeg = pix.EncodeJpeg(80);
        Assert.Equal(0, ExifOrientation.Read(jpeg));
        Assert.Equal(0, ExifOrientation.Read(WithOrientation(6, true).AsSpan(0, 20)));
        Assert.Equal(0, ExifOrientation.Read([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF]));
    }

    [Fact]
    public void A_decoder_still_reads_the_jpeg_with_the_segment()
    {
        using var pix = Pix.Decode(WithOrientation(6, true));
        Assert.NotNull(pix);
        Assert.Equal(8, pix.Width);
    }
}
