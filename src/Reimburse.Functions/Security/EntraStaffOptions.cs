using System.ComponentModel.DataAnnotations;

namespace Reimburse.Functions.Security;

/// <summary>
/// Staff sign-in with Microsoft Entra ID in Azure (section <c>StaffTokens:Entra</c>): access tokens (RS256) issued by
/// the tenant for the app registration, whose app roles (reviewer, senior-reviewer, finance, operator) are the staff
/// roles. Unset <see cref="TenantId"/> or <see cref="ClientId"/>: Entra sign-in is off.
/// </summary>
/// <remarks>See docs/decisions/0004-staff-sign-in-with-entra-tokens.md and the README's "Deploy to Azure".</remarks>
public sealed class EntraStaffOptions : IValidatableObject
{
    public const string SectionName = "StaffTokens:Entra";

    /// <summary>The directory (tenant) id the tokens must come from.</summary>
    public string? TenantId { get; set; }

    /// <summary>The app registration's application (client) id: the audience of v2 tokens.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's Application ID URI (e.g. <c>api://reimburse</c>): the audience of v1 tokens.</summary>
    public string? ApplicationIdUri { get; set; }

    /// <summary>The Entra authority host (another one for national clouds).</summary>
    public Uri Instance { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>How long fetched signing keys are used before they are fetched again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan KeysRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>True when tokens can be checked (tenant and client id are set).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(TenantId) && !Guid.TryParse(TenantId, out _))
        {
            yield return new ValidationResult("StaffTokens:Entra:TenantId must be the directory (tenant) id, a GUID.", [nameof(TenantId)]);
        }
        if (!string.IsNullOrWhiteSpace(TenantId) != !string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("StaffTokens:Entra needs both TenantId and ClientId (or neither, to turn Entra sign-in off).", [nameof(TenantId), nameof(ClientId)]);
        }
        // Signing keys must not come over a channel an attacker could tamper with.
        if (!Instance.IsAbsoluteUri || (Instance.Scheme != Uri.UriSchemeHttps && !Instance.IsLoopback))
        {
            yield return new ValidationResult("StaffTokens:Entra:Instance must be an absolute https URL.", [nameof(Instance)]);
        }
    }
}
