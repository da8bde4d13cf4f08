using System.Text;
using Reimburse.Statements;

namespace Reimburse.Core.Tests.Statements;

public class DocumentFormatsTests
{
    private static readonly Encoding ShiftJis = GetShiftJis();

    private static Encoding GetShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34 }, DocumentFormat.Pdf)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1, 0x00 }, DocumentFormat.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00 }, DocumentFormat.Png)]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 0x08 }, DocumentFormat.Tiff)]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A, 0x00 }, DocumentFormat.Tiff)]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0x00 }, DocumentFormat.Heif)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, DocumentFormat.Unknown)]
    [InlineData(new byte[] { }, DocumentFormat.Unknown)]
    public void Formats_are_recognised_by_their_magic_bytes(byte[] content, DocumentFormat expected)
    {
        Assert.Equal(expected, DocumentFormats.Detect(content));
    }

    [Fact]
    public void A_pdf_header_after_a_few_junk_bytes_is_still_a_pdf()
    {
        Assert.Equal(DocumentFormat.Pdf, DocumentFormats.Detect("\r\n\r\n%PDF-1.7\n"u8));
    }

    [Fact]
    public void Utf8_and_shift_jis_csv_statements_are_recognised()
    {
        const string csv = "利用日,利用店名,利用金額\r\n2024/05/10,カード再発行手数料,1100\r\n";
        Assert.Equal(DocumentFormat.Csv, DocumentFormats.Detect(Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(DocumentFormat.Csv, DocumentFormats.Detect(ShiftJis.GetBytes(csv)));
        Assert.Equal(DocumentFormat.Csv, DocumentFormats.Detect([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(csv)]));
        Assert.Equal(DocumentFormat.Csv, DocumentFormats.Detect(Encoding.UTF8.GetBytes("日付\t摘要\t金額\n2024/05/10\t再発行手数料\t1100\n")));
    }

    [Theory]
    [InlineData("just one line of prose")]
    [InlineData("a\u0000b,c\nd,e\n")]
    public void Text_without_columns_or_with_control_bytes_is_not_a_csv(string text)
    {
        Assert.Equal(DocumentFormat.Unknown, DocumentFormats.Detect(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "GIF")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, "ZIP")]
    [InlineData(new byte[] { 0x42, 0x4D, 0x00 }, "BMP")]
    public void Unsupported_formats_are_described(byte[] content, string name)
    {
        Assert.Contains(name, DocumentFormats.DescribeUnsupported(content), StringComparison.Ordinal);
    }
}
