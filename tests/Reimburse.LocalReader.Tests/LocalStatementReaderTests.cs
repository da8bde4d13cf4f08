using System.Buffers.Binary;
using Reimburse.LocalReader.Corpus;
using Reimburse.LocalReader.Images;
using Reimburse.Statements;

namespace Reimburse.LocalReader.Tests;

public sealed class LocalStatementReaderTests : IDisposable
{
    private readonly LocalStatementReader _reader = new(new LocalReaderOptions { EnginePoolSize = 1 });

    public void Dispose() => _reader.Dispose();

    private Task<StatementReadResult> Read(byte[] bytes, string contentType = "application/octet-stream") =>
        _reader.ReadAsync(new StatementInput(bytes, contentType), CancellationToken.None);

    [Fact]
    public async Task An_empty_file_is_reported_as_empty()
    {
        var result = await Read([]);
        Assert.Equal(ReadFailure.Empty, result.Failure);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_too_large()
    {
        using var reader = new LocalStatementReader(new LocalReaderOptions { MaxDocumentBytes = 1000, EnginePoolSize = 1 });
        var result = await reader.ReadAsync(new StatementInput(new byte[1001], "application/pdf"), CancellationToken.None);
        Assert.Equal(ReadFailure.TooLarge, result.Failure);
        Assert.Contains("limit", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000", "GIF")]
    [InlineData("PK\u0003\u0004 docx", "ZIP")]
    [InlineData("just a note without columns", "plain text")]
    public async Task Unsupported_files_are_named_in_the_message(string content, string named)
    {
        var result = await Read(System.Text.Encoding.Latin1.GetBytes(content), "application/pdf");
        Assert.Equal(ReadFailure.Unsupported, result.Failure);
        Assert.Contains(named, result.Message, StringComparison.Ordinal);
        Assert.Contains("PDF", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_content_decides_the_format_not_the_declared_type()
    {
        var csv = System.Text.Encoding.UTF8.GetBytes("日付,摘要,金額\n2024/05/10,カード再発行手数料,1100\n");
        var result = await Read(csv, "image/jpeg");
        Assert.True(result.Succeeded);
        Assert.Equal(1100, result.Facts!.Fee!.Value.Amount);
    }

    [Fact]
    public async Task A_password_protected_pdf_is_reported_as_encrypted()
    {
        var result = await Read(ImagePdfWriter.WritePasswordProtected());
        Assert.Equal(ReadFailure.Encrypted, result.Failure);
        Assert.Contains("password", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_pdf_is_unreadable()
    {
        var result = await Read(System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage"));
        Assert.Equal(ReadFailure.Unreadable, result.Failure);
    }

    [Fact]
    public async Task A_blank_scanned_page_has_no_text()
    {
        using var blank = Pix.FromRgb(400, 560, Enumerable.Repeat((byte)255, 400 * 560 * 3).ToArray(), 400 * 3);
        using var gray = blank.ToGray();
        var pdf = ImagePdfWriter.Write(gray.EncodeJpeg(90), 400, 560, gray: true);
        var result = await Read(pdf);
        Assert.Equal(ReadFailure.Empty, result.Failure);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02 })]
    public async Task A_damaged_image_is_unreadable(byte[] bytes)
    {
        var result = await Read(bytes);
        Assert.Equal(ReadFailure.Unreadable, result.Failure);
    }

    [Fact]
    public async Task An_image_with_too_many_pixels_is_refused_before_decoding()
    {
        var result = await Read(PngHeaderOnly(30_000, 30_000));
        Assert.Equal(ReadFailure.TooLarge, result.Failure);
        Assert.Contains("megapixels", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_language_data_is_a_reader_failure_not_a_bad_document()
    {
        using var reader = new LocalStatementReader(new LocalReaderOptions { TessdataPath = "/nonexistent/tessdata", EnginePoolSize = 1 });
        using var page = Pix.FromRgb(300, 200, Enumerable.Repeat((byte)255, 300 * 200 * 3).ToArray(), 300 * 3);
        var result = await reader.ReadAsync(new StatementInput(page.EncodePng(), "image/png"), CancellationToken.None);
        Assert.Equal(ReadFailure.ServiceFailed, result.Failure);
        Assert.Contains("tesseract-ocr-jpn", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engines_are_reused_across_documents()
    {
        using var page = Pix.FromRgb(300, 200, Enumerable.Repeat((byte)255, 300 * 200 * 3).ToArray(), 300 * 3);
        var png = page.EncodePng();
        for (var i = 0; i < 3; i++)
        {
            await Read(png);
        }
        Assert.Equal(1, _reader.EnginesCreated);
    }

    // A PNG signature and IHDR chunk claiming a huge image, nothing else: the size check must not decode it.
    private static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 0;
        var chunk = new byte[4 + 4 + 13 + 4];
        BinaryPrimitives.WriteInt32BigEndian(chunk, 13);
        "IHDR"u8.CopyTo(chunk.AsSpan(4));
        ihdr.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(21), Crc32(chunk.AsSpan(4, 17)));
        byte[] end = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. chunk, .. end];
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}

public sealed class PdfPageCounterTests
{
    private readonly Reimburse.LocalReader.Pdf.PdfPageCounter _counter = new(new LocalReaderOptions());

    [Fact]
    public async Task A_pdf_s_pages_are_counted()
    {
        using var gray = Pix.FromRgb(40, 40, Enumerable.Repeat((byte)255, 40 * 40 * 3).ToArray(), 40 * 3).ToGray();
        var count = await _counter.CountAsync(ImagePdfWriter.Write(gray.EncodeJpeg(90), 40, 40, gray: true), CancellationToken.None);
        Assert.Equal(new Reimburse.LocalReader.Pdf.PdfPageCount(1, null, null), count);
    }

    [Fact]
    public async Task A_password_protected_pdf_is_not_opened()
    {
        var count = await _counter.CountAsync(ImagePdfWriter.WritePasswordProtected(), CancellationToken.None);
        Assert.Equal(ReadFailure.Encrypted, count.Failure);
        Assert.False(count.Opened);
    }

    [Fact]
    public async Task A_damaged_pdf_is_not_opened()
    {
        var count = await _counter.CountAsync(System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\ngarbage"), CancellationToken.None);
        Assert.Equal(ReadFailure.Unreadable, count.Failure);
    }
}
