using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Reimburse.LocalReader.Pdf;
using Reimburse.Privacy;
using Reimburse.Statements;
using Reimburse.Text;

namespace Reimburse.Functions.Intake;

/// <summary>A file as it arrived: the name the claimant gave it and its bytes.</summary>
public sealed record Upload(string? FileName, BinaryData Content);

/// <summary>A file intake accepts: its format decided by its bytes, and its SHA-256.</summary>
public sealed record InspectedUpload(string? FileName, BinaryData Content, DocumentFormat Format, string ContentType, string Sha256)
{
    public long Length => Content.ToMemory().Length;
}

/// <summary>Counts a PDF's pages (or says why it cannot be opened).</summary>
public interface IPdfPageCounter
{
    Task<PdfPageCount> CountAsync(ReadOnlyMemory<byte> pdf, CancellationToken cancellationToken);
}

/// <summary>The local reader's counter (poppler's pdfinfo).</summary>
internal sealed class PopplerPageCounter(PdfPageCounter counter) : IPdfPageCounter
{
    public Task<PdfPageCount> CountAsync(ReadOnlyMemory<byte> pdf, CancellationToken cancellationToken) => counter.CountAsync(pdf, cancellationToken);
}

/// <summary>
/// Decides whether uploaded files may be stored: how many, how large, what they are by their bytes (never by name or
/// declared type — PDF, JPEG, PNG, TIFF, HEIC, or a CSV statement as text), and how many pages or pixels (from the
/// headers, or pdfinfo, before any decoder runs). Throws <see cref="IntakeException"/> (400, 413, 415) for the first
/// file that fails.
/// </summary>
public sealed class UploadInspector(IOptions<IntakeOptions> options, IPdfPageCounter pdfPages)
{
    public async Task<IReadOnlyList<InspectedUpload>> InspectAsync(IReadOnlyList<Upload> uploads, bool required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var limits = options.Value;
        if (uploads.Count == 0 && required)
        {
            throw new IntakeException(StatusCodes.Status400BadRequest, IntakeErrors.NoFiles, new(
                "再発行手数料の明細を添付してください(PDF・写真・カード会社のCSV)。",
                "Attach the statement that shows the reissue fee (PDF, photo or the card company's CSV)."));
        }
        if (uploads.Count > limits.MaxFiles)
        {
            throw new IntakeException(StatusCodes.Status413PayloadTooLarge, IntakeErrors.TooManyFiles, new(
                $"一度に添付できるファイルは{limits.MaxFiles}つまでです。",
                $"Attach at most {limits.MaxFiles} files at a time."));
        }
        var accepted = new List<InspectedUpload>(uploads.Count);
        for (var i = 0; i < uploads.Count; i++)
        {
            accepted.Add(await InspectAsync(uploads[i], i + 1, limits, cancellationToken).ConfigureAwait(false));
        }
        return accepted;
    }

    private async Task<InspectedUpload> InspectAsync(Upload upload, int position, IntakeOptions limits, CancellationToken cancellationToken)
    {
        var bytes = upload.Content.ToMemory();
        var which = Which(upload.FileName, position);
        CheckSize(upload.FileName, bytes.Length, position, limits);
        var format = DocumentFormats.Detect(bytes.Span);
        switch (format)
        {
            case DocumentFormat.Unknown:
                throw Problem(StatusCodes.Status415UnsupportedMediaType, IntakeErrors.UnsupportedType, which,
                    "は受け付けられない形式です。PDF、写真(JPEG・PNG・HEIC・TIFF)、またはカード会社のCSV明細を添付してください。",
                    $"is {DocumentFormats.DescribeUnsupported(bytes.Span)}. Attach a PDF, a photo (JPEG, PNG, HEIC, TIFF) or the card company's CSV statement.");
            case DocumentFormat.Pdf:
                await CheckPdfAsync(bytes, which, limits, cancellationToken).ConfigureAwait(false);
                break;
            case DocumentFormat.Jpeg or DocumentFormat.Png or DocumentFormat.Tiff or DocumentFormat.Heif:
                CheckImage(bytes.Span, format, which, limits);
                break;
        }
        return new InspectedUpload(CleanName(upload.FileName), upload.Content, format, DocumentFormats.ContentType(format), Convert.ToHexStringLower(SHA256.HashData(bytes.Span)));
    }

