using System.ComponentModel.DataAnnotations;

namespace Reimburse.Functions.Intake;

/// <summary>Limits of the cardholder claim API (configuration section <c>Intake</c>).</summary>
public sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    /// <summary>Largest file accepted, in bytes (default 10 MiB: a phone photo or a statement PDF is far below).</summary>
    [Range(1024, 100L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Most files in one request.</summary>
    [Range(1, 20)]
    public int MaxFiles { get; set; } = 5;

    /// <summary>Most pages of a PDF (or frames of a TIFF).</summary>
    [Range(1, 100)]
    public int MaxPages { get; set; } = 10;

    /// <summary>Most pixels of an image (default 50 megapixels: more than any phone photo, far less than a decompression bomb).</summary>
    [Range(1_000_000, 400_000_000)]
    public long MaxImagePixels { get; set; } = 50_000_000;

    /// <summary>Largest fee a claimant may declare (a typo guard: reissue fees are around ¥1,100).</summary>
    [Range(1, 10_000_000)]
    public long MaxDeclaredFee { get; set; } = 100_000;

    /// <summary>The largest request body: every file at its limit plus the form fields.</summary>
    internal long MaxRequestBytes => (MaxFileBytes * MaxFiles) + (1024 * 1024);
}
