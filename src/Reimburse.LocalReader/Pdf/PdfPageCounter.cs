using Reimburse.LocalReader.Tools;
using Reimburse.Statements;

namespace Reimburse.LocalReader.Pdf;

/// <summary>What <see cref="PdfPageCounter"/> found: the page count, or why the PDF cannot be opened.</summary>
/// <param name="Pages">Pages in the document; 0 when it could not be opened.</param>
/// <param name="Failure">Encrypted, Unreadable (damaged), Empty (no pages), ServiceFailed (poppler missing) or TimedOut.</param>
/// <param name="Message">What is wrong, for the uploader.</param>
public sealed record PdfPageCount(int Pages, ReadFailure? Failure, string? Message)
{
    public bool Opened => Failure is null;
}

/// <summary>
/// Counts a PDF's pages with poppler's <c>pdfinfo</c> (the reader's own tool, run directly with a time limit in a
/// private folder): intake refuses long, protected or damaged PDFs before storing them.
/// </summary>
public sealed class PdfPageCounter(LocalReaderOptions options)
{
    private readonly PopplerPdf _pdf = new(options ?? throw new ArgumentNullException(nameof(options)));

    public async Task<PdfPageCount> CountAsync(ReadOnlyMemory<byte> pdf, CancellationToken cancellationToken)
    {
        using var folder = PrivateTempFolder.Create(options.TempPath, "pages");
        var path = folder.File("upload.pdf");
        await File.WriteAllBytesAsync(path, pdf, cancellationToken).ConfigureAwait(false);
        try
        {
            return new PdfPageCount(await _pdf.PageCountAsync(path, folder, cancellationToken).ConfigureAwait(false), null, null);
        }
        catch (StatementReadException ex)
        {
            return new PdfPageCount(0, ex.Failure, ex.Message);
        }
    }
}