    /// <summary>Refuses an empty file (400) or one over the size limit (413), by its declared length, before reading it.</summary>
    public static void CheckSize(string? fileName, long length, int position, IntakeOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (length == 0)
        {
            throw Problem(StatusCodes.Status400BadRequest, IntakeErrors.EmptyFile, Which(fileName, position), "は空です。", "is empty.");
        }
        if (length > limits.MaxFileBytes)
        {
            throw Problem(StatusCodes.Status413PayloadTooLarge, IntakeErrors.FileTooLarge, Which(fileName, position),
                $"が大きすぎます({Megabytes(length)} MB)。{Megabytes(limits.MaxFileBytes)} MB以下にしてください。",
                $"is too large ({Megabytes(length)} MB); the limit is {Megabytes(limits.MaxFileBytes)} MB.");
        }
    }

    private async Task CheckPdfAsync(ReadOnlyMemory<byte> bytes, LocalizedText which, IntakeOptions limits, CancellationToken cancellationToken)
    {
        var count = await pdfPages.CountAsync(bytes, cancellationToken).ConfigureAwait(false);
        switch (count.Failure)
        {
            case null:
                break;
            case ReadFailure.Encrypted:
                throw Problem(StatusCodes.Status400BadRequest, IntakeErrors.ProtectedFile, which,
                    "はパスワードで保護されています。保護を解除したPDF(印刷機能でPDFに保存したもの等)を添付してください。",
                    "is protected by a password. Attach a copy without a password (e.g. printed to PDF).");
            case ReadFailure.Unreadable or ReadFailure.Empty or ReadFailure.Unsupported or ReadFailure.TooLarge:
                throw Problem(StatusCodes.Status400BadRequest, IntakeErrors.DamagedFile, which,
                    "は壊れているか、ページがないため開けません。もう一度保存し直して添付してください。",
                    "cannot be opened (damaged or without pages). Save it again and attach the new copy.");
            default:
                // The tool is missing or hung: a server problem, not the claimant's.
                throw new InvalidOperationException("Counting the pages of an uploaded PDF failed: " + count.Failure);
        }
        if (count.Pages > limits.MaxPages)
        {
            throw Problem(StatusCodes.Status413PayloadTooLarge, IntakeErrors.TooManyPages, which,
                $"は{count.Pages}ページあります。再発行手数料が載っているページだけ({limits.MaxPages}ページ以内)を添付してください。",
                $"has {count.Pages} pages. Attach only the pages that show the reissue fee (at most {limits.MaxPages}).");
        }
    }

    private static void CheckImage(ReadOnlySpan<byte> bytes, DocumentFormat format, LocalizedText which, IntakeOptions limits)
    {
        if (ImageDimensions.Read(bytes, format) is not { } size)
        {
            throw Problem(StatusCodes.Status400BadRequest, IntakeErrors.DamagedFile, which,
                "の画像が壊れているため開けません。撮影し直して添付してください。",
                "is a damaged image. Take the photo again and attach it.");
        }
        if (size.Pixels > limits.MaxImagePixels)
        {
            throw Problem(StatusCodes.Status413PayloadTooLarge, IntakeErrors.TooManyPixels, which,
                $"の画素数が多すぎます({size.Width}×{size.Height})。{limits.MaxImagePixels / 1_000_000}メガピクセル以下にしてください。",
                $"has too many pixels ({size.Width}×{size.Height}); the limit is {limits.MaxImagePixels / 1_000_000} megapixels.");
        }
        if (size.Frames > limits.MaxPages)
        {
            throw Problem(StatusCodes.Status413PayloadTooLarge, IntakeErrors.TooManyPages, which,
                $"は{size.Frames}ページあります({limits.MaxPages}ページ以内にしてください)。",
                $"has {size.Frames} pages; the limit is {limits.MaxPages}.");
        }
    }

    private static IntakeException Problem(int status, string code, LocalizedText which, string ja, string en) =>
        new(status, code, new(which.Ja + ja, which.En + " " + en));

    private static LocalizedText Which(string? fileName, int position)
    {
        var name = CleanName(fileName);
        var ordinal = position.ToString(CultureInfo.InvariantCulture);
        return name is null
            ? new($"{ordinal}つ目のファイル", $"File {ordinal}")
            : new($"{ordinal}つ目のファイル「{name}」", $"File {ordinal} (\"{name}\")");
    }

    /// <summary>
    /// The claimant's file name without any path or control characters, card numbers masked to their last four, at most
    /// 200 characters; null when nothing is left.
    /// </summary>
    internal static string? CleanName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }
        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = CardNumbers.Redact(new string([.. name.Where(c => !char.IsControl(c))])).Trim();
        return name.Length == 0 ? null : name.Length > 200 ? name[..200] : name;
    }

    private static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture);
}
