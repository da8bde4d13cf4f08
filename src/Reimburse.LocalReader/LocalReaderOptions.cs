using System.ComponentModel.DataAnnotations;

namespace Reimburse.LocalReader;

/// <summary>Settings of the embedded statement reader (configuration section <see cref="SectionName"/>).</summary>
public sealed class LocalReaderOptions
{
    public const string SectionName = "LocalReader";

    /// <summary>Folder holding jpn.traineddata and osd.traineddata (Debian: tesseract-ocr-jpn, tesseract-ocr-osd).</summary>
    [Required]
    public string TessdataPath { get; set; } = "/usr/share/tesseract-ocr/5/tessdata";

    /// <summary>Tesseract language(s) for recognition.</summary>
    [Required]
    public string Language { get; set; } = "jpn";

    /// <summary>Most Tesseract engines alive at once (each holds the language model, ~100 MB for jpn).</summary>
    [Range(1, 64)]
    public int EnginePoolSize { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Folder of the poppler tools (pdfinfo, pdftotext, pdftoppm).</summary>
    [Required]
    public string PopplerPath { get; set; } = "/usr/bin";

    /// <summary>Largest document accepted, in bytes.</summary>
    [Range(1, 200L * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most PDF pages read (a fee statement is a page or two; the rest is ignored with a warning).</summary>
    [Range(1, 100)]
    public int MaxPages { get; set; } = 5;

    /// <summary>Time limit for one poppler tool run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Resolution scanned PDF pages are rasterised at for OCR.</summary>
    [Range(100, 600)]
    public int RasterDpi { get; set; } = 200;

    /// <summary>Images larger than this (pixels on the longest side) are scaled down before OCR.</summary>
    [Range(1000, 20000)]
    public int MaxImageSide { get; set; } = 3600;

    /// <summary>Most pixels an image may have (decompression-bomb guard).</summary>
    [Range(1_000_000, 400_000_000)]
    public long MaxImagePixels { get; set; } = 100_000_000;

    /// <summary>Tesseract OSD confidence needed to turn a page.</summary>
    [Range(0.0, 100.0)]
    public double OrientationMinConfidence { get; set; } = 1.5;

    /// <summary>Mean OCR confidence (0–1) below which a warning says the text was hard to read.</summary>
    [Range(0.0, 1.0)]
    public double LowOcrConfidence { get; set; } = 0.6;

    /// <summary>Read lines with amounts a second time, enlarged, and compare (catches 0/6-type confusions).</summary>
    public bool VerifyAmounts { get; set; } = true;

    /// <summary>Most rows read from a CSV statement.</summary>
    [Range(1, 1_000_000)]
    public int MaxCsvRows { get; set; } = 20_000;

    /// <summary>Where private scratch folders are made (default: the system temp folder).</summary>
    public string? TempPath { get; set; }
}
