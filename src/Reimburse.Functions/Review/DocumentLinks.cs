using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Reimburse.Claims;

namespace Reimburse.Functions.Review;

/// <summary>What a document link names.</summary>
public sealed record DocumentLinkTarget(string ClaimId, string DocumentId);

/// <summary>Why a document link does not work.</summary>
public enum DocumentLinkProblem
{
    /// <summary>Not a link this app made (bad shape or signature).</summary>
    Invalid,

    /// <summary>The link's time is up: open the claim again for a fresh one.</summary>
    Expired,

    /// <summary>Made for another staff member.</summary>
    OtherStaff,
}

/// <summary>
/// Short-lived, HMAC-signed links to a claim's documents for the staff member who opened the claim. The token holds
/// the claim, the document, the expiry and a hash of the member's id (never the id itself: URLs end up in logs); the
/// document endpoint still requires the member's staff sign-in, so a leaked link is useless to anyone else and
/// useless to the member after a few minutes.
/// </summary>
public sealed class DocumentLinks
{
    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;

    public DocumentLinks(IOptions<ReviewOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = options.Value.KeyBytes() ?? throw new InvalidOperationException("Review:DocumentLinkKey must be base64 of at least 32 bytes.");
        _lifetime = options.Value.DocumentLinkLifetime;
    }

    /// <summary>How long a link works.</summary>
    public TimeSpan Lifetime => _lifetime;

    /// <summary>A token for <paramref name="documentId"/> of <paramref name="claimId"/>, for <paramref name="staffId"/>, valid until now + <see cref="Lifetime"/>.</summary>
    public string Create(string claimId, string documentId, string staffId, DateTimeOffset now)
    {
        if (!ClaimIds.IsValidPart(claimId) || !ClaimIds.IsValidPart(documentId))
        {
            throw new ArgumentException("Claim and document ids are 1-64 letters, digits, '-' or '_'.");
        }
        var expires = (now + _lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes(string.Join('\n', claimId, documentId, expires, StaffHash(staffId)));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Sign(payload));
    }

    /// <summary>The target of <paramref name="token"/> when it is genuine, unexpired and made for <paramref name="staffId"/>.</summary>
    public DocumentLinkTarget? Validate(string? token, string staffId, DateTimeOffset now, out DocumentLinkProblem problem)
    {
        problem = DocumentLinkProblem.Invalid;
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0 || token.Length > 1_000)
        {
            return null;
        }
        byte[] payload;
        byte[] signature;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(Sign(payload), signature))
        {
            return null;
        }
        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 4 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }
        if (now.ToUnixTimeSeconds() >= expires)
        {
            problem = DocumentLinkProblem.Expired;
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[3]), Encoding.ASCII.GetBytes(StaffHash(staffId))))
        {
            problem = DocumentLinkProblem.OtherStaff;
            return null;
        }
        return new DocumentLinkTarget(parts[0], parts[1]);
    }

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(_key, payload);

    private string StaffHash(string staffId)
    {
        ArgumentException.ThrowIfNullOrEmpty(staffId);
        // Keyed, so that the hash says nothing about the id to someone without the key.
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("staff\n" + staffId)))[..32];
    }
}
