using System.ComponentModel.DataAnnotations;

namespace Reimburse.Functions.Cardholders;

/// <summary>Cardholder sessions (configuration section <c>Cardholders</c>; the key from Key Vault in Azure).</summary>
public sealed class CardholderSessionOptions
{
    public const string SectionName = "Cardholders";

    /// <summary>Smallest accepted signing key.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Base64 of at least 32 random bytes: signs session tokens and derives the anti-forgery tokens. Changing it ends every session.</summary>
    [Required]
    public string? SessionKey { get; set; }

    /// <summary>A session ends after this long without a request (each request that finds it half used extends it).</summary>
    [Range(1, 24 * 60)]
    public int SlidingMinutes { get; set; } = 30;

    /// <summary>A session ends this long after sign-in, however active.</summary>
    [Range(1, 7 * 24 * 60)]
    public int AbsoluteMinutes { get; set; } = 120;

    /// <summary>The session cookie's name.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string CookieName { get; set; } = "reimburse_session";

    /// <summary>
    /// Mark the cookie Secure. Null: when the request came over HTTPS or the app runs under the Functions host (which
    /// terminates TLS and forwards plain HTTP on loopback).
    /// </summary>
    public bool? SecureCookie { get; set; }

    internal byte[]? KeyBytes()
    {
        try
        {
            var bytes = SessionKey is null ? null : Convert.FromBase64String(SessionKey);
            return bytes is { Length: >= MinKeyBytes } ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
