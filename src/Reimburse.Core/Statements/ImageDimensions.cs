using System.Buffers.Binary;

namespace Reimburse.Statements;

/// <summary>The size of an image as its header states it: the largest frame and how many frames (TIFF pages) there are.</summary>
/// <param name="Width">Width of the largest frame, in pixels.</param>
/// <param name="Height">Height of the largest frame, in pixels.</param>
/// <param name="Frames">Frames (pages) found; 1 for JPEG, PNG and HEIF.</param>
public sealed record ImageSize(int Width, int Height, int Frames)
{
    /// <summary>Pixels of the largest frame.</summary>
    public long Pixels => (long)Width * Height;
}

/// <summary>
/// Reads image dimensions from headers only (JPEG SOF, PNG IHDR, TIFF IFDs, HEIF <c>ispe</c>), without decoding:
/// cheap enough to refuse a decompression bomb at upload, before any decoder sees it.
/// </summary>
public static class ImageDimensions
{
    private const int MaxTiffFrames = 1_000;
    private const int MaxBoxDepth = 8;

    /// <summary>The image's size, or null when the header is missing, truncated or inconsistent (a damaged file).</summary>
    public static ImageSize? Read(ReadOnlySpan<byte> content, DocumentFormat format) => format switch
    {
        DocumentFormat.Png => Png(content),
        DocumentFormat.Jpeg => Jpeg(content),
        DocumentFormat.Tiff => Tiff(content),
        DocumentFormat.Heif => Heif(content),
        _ => null,
    };

    private static ImageSize? Png(ReadOnlySpan<byte> c)
    {
        // Signature (8), then the IHDR chunk: length (4), type (4), width (4), height (4).
        if (c.Length < 24 || !c[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }
        return Valid(BinaryPrimitives.ReadUInt32BigEndian(c[16..]), BinaryPrimitives.ReadUInt32BigEndian(c[20..]), 1);
    }

    private static ImageSize? Jpeg(ReadOnlySpan<byte> c)
    {
        var i = 2;
        while (i + 4 <= c.Length)
        {
            if (c[i] != 0xFF)
            {
                return null;
            }
            var marker = c[i + 1];
            if (marker == 0xFF)
            {
                // Fill byte before a marker.
                i++;
                continue;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                i += 2;
                continue;
            }
            if (marker is 0xD9 or 0xDA)
            {
                // End of image or start of scan before any frame header.
                return null;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(c[(i + 2)..]);
            if (length < 2 || i + 2 + length > c.Length)
            {
                return null;
            }
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                // SOFn: length (2), precision (1), height (2), width (2).
                if (length < 7)
                {
                    return null;
                }
                var height = BinaryPrimitives.ReadUInt16BigEndian(c[(i + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(c[(i + 7)..]);
                return Valid(width, height, 1);
            }
            i += 2 + length;
        }
        return null;
    }

    private static ImageSize? Tiff(ReadOnlySpan<byte> c)
    {
        if (c.Length < 8)
        {
            return null;
        }
        var little = c[0] == (byte)'I';
        long offset = U32(c, 4, little);
        var seen = new HashSet<long>();
        ImageSize? largest = null;
        var frames = 0;
        while (offset != 0)
        {
            if (offset < 8 || offset + 2 > c.Length || !seen.Add(offset) || frames >= MaxTiffFrames)
            {
                // Out of the file, or a loop of IFDs: a damaged or hostile file.
                return null;
            }
            var at = (int)offset;
            var entries = U16(c, at, little);
            var end = at + 2 + (entries * 12);
            if (end + 4 > c.Length)
            {
                return null;
            }
            uint width = 0, height = 0;
            for (var e = 0; e < entries; e++)
            {
                var entry = at + 2 + (e * 12);
                var tag = U16(c, entry, little);
                var type = U16(c, entry + 2, little);
                // SHORT (3) values sit in the first two bytes of the value field, LONG (4) fill it.
                uint value = type == 3 ? U16(c, entry + 8, little) : type == 4 ? U32(c, entry + 8, little) : 0;
                if (tag == 256)
                {
                    width = value;
                }
                else if (tag == 257)
                {
                    height = value;
                }
            }
            if (Valid(width, height, 1) is not { } frame)
            {
                return null;
            }
            frames++;
            if (largest is null || frame.Pixels > largest.Pixels)
            {
                largest = frame;
            }
            offset = U32(c, end, little);
        }
        return largest is null ? null : largest with { Frames = frames };
    }

    private static uint U32(ReadOnlySpan<byte> c, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(c[at..]) : BinaryPrimitives.ReadUInt32BigEndian(c[at..]);

    private static ushort U16(ReadOnlySpan<byte> c, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(c[at..]) : BinaryPrimitives.ReadUInt16BigEndian(c[at..]);

    private static ImageSize? Heif(ReadOnlySpan<byte> c)
    {
        ImageSize? largest = null;
        return FindSpatialExtents(c, 0, ref largest) ? largest : null;
    }

    // Walks ISO BMFF boxes (meta → iprp → ipco → ispe) and keeps the largest image spatial extent; false when a
    // box runs past its parent.
    private static bool FindSpatialExtents(ReadOnlySpan<byte> c, int depth, ref ImageSize? largest)
    {
        var i = 0;
        while (i + 8 <= c.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(c[i..]);
            var type = c[(i + 4)..(i + 8)];
            var header = 8;
            if (size == 1)
            {
                if (i + 16 > c.Length)
                {
                    return false;
                }
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(c[(i + 8)..]);
                header = 16;
            }
            else if (size == 0)
            {
                size = c.Length - i;
            }
            if (size < header || size > c.Length - i)
            {
                return false;
            }
            var body = c[(i + header)..(int)(i + size)];
            if (type.SequenceEqual("ispe"u8))
            {
                // Full box: version and flags (4), then width (4) and height (4).
                if (body.Length < 12 || Valid(BinaryPrimitives.ReadUInt32BigEndian(body[4..]), BinaryPrimitives.ReadUInt32BigEndian(body[8..]), 1) is not { } extent)
                {
                    return false;
                }
                if (largest is null || extent.Pixels > largest.Pixels)
                {
                    largest = extent;
                }
            }
            else if (depth < MaxBoxDepth && (type.SequenceEqual("meta"u8) || type.SequenceEqual("iprp"u8) || type.SequenceEqual("ipco"u8)))
            {
                // meta is a full box: its children start after version and flags.
                var children = type.SequenceEqual("meta"u8) ? (body.Length >= 4 ? body[4..] : []) : body;
                if (!FindSpatialExtents(children, depth + 1, ref largest))
                {
                    return false;
                }
            }
            i += (int)size;
        }
        return true;
    }

    private static ImageSize? Valid(uint width, uint height, int frames) =>
        width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue ? new ImageSize((int)width, (int)height, frames) : null;
}
