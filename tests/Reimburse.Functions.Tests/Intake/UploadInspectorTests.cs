using System.Text;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Intake;
using Reimburse.LocalReader;
using Reimburse.LocalReader.Pdf;
using Reimburse.Statements;

namespace Reimburse.Functions.Tests.Intake;

public sealed class UploadInspectorTests
{
    private readonly FakePages _pages = new();

    private UploadInspector Inspector(IntakeOptions? options = null, IPdfPageCounter? pages = null) =>
        new(Options.Create(options ?? new IntakeOptions()), pages ?? _pages);

    private static Upload File(string name, byte[] bytes) => new(name, BinaryData.FromBytes(bytes));

    private static async Task<IntakeException> RefusedAsync(Task task, int status, string code)
    {
        var ex = await Assert.ThrowsAsync<IntakeException>(() => task);
        Assert.Equal(status, ex.Status);
        Assert.Equal(code, ex.Code);
        Assert.False(string.IsNullOrWhiteSpace(ex.Text.Ja));
        Assert.False(string.IsNullOrWhiteSpace(ex.Text.En));
        return ex;
    }

    [Fact]
    public async Task The_type_comes_from_the_bytes_not_the_name()
    {
        var png = Claimant.PngHeader(1200, 1600);
        var accepted = Assert.Single(await Inspector().InspectAsync([File("statement.pdf", png)], required: true, CancellationToken.None));

        Assert.Equal(DocumentFormat.Png, accepted.Format);
        Assert.Equal("image/png", accepted.ContentType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)), accepted.Sha256);

        var ex = await RefusedAsync(Inspector().InspectAsync([File("statement.pdf", [.. "PK\u0003\u0004"u8, 1, 2, 3])], true, CancellationToken.None), 415, IntakeErrors.UnsupportedType);
        Assert.Contains("ZIP", ex.Text.En, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><script>alert(1)</script></html>")]
    [InlineData("MZ\u0090\u0000\u0003 an executable")]
    [InlineData("GIF89a")]
    public async Task Anything_but_a_statement_format_is_unsupported(string content)
    {
        await RefusedAsync(Inspector().InspectAsync([File("a.jpg", Encoding.Latin1.GetBytes(content))], true, CancellationToken.None), 415, IntakeErrors.UnsupportedType);
    }

    [Fact]
    public async Task A_card_company_csv_is_accepted_as_text()
    {
        var csv = Claimant.CsvStatement("x").Content;
        var accepted = Assert.Single(await Inspector().InspectAsync([File("a.csv", csv)], true, CancellationToken.None));
        Assert.Equal("text/csv", accepted.ContentType);
    }

    [Fact]
    public async Task Files_over_the_size_limit_none_at_all_or_too_many_are_refused()
    {
        var options = new IntakeOptions { MaxFileBytes = 2048, MaxFiles = 2 };
        await RefusedAsync(Inspector(options).InspectAsync([File("big.png", [.. Claimant.PngHeader(10, 10), .. new byte[3000]])], true, CancellationToken.None), 413, IntakeErrors.FileTooLarge);
        await RefusedAsync(Inspector(options).InspectAsync([], true, CancellationToken.None), 400, IntakeErrors.NoFiles);
        var three = Enumerable.Range(0, 3).Select(i => File(i + ".png", Claimant.PngHeader(10, 10))).ToList();
        await RefusedAsync(Inspector(options).InspectAsync(three, true, CancellationToken.None), 413, IntakeErrors.TooManyFiles);
        await RefusedAsync(Inspector(options).InspectAsync([File("empty.pdf", [])], true, CancellationToken.None), 400, IntakeErrors.EmptyFile);
        Assert.Empty(await Inspector(options).InspectAsync([], required: false, CancellationToken.None));
    }

    [Fact]
    public async Task An_image_with_too_many_pixels_is_refused_from_its_header()
    {
        var ex = await RefusedAsync(Inspector().InspectAsync([File("bomb.png", Claimant.PngHeader(20_000, 20_000))], true, CancellationToken.None), 413, IntakeErrors.TooManyPixels);
        Assert.Contains("20000×20000", ex.Text.En, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_image_is_refused()
    {
        await RefusedAsync(Inspector().InspectAsync([File("photo.jpg", [0xFF, 0xD8, 0xFF, 0xDA, 0, 2])], true, CancellationToken.None), 400, IntakeErrors.DamagedFile);
    }

    [Fact]
    public async Task Pdfs_are_refused_when_protected_damaged_or_too_long()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 ...");
        _pages.Next = new PdfPageCount(0, ReadFailure.Encrypted, "password");
        await RefusedAsync(Inspector().InspectAsync([File("a.pdf", pdf)], true, CancellationToken.None), 400, IntakeErrors.ProtectedFile);
        _pages.Next = new PdfPageCount(0, ReadFailure.Unreadable, "damaged");
        await RefusedAsync(Inspector().InspectAsync([File("a.pdf", pdf)], true, CancellationToken.None), 400, IntakeErrors.DamagedFile);
        _pages.Next = new PdfPageCount(11, null, null);
        await RefusedAsync(Inspector().InspectAsync([File("a.pdf", pdf)], true, CancellationToken.None), 413, IntakeErrors.TooManyPages);
        _pages.Next = new PdfPageCount(2, null, null);
        Assert.Equal("application/pdf", Assert.Single(await Inspector().InspectAsync([File("a.pdf", pdf)], true, CancellationToken.None)).ContentType);
    }

    [Fact]
    public async Task Pages_are_counted_by_pdfinfo()
    {
        var real = new PopplerPageCounter(new PdfPageCounter(new LocalReaderOptions()));
        Assert.Single(await Inspector(pages: real).InspectAsync([File("two.pdf", Claimant.EmptyPagesPdf(2))], true, CancellationToken.None));
        await RefusedAsync(Inspector(pages: real).InspectAsync([File("long.pdf", Claimant.EmptyPagesPdf(11))], true, CancellationToken.None), 413, IntakeErrors.TooManyPages);
    }

    [Theory]
    [InlineData(@"C:\Users\taro\Desktop\明細.pdf", "明細.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("  \u0000 ", null)]
    public void File_names_lose_paths_and_control_characters(string given, string? kept)
    {
        Assert.Equal(kept, UploadInspector.CleanName(given));
    }

    [Fact]
    public void A_card_number_in_a_file_name_is_masked_to_its_last_four()
    {
        var cleaned = UploadInspector.CleanName("カード4111111111111111の明細.pdf")!;
        Assert.DoesNotContain("411111111111", cleaned, StringComparison.Ordinal);
        Assert.Contains("1111", cleaned, StringComparison.Ordinal);
        Assert.EndsWith("の明細.pdf", cleaned, StringComparison.Ordinal);
    }

    private sealed class FakePages : IPdfPageCounter
    {
        public PdfPageCount Next { get; set; } = new(1, null, null);

        public Task<PdfPageCount> CountAsync(ReadOnlyMemory<byte> pdf, CancellationToken cancellationToken) => Task.FromResult(Next);
    }
}
