using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Cardholders;

/// <summary>A cardholder's session: whose claims it may see. It never holds the claim code.</summary>
/// <param name="SessionId">Random id (signed out by id).</param>
/// <param name="IncidentId">The incident the code belongs to.</param>
/// <param name="CustomerId">The customer the code belongs to.</param>
/// <param name="IssuedAt">When this token was issued (the sign-in, or the last extension).</param>
/// <param name="ExpiresAt">When it lapses without activity.</param>
/// <param name="AbsoluteExpiresAt">When it ends however active (sign-in + the absolute lifetime).</param>
public sealed record CardholderSession(
    string SessionId,
    string IncidentId,
    string CustomerId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset AbsoluteExpiresAt);

/// <summary>
/// Issues, validates, extends and revokes cardholder session tokens, and derives their anti-forgery tokens.
/// </summary>
/// <remarks>
/// A token is <c>rcs1.{payload}.{HMAC-SHA256}</c> (base64url): a prefix no staff token has, so each authentication
/// scheme recognises its own tokens and ignores the other's. The payload holds the session id, incident, customer and
/// times, nothing else. Signing and anti-forgery use keys derived from <see cref="CardholderSessionOptions.SessionKey"/>
/// for their purpose. Sign-out records the session id in the <c>CardholderSessions</c> table until the session would
/// have ended; every request checks it, so a signed-out token is dead on every instance.
/// </remarks>
public sealed class CardholderSessions
{
    /// <summary>The table of signed-out sessions.</summary>
    public const string RevocationsTable = "CardholderSessions";

    /// <summary>Every cardholder token starts with this.</summary>
    public const string TokenPrefix = "rcs1.";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly byte[] _signingKey;
    private readonly byte[] _csrfKey;
    private readonly TimeSpan _sliding;
    private readonly TimeSpan _absolute;
    private readonly TimeProvider _time;
    private readonly TableClient _revocations;

    public CardholderSessions(IOptions<CardholderSessionOptions> options, StorageAccount storage, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        Options = options.Value;
        var key = Options.KeyBytes() ?? throw new InvalidOperationException($"Cardholders:SessionKey must be base64 of at least {CardholderSessionOptions.MinKeyBytes} bytes.");
        _signingKey = HMACSHA256.HashData(key, "reimburse/cardholder-session/sign"u8);
        _csrfKey = HMACSHA256.HashData(key, "reimburse/cardholder-session/csrf"u8);
        _sliding = TimeSpan.FromMinutes(Options.SlidingMinutes);
        _absolute = TimeSpan.FromMinutes(Math.Max(Options.AbsoluteMinutes, Options.SlidingMinutes));
        _time = time;
        _revocations = storage.GetTableClient(RevocationsTable);
    }

    public CardholderSessionOptions Options { get; }

    /// <summary>A new session for the holder of a verified claim code.</summary>
    public (CardholderSession Session, string Token) Open(string incidentId, string customerId)
    {
        var now = _time.GetUtcNow();
        var session = new CardholderSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), incidentId, customerId, now, now + _sliding, now + _absolute);
        return (session, Sign(session));
    }

    /// <summary>The session a token carries, or null when it is malformed, forged or over (revocation is checked separately).</summary>
    public CardholderSession? Validate(string? token)
    {
        if (token is null || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        Payload? payload;
        try
        {
            var signature = FromBase64Url(parts[2]);
            var expected = HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, signature))
            {
                return null;
            }
            payload = JsonSerializer.Deserialize<Payload>(FromBase64Url(parts[1]), Json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
        if (payload is not { Sid: { Length: > 0 } sid, Inc: { Length: > 0 } inc, Cus: { Length: > 0 } cus })
        {
            return null;
        }
        var session = new CardholderSession(sid, inc, cus,
            DateTimeOffset.FromUnixTimeSeconds(payload.Iat), DateTimeOffset.FromUnixTimeSeconds(payload.Exp), DateTimeOffset.FromUnixTimeSeconds(payload.Abs));
        var now = _time.GetUtcNow();
        return now < session.ExpiresAt && now < session.AbsoluteExpiresAt ? session : null;
    }

    /// <summary>
    /// A fresh token for an active session once half of its idle time is used (null otherwise): the session slides,
    /// never past its absolute end.
    /// </summary>
    public (CardholderSession Session, string Token)? Extend(CardholderSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = _time.GetUtcNow();
        var extended = Min(now + _sliding, session.AbsoluteExpiresAt);
        if (session.ExpiresAt - now > _sliding / 2 || extended <= session.ExpiresAt)
        {
            return null;
        }
        var next = session with { IssuedAt = now, ExpiresAt = extended };
        return (next, Sign(next));
    }

    /// <summary>Ends the session on every instance (until it would have ended anyway).</summary>
    public async Task RevokeAsync(CardholderSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var row = new TableEntity(session.SessionId, "revoked") { ["Until"] = session.AbsoluteExpiresAt };
        await _revocations.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the session was signed out.</summary>
    public async Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!IsSessionId(sessionId))
        {
            return true;
        }
        var row = await _revocations.GetEntityIfExistsAsync(sessionId, "revoked", ["PartitionKey"], cancellationToken).ConfigureAwait(false);
        return row.HasValue;
    }

    /// <summary>The anti-forgery token of a session: what a page must echo (header or form field) with a cookie-authenticated change.</summary>
    public string CsrfToken(string sessionId) => Base64Url(HMACSHA256.HashData(_csrfKey, Encoding.ASCII.GetBytes(sessionId)));

    /// <summary>Whether <paramref name="token"/> is the session's anti-forgery token (constant time).</summary>
    public bool IsValidCsrfToken(string sessionId, string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CsrfToken(sessionId)), Encoding.ASCII.GetBytes(token));

    /// <summary>Sets the session cookie: HttpOnly, SameSite=Strict, Secure when served over HTTPS (or under the Functions host), until the session's absolute end.</summary>
    public void SetCookie(HttpContext context, CardholderSession session, string token)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(session);
        context.Response.Cookies.Append(Options.CookieName, token, CookieOptions(context, session.AbsoluteExpiresAt));
    }

    /// <summary>Removes the session cookie.</summary>
    public void ClearCookie(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(Options.CookieName, CookieOptions(context, null));
    }

    private CookieOptions CookieOptions(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = Options.SecureCookie ?? (context.Request.IsHttps || CustomHandlerHosting.UnderFunctionsHost),
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    private string Sign(CardholderSession session)
    {
        var payload = new Payload(session.SessionId, session.IncidentId, session.CustomerId,
            session.IssuedAt.ToUnixTimeSeconds(), session.ExpiresAt.ToUnixTimeSeconds(), session.AbsoluteExpiresAt.ToUnixTimeSeconds());
        var signingInput = TokenPrefix[..^1] + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload, Json));
        return signingInput + "." + Base64Url(HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(signingInput)));
    }

    private static bool IsSessionId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var padded = s.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException() };
        return Convert.FromBase64String(padded);
    }

    private sealed record Payload(
        [property: JsonPropertyName("sid")] string Sid,
        [property: JsonPropertyName("inc")] string Inc,
        [property: JsonPropertyName("cus")] string Cus,
        [property: JsonPropertyName("iat")] long Iat,
        [property: JsonPropertyName("exp")] long Exp,
        [property: JsonPropertyName("abs")] long Abs);
}
