using System.ComponentModel.DataAnnotations;
using Reimburse.ClaimCodes;
using Reimburse.Incidents;
using Reimburse.Money;

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

/// <summary>
/// The deployment's defaults for incident policies (configuration <c>Incidents:Defaults</c>): what a policy field takes
/// when an operator's incident definition omits it. Unset fields keep <see cref="IncidentPolicy.Default"/>.
/// </summary>
public sealed class IncidentDefaultsOptions
{
    public const string SectionName = "Incidents:Defaults";

    /// <summary>Highest fee refunded when the issuer has no cap of its own, in yen.</summary>
    [Range(1, 100_000)]
    public int? DefaultFeeCapYen { get; set; }

    /// <summary>Approvals above this amount, in yen, need a second senior reviewer.</summary>
    [Range(0, 100_000)]
    public int? FourEyesThresholdYen { get; set; }

    /// <summary>Hours an escalated claim waits before reviewers are reminded.</summary>
    [Range(1, 24 * 30)]
    public int? ReviewSlaHours { get; set; }

    /// <summary>Days a claimant has to answer a request for information.</summary>
    [Range(1, 90)]
    public int? InformationRequestDays { get; set; }

    /// <summary>Days after payment or rejection before documents and bank details are purged.</summary>
    [Range(1, 3650)]
    public int? RetentionDays { get; set; }

    /// <summary>The policy omitted fields take.</summary>
    public IncidentPolicy ToPolicy()
    {
        var d = IncidentPolicy.Default;
        return d with
        {
            DefaultFeeCap = DefaultFeeCapYen is { } cap ? new Yen(cap) : d.DefaultFeeCap,
            FourEyesThreshold = FourEyesThresholdYen is { } threshold ? new Yen(threshold) : d.FourEyesThreshold,
            ReviewSlaHours = ReviewSlaHours ?? d.ReviewSlaHours,
            InformationRequestDays = InformationRequestDays ?? d.InformationRequestDays,
            RetentionDays = RetentionDays ?? d.RetentionDays,
        };
    }
}
