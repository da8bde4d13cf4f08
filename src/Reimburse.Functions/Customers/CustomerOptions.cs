using System.ComponentModel.DataAnnotations;
using Reimburse.ClaimCodes;

namespace Reimburse.Functions.Customers;

/// <summary>The claim-code HMAC key (configuration <c>ClaimCodes</c>; in Azure a Key Vault reference).</summary>
public sealed class ClaimCodeOptions
{
    public const string SectionName = "ClaimCodes";

    /// <summary>Base64 of at least 32 random bytes. Changing it invalidates every issued code.</summary>
    [Required]
    public string? HmacKey { get; set; }

    internal bool HasValidKey()
    {
        try
        {
            return HmacKey is not null && Convert.FromBase64String(HmacKey).Length >= ClaimCodeHasher.MinKeyBytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>How affected-customer files are imported (configuration <c>CustomerImport</c>).</summary>
public sealed class CustomerImportOptions
{
    public const string SectionName = "CustomerImport";

    /// <summary>Buckets (Table partitions) written at the same time.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    /// <summary>Largest file accepted over HTTP, in MiB.</summary>
    [Range(1, 4096)]
    public int MaxUploadMegabytes { get; set; } = 512;

    /// <summary>Where the import stages rows by bucket (default: the system temp folder). Holds personal data briefly; deleted after each run.</summary>
    public string? TempFolder { get; set; }
}

/// <summary>Limits of the public eligibility check (configuration <c>Eligibility</c>).</summary>
public sealed class EligibilityOptions
{
    public const string SectionName = "Eligibility";

    /// <summary>Checks one client address may make per minute (generous: Japanese mobile carriers put many people behind one address).</summary>
    [Range(1, 10_000)]
    public int PermitsPerClientPerMinute { get; set; } = 30;

    /// <summary>Checks of one code (known or not) allowed per <see cref="CodeWindowMinutes"/>.</summary>
    [Range(1, 1_000)]
    public int AttemptsPerCode { get; set; } = 5;

    /// <summary>The window of <see cref="AttemptsPerCode"/>.</summary>
    [Range(1, 24 * 60)]
    public int CodeWindowMinutes { get; set; } = 15;

    /// <summary>Every answer takes at least this long, so that timing does not tell an unknown code from a wrong postal code.</summary>
    [Range(0, 5_000)]
    public int MinimumResponseMilliseconds { get; set; } = 300;
}
