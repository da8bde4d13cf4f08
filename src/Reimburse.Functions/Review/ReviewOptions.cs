using System.ComponentModel.DataAnnotations;

namespace Reimburse.Functions.Review;

/// <summary>Settings of the reviewers' API (section <c>Review</c>).</summary>
public sealed class ReviewOptions
{
    public const string SectionName = "Review";

    /// <summary>
    /// HMAC-SHA256 key (base64, at least 32 bytes) that signs the short-lived document links. From Key Vault in Azure;
    /// generated into <c>.data/dev-secrets.json</c> locally. The same key on every instance, or links break between them.
    /// </summary>
    [Required(ErrorMessage = "Review:DocumentLinkKey is required (base64 of at least 32 random bytes).")]
    public string? DocumentLinkKey { get; set; }

    /// <summary>How long a document link works.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan DocumentLinkLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a review lease lasts when the reviewer does not say.</summary>
    [Range(1, 480)]
    public int DefaultLeaseMinutes { get; set; } = 30;

    /// <summary>The most queue items one request returns.</summary>
    [Range(1, 1_000)]
    public int MaxQueueItems { get; set; } = 200;

    internal byte[]? KeyBytes()
    {
        if (string.IsNullOrWhiteSpace(DocumentLinkKey))
        {
            return null;
        }
        try
        {
            var bytes = Convert.FromBase64String(DocumentLinkKey);
            return bytes.Length >= 32 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
