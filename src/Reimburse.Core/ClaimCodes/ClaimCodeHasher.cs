using System.Security.Cryptography;
using System.Text;

namespace Reimburse.ClaimCodes;

/// <summary>
/// Turns a claim code into the only form that is ever stored: HMAC-SHA256 under a secret key, as lowercase hex.
/// Without the key a stolen table does not let anyone test guesses offline.
/// </summary>
public sealed class ClaimCodeHasher
{
    /// <summary>Shortest key accepted: the HMAC's own block security.</summary>
    public const int MinKeyBytes = 32;

    private readonly byte[] _key;

    public ClaimCodeHasher(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The claim-code HMAC key must be at least {MinKeyBytes} bytes.", nameof(key));
        }
        _key = key.ToArray();
    }

    /// <summary>A hasher for a base64 key (configuration <c>ClaimCodes:HmacKey</c>).</summary>
    public static ClaimCodeHasher FromBase64(string base64Key)
    {
        ArgumentNullException.ThrowIfNull(base64Key);
        return new ClaimCodeHasher(Convert.FromBase64String(base64Key));
    }

    /// <summary>The HMAC of a code in canonical form (see <see cref="ClaimCode.TryNormalize"/>): 64 hex digits.</summary>
    public string Hash(string canonicalCode)
    {
        ArgumentNullException.ThrowIfNull(canonicalCode);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(canonicalCode), mac);
        return Convert.ToHexStringLower(mac);
    }
}
