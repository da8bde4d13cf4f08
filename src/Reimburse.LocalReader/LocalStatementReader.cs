using System.Globalization;
using Reimburse.LocalReader.Csv;
using Reimburse.LocalReader.Images;
using Reimburse.LocalReader.Ocr;
using Reimburse.LocalReader.Pdf;
using Reimburse.LocalReader.Tools;
using Reimburse.Statements;

namespace Reimburse.LocalReader;

/// <summary>
/// The embedded statement reader: text PDFs through poppler, scanned PDFs and photos (JPEG, PNG, TIFF, HEIC) through
/// Tesseract (jpn) with a pool of reusable engines, and card companies' CSV statements. Needs no cloud service.
/// </summary>
/// <remarks>
/// Thread-safe; create one per process and dispose it on shutdown (it owns the Tesseract engines). The format is
/// decided by the file's bytes, not its name or declared content type. Every text leaves through
/// <see cref="StatementAnalyzer"/>, which masks card numbers and security codes.
/// </remarks>
public sealed class LocalStatementReader : IStatementReader, IDisposable
{
    /// <summary>The reader's name in <see cref="FeeStatementFacts.Reader"/>.</summary>
    public const string ReaderName = "local";

    // A page with fewer visible characters than this in its text layer is treated as scanned.
    private const int MinTextLayerChars = 20;

    private readonly LocalReaderOptions _options;
    private readonly IOcrEngineSource _engines;
    private readonly PopplerPdf _pdf;
    private readonly ImageOcr _ocr;

    /// <summary>A reader with a pool of <see cref="LocalReaderOptions.EnginePoolSize"/> reusable OCR engines.</summary>
    public LocalStatementReader(LocalReaderOptions options)
        : this(options, poolEngines: true)
    {
    }

