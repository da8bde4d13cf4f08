using System.ComponentModel.DataAnnotations;

namespace Reimburse.Functions.Security;

/// <summary>
/// How staff bearer tokens are validated. In development the key is generated under `.data/` by `reimburse up`
/// and tokens are minted by `reimburse token`; in Azure the key comes from Key Vault.
/// </summary>
public sealed class StaffTokenOptions
{
    public const string SectionName = "StaffTokens";

    /// <summary>Expected `iss` claim.</summary>
    [Required]
    public string Issuer { get; set; } = "reimburse-dev";

    /// <summary>Expected `aud` claim.</summary>
    [Required]
    public string Audience { get; set; } = "reimburse-staff";

    /// <summary>HMAC-SHA256 signing key, base64, at least 32 bytes. Empty disables staff sign-in.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Allowed clock skew when checking `exp` and `nbf`.</summary>
    [Range(0, 600)]
    public int ClockSkewSeconds { get; set; } = 60;

    internal byte[]? KeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }
        var bytes = Convert.FromBase64String(SigningKey);
        return bytes.Length >= 32 ? bytes : throw new InvalidOperationException("StaffTokens:SigningKey must be at least 32 bytes (base64).");
    }
}
