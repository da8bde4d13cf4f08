using System.Buffers.Binary;
using Reimburse.Statements;

namespace Reimburse.Core.Tests.Statements;

public sealed class ImageDimensionsTests
{
    [Fact]
    public void A_png_states_its_size_in_the_ihdr_chunk()
    {
        Assert.Equal(new ImageSize(1240, 1754, 1), ImageDimensions.Read(Png(1240, 1754), DocumentFormat.Png));
    }

    [Fact]
    public void A_truncated_png_has_no_size()
    {
        Assert.Null(ImageDimensions.Read(Png(10, 10)[..20], DocumentFormat.Png));
    }

    [Fact]
    public void A_jpeg_states_its_size_in_the_frame_header_after_other_segments()
    {
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 1, 1, 0, 0, 72, 0, 72, 0, 0];
        byte[] sof2 = [0xFF, 0xC2, 0x00, 0x11, 8, 0x0F, 0xA0, 0x0B, 0xB8, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
        byte[] jpeg = [0xFF, 0xD8, .. app0, 0xFF, .. sof2, 0xFF, 0xDA, 0x00, 0x02];

        // Height 0x0FA0 = 4000, width 0x0BB8 = 3000 (a fill byte before the frame marker is allowed).
        Assert.Equal(new ImageSize(3000, 4000, 1), ImageDimensions.Read(jpeg, DocumentFormat.Jpeg));
    }

    [Fact]
    public void A_jpeg_whose_scan_comes_before_any_frame_header_has_no_size()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9];
        Assert.Null(ImageDimensions.Read(jpeg, DocumentFormat.Jpeg));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_multi_page_tiff_reports_its_largest_page_and_the_page_count(bool littleEndian)
    {
        var tiff = Tiff(littleEndian, (800, 600), (2480, 3508), (100, 100));
        Assert.Equal(new ImageSize(2480, 3508, 3), ImageDimensions.Read(tiff, DocumentFormat.Tiff));
    }

    [Fact]
    public void A_tiff_whose_directories_loop_is_refused()
    {
        var tiff = Tiff(true, (800, 600));
        // Point the first directory's "next" offset back at itself.
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(8 + 2 + (2 * 12)), 8);
        Assert.Null(ImageDimensions.Read(tiff, DocumentFormat.Tiff));
    }

    [Fact]
    public void A_heif_reports_the_largest_spatial_extent_of_its_items()
    {
        var ispeThumb = Box("ispe", [0, 0, 0, 0, .. U32(320), .. U32(240)]);
        var ispeMain = Box("ispe", [0, 0, 0, 0, .. U32(4032), .. U32(3024)]);
        var meta = Box("meta", [0, 0, 0, 0, .. Box("hdlr", new byte[24]), .. Box("iprp", Box("ipco", [.. ispeThumb, .. ispeMain]))]);
        byte[] heif = [.. Box("ftyp", [.. "heic"u8, 0, 0, 0, 0, .. "mif1heic"u8]), .. meta, .. Box("mdat", new byte[16])];

        Assert.Equal(new ImageSize(4032, 3024, 1), ImageDimensions.Read(heif, DocumentFormat.Heif));
    }

    [Fact]
    public void A_heif_box_that_runs_past_the_file_is_refused()
    {
        var heif = Box("meta", [0, 0, 0, 0, .. Box("iprp", new byte[8])]);
        BinaryPrimitives.WriteUInt32BigEndian(heif.AsSpan(12), 4_000);
        Assert.Null(ImageDimensions.Read(heif, DocumentFormat.Heif));
    }

    [Fact]
    public void Zero_dimensions_are_damage_not_an_empty_image()
    {
        Assert.Null(ImageDimensions.Read(Png(0, 100), DocumentFormat.Png));
    }

    private static byte[] Png(uint width, uint height) =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8, .. U32(width), .. U32(height), 8, 2, 0, 0, 0, 0, 0, 0, 0];

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Box(string type, byte[] body) => [.. U32((uint)(8 + body.Length)), .. System.Text.Encoding.ASCII.GetBytes(type), .. body];

    private static byte[] Tiff(bool little, params (int Width, int Height)[] pages)
    {
        var bytes = new List<byte>();
        void U16(int v)
        {
            var b = new byte[2];
            if (little) { BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); } else { BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); }
            bytes.AddRange(b);
        }
        void U32L(long v)
        {
            var b = new byte[4];
            if (little) { BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)v); } else { BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v); }
            bytes.AddRange(b);
        }
        bytes.AddRange(little ? "II"u8.ToArray() : "MM"u8.ToArray());
        U16(42);
        U32L(8);
        for (var p = 0; p < pages.Length; p++)
        {
            U16(2);
            // Width as SHORT, height as LONG: both types occur.
            U16(256); U16(3); U32L(1); U16(pages[p].Width); U16(0);
            U16(257); U16(4); U32L(1); U32L(pages[p].Height);
            U32L(p == pages.Length - 1 ? 0 : bytes.Count + 4);
        }
        return [.. bytes];
    }
}
