using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Reimburse.LocalReader.Corpus;

/// <summary>How a generated statement is delivered.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CorpusKind>))]
public enum CorpusKind
{
    /// <summary>A PDF with a text layer, as downloaded from the card company's site.</summary>
    TextPdf,

    /// <summary>A PDF holding only a scanned image of the page.</summary>
    ScannedPdf,

    /// <summary>A phone photo (JPEG): noise, blur, tilt, perspective, sometimes turned sideways.</summary>
    Photo,

    /// <summary>A flatbed scan saved as PNG or TIFF.</summary>
    Scan,

    /// <summary>A phone photo saved as HEIC.</summary>
    Heic,

    /// <summary>The card company's CSV statement, UTF-8.</summary>
    CsvUtf8,

    /// <summary>The card company's CSV statement, Shift_JIS.</summary>
    CsvShiftJis,
}

/// <summary>The ground truth of one generated document.</summary>
/// <param name="Id">Stable id (file name without extension).</param>
/// <param name="File">File name inside the corpus folder.</param>
/// <param name="Kind">Delivery kind.</param>
/// <param name="Layout">Layout name (letter, statement, notice, web, csv-…).</param>
/// <param name="Issuer">Issuer id, or null when the document does not name its issuer (some CSV statements).</param>
/// <param name="Fee">The reissue fee incl. tax; 0 when waived; null when the document has no fee line.</param>
/// <param name="Waived">The document says the fee is waived.</param>
/// <param name="Last4">Last four card digits printed, if any.</param>
/// <param name="FullCardNumber">The (synthetic, Luhn-valid) full card number printed, if the document prints one: the reader must never output it.</param>
/// <param name="SecurityCode">A security code printed, if any: the reader must never output it.</param>
/// <param name="Date">The statement date printed.</param>
/// <param name="Holder">The holder name printed, if any.</param>
/// <param name="Effects">Photo effects applied (for reading failures).</param>
public sealed record CorpusTruth(
    string Id,
    string File,
    CorpusKind Kind,
    string Layout,
    string? Issuer,
    long? Fee,
    bool Waived,
    string? Last4,
    string? FullCardNumber,
    string? SecurityCode,
    DateOnly? Date,
    string? Holder,
    string Effects);

/// <summary>A generated corpus: its folder and the truth of every document.</summary>
public sealed record CorpusManifest(string Folder, int Seed, IReadOnlyList<CorpusTruth> Documents)
{
    public const string TruthFileName = "truth.json";

    public string PathOf(CorpusTruth truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        return Path.Combine(Folder, truth.File);
    }
}

/// <summary>What to generate.</summary>
public sealed class CorpusOptions
{
    /// <summary>Where the files and truth.json go (created if missing).</summary>
    [Required]
    public string OutputFolder { get; set; } = "";

    /// <summary>Same seed, same documents and truth.</summary>
    public int Seed { get; set; } = 20240510;

    [Range(0, 10_000)]
    public int TextPdfs { get; set; } = 20;

    [Range(0, 10_000)]
    public int ScannedPdfs { get; set; } = 4;

    [Range(0, 10_000)]
    public int Photos { get; set; } = 16;

    [Range(0, 10_000)]
    public int Scans { get; set; } = 4;

    [Range(0, 10_000)]
    public int Heics { get; set; } = 2;

    [Range(0, 10_000)]
    public int Csvs { get; set; } = 20;

    /// <summary>Headless Chromium, used to lay out the Japanese statements with real fonts and print them to PDF.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>Folder of the poppler tools (pdfseparate, pdftoppm).</summary>
    public string PopplerPath { get; set; } = "/usr/bin";

    /// <summary>Time limit for one Chromium or poppler run.</summary>
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int Total => TextPdfs + ScannedPdfs + Photos + Scans + Heics + Csvs;
}