    /// <summary>A reader that pools its OCR engines, or (for comparison) creates one per document.</summary>
    public LocalStatementReader(LocalReaderOptions options, bool poolEngines)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Func<OcrEngines> create = () => new OcrEngines(
            TesseractEngine.Create(options.TessdataPath, options.Language),
            () => TesseractEngine.Create(options.TessdataPath, "osd"));
        _engines = poolEngines ? new OcrEnginePool(options.EnginePoolSize, create) : new PerDocumentEngines(create);
        _pdf = new PopplerPdf(options);
        _ocr = new ImageOcr(options);
    }

    public string Name => ReaderName;

    /// <summary>OCR engines created so far (for tests of the pool).</summary>
    internal int EnginesCreated => (_engines as OcrEnginePool)?.Created ?? -1;

    public async Task<StatementReadResult> ReadAsync(StatementInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var content = input.Content;
        if (content.IsEmpty)
        {
            return StatementReadResult.Failed(ReadFailure.Empty, "The file is empty.");
        }
        if (content.Length > _options.MaxDocumentBytes)
        {
            return StatementReadResult.Failed(
                ReadFailure.TooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The file is {content.Length / 1024.0 / 1024.0:F1} MB; the limit is {_options.MaxDocumentBytes / 1024.0 / 1024.0:F0} MB."));
        }
        var format = DocumentFormats.Detect(content.Span);
        try
        {
            var (text, warnings) = format switch
            {
                DocumentFormat.Pdf => await ReadPdfAsync(content, cancellationToken),
                DocumentFormat.Jpeg or DocumentFormat.Png or DocumentFormat.Tiff => await ReadImageAsync(content, format, cancellationToken),
                DocumentFormat.Heif => await ReadHeifAsync(content, cancellationToken),
                DocumentFormat.Csv => ReadCsv(content),
                _ => throw new StatementReadException(
                    ReadFailure.Unsupported,
                    "The file is " + DocumentFormats.DescribeUnsupported(content.Span) + ". Upload a PDF, a photo (JPEG, PNG, TIFF, HEIC) or the card company's CSV statement."),
            };
            if (text.Lines.Sum(l => l.Text.Count(c => !char.IsWhiteSpace(c))) < 4)
            {
                return StatementReadResult.Failed(ReadFailure.Empty, "No text could be found in the document. If it is a photo, take it again in good light with the whole page in view.");
            }
            return StatementReadResult.Success(StatementAnalyzer.Analyze(text, ReaderName, warnings));
        }
        catch (StatementReadException ex)
        {
            return StatementReadResult.Failed(ex.Failure, ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return StatementReadResult.Failed(ReadFailure.Unreadable, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // A native step failed (Tesseract could not load its language data, Leptonica ran out of memory): the
            // reader is broken, not the document.
            return StatementReadResult.Failed(ReadFailure.ServiceFailed, "The local reader failed: " + ex.Message);
        }
        catch (DllNotFoundException ex)
        {
            return StatementReadResult.Failed(ReadFailure.ServiceFailed, "The local reader is not installed completely (tesseract-ocr, liblept5, libheif1): " + ex.Message);
        }
    }

    public void Dispose() => _engines.Dispose();

    private async Task<(StatementText, List<string>)> ReadPdfAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var folder = PrivateTempFolder.Create(_options.TempPath, "pdf");
        var path = folder.File("statement.pdf");
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        var pageCount = await _pdf.PageCountAsync(path, folder, cancellationToken);
        var warnings = new List<string>();
        var pages = Math.Min(pageCount, _options.MaxPages);
        if (pageCount > pages)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Only the first {pages} of {pageCount} pages were read."));
        }
        var texts = await _pdf.TextAsync(path, pages, folder, cancellationToken);
        var lines = new List<StatementLine>();
        var origin = TextOrigin.DigitalText;
        var scanned = 0;
        for (var page = 1; page <= pages; page++)
        {
            var pageText = page <= texts.Count ? texts[page - 1] : string.Empty;
            if (pageText.Count(c => !char.IsWhiteSpace(c)) >= MinTextLayerChars)
            {
                lines.AddRange(StatementText.FromPlainText(pageText, TextOrigin.DigitalText).Lines.Where(l => l.Text.Length > 0));
                continue;
            }
            // No text layer: a scan. Render the page and read it by OCR.
            scanned++;
            origin = TextOrigin.Ocr;
            var png = await _pdf.RenderPageAsync(path, page, _options.RasterDpi, folder, cancellationToken);
            using var pix = Pix.Decode(png) ?? throw new InvalidDataException("A rendered PDF page could not be decoded.");
            var result = await OcrAsync(pix, _options.RasterDpi, detectOrientation: true, cancellationToken);
            lines.AddRange(result.Lines.Select(l => l.ToStatementLine()));
            warnings.AddRange(result.Warnings);
        }
        if (scanned > 0)
        {
            warnings.Add(scanned == pages ? "The PDF is a scan; its text was read by OCR." : string.Create(CultureInfo.InvariantCulture, $"{scanned} of {pages} pages are scans read by OCR."));
        }
        return (new StatementText(lines, origin), warnings);
    }

    private async Task<(StatementText, List<string>)> ReadImageAsync(ReadOnlyMemory<byte> content, DocumentFormat format, CancellationToken cancellationToken)
    {
        var size = Pix.ReadSize(content.Span) ?? throw new InvalidDataException($"The {format.ToString().ToUpperInvariant()} image is damaged and cannot be decoded.");
        CheckPixels(size.Width, size.Height);
        using var decoded = Pix.Decode(content.Span) ?? throw new InvalidDataException($"The {format.ToString().ToUpperInvariant()} image is damaged and cannot be decoded.");
        var resolution = decoded.Resolution;
        var dpi = resolution is >= 100 and <= 1200 ? resolution : (int?)null;
        var turns = format == DocumentFormat.Jpeg ? ExifOrientation.QuarterTurns(content.Span) : 0;
        if (turns == 0)
        {
            return await ReadPixAsync(decoded, dpi, cancellationToken);
        }
        // A phone photo stored sideways with an EXIF orientation: turn it as a viewer would.
        using var upright = decoded.RotateQuarterTurns(turns);
        return await ReadPixAsync(upright, dpi, cancellationToken);
    }

    private async Task<(StatementText, List<string>)> ReadHeifAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!Heif.IsAvailable)
        {
            throw new StatementReadException(ReadFailure.Unsupported, "HEIC photos cannot be read on this server (libheif is not installed). Upload the photo as JPEG or PNG.");
        }
        using var pix = Heif.Decode(content.Span);
        CheckPixels(pix.Width, pix.Height);
        return await ReadPixAsync(pix, null, cancellationToken);
    }

    private async Task<(StatementText, List<string>)> ReadPixAsync(Pix pix, int? resolution, CancellationToken cancellationToken)
    {
        var result = await OcrAsync(pix, resolution, detectOrientation: true, cancellationToken);
        return (new StatementText(result.Lines.Select(l => l.ToStatementLine()).ToList(), TextOrigin.Ocr), result.Warnings.ToList());
    }

    private async Task<OcrResult> OcrAsync(Pix pix, int? resolution, bool detectOrientation, CancellationToken cancellationToken)
    {
        using var lease = await _engines.RentAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return _ocr.Read(pix, resolution, detectOrientation, lease);
    }

    private (StatementText, List<string>) ReadCsv(ReadOnlyMemory<byte> content)
    {
        var text = CsvStatement.Decode(content.Span, out _);
        var lines = CsvStatement.ToLines(text, _options.MaxCsvRows, out var truncated);
        var warnings = new List<string>();
        if (truncated)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Only the first {_options.MaxCsvRows} rows of the CSV were read."));
        }
        return (new StatementText(lines, TextOrigin.Structured), warnings);
    }

    private void CheckPixels(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException("The image has no pixels.");
        }
        if ((long)width * height > _options.MaxImagePixels)
        {
            throw new StatementReadException(ReadFailure.TooLarge, string.Create(CultureInfo.InvariantCulture, $"The image is {width}×{height} pixels; the limit is {_options.MaxImagePixels / 1_000_000} megapixels."));
        }
    }
}
