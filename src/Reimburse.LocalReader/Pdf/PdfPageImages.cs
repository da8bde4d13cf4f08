using Reimburse.LocalReader.Tools;
using Reimburse.Statements;

namespace Reimburse.LocalReader.Pdf;

/// <summary>One page of a PDF as a PNG, with the document's page count; or why the PDF cannot be shown.</summary>
/// <param name="Png">The page image; null when the PDF could not be opened or rendered.</param>
/// <param name="Page">The page rendered (the requested one, moved into 1..<paramref name="Pages"/>).</param>
/// <param name="Pages">Pages in the document; 0 when it could not be opened.</param>
/// <param name="Failure">Why there is no image, as the reader names it.</param>
public sealed record PdfPageImage(byte[]? Png, int Page, int Pages, ReadFailure? Failure);

/// <summary>
/// Renders PDF pages for people to look at (the reviewer's document viewer) with poppler's <c>pdftoppm</c>, run as
/// the reader runs it: directly, with a time limit, in a private folder that is deleted afterwards. The browser never
/// gets the PDF itself to render: a statement is untrusted input, a PNG of it is not.
/// </summary>
public sealed class PdfPageImages(LocalReaderOptions options)
{
    /// <summary>Sharp enough to read small print at 100 % zoom, small enough to send (an A4 page is ~1,100 px wide).</summary>
    public const int Dpi = 130;

    private readonly PopplerPdf _pdf = new(options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>Renders <paramref name="page"/> (clamped to the document's pages) as a gray PNG.</summary>
    public async Task<PdfPageImage> RenderAsync(ReadOnlyMemory<byte> pdf, int page, CancellationToken cancellationToken)
    {
        using var folder = PrivateTempFolder.Create(options.TempPath, "view");
        var path = folder.File("document.pdf");
        await File.WriteAllBytesAsync(path, pdf, cancellationToken).ConfigureAwait(false);
        var pages = 0;
        try
        {
            pages = await _pdf.PageCountAsync(path, folder, cancellationToken).ConfigureAwait(false);
            var shown = Math.Clamp(page, 1, pages);
            var png = await _pdf.RenderPageAsync(path, shown, Dpi, folder, cancellationToken).ConfigureAwait(false);
            return new PdfPageImage(png, shown, pages, null);
        }
        catch (StatementReadException ex)
        {
            return new PdfPageImage(null, 0, pages, ex.Failure);
        }
    }
}
