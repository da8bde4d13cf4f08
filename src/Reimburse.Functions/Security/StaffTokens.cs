using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reimburse.Functions.Security;

/// <summary>
/// Compact JWS (HS256) staff tokens: minting for development, validation for the app. Only HS256 is accepted
/// (no `alg: none`, no algorithm confusion); `exp`, `nbf`, `iss` and `aud` are checked.
/// </summary>
public static class StaffTokens
{
    public const string RoleClaim = "roles";
    public const string NameClaim = "name";

    /// <summary>Mints a token for <paramref name="subject"/> with <paramref name="roles"/>.</summary>
    public static string Mint(byte[] key, string issuer, string audience, string subject, string displayName, IEnumerable<string> roles, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            [NameClaim] = displayName,
            [RoleClaim] = new JsonArray(roles.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>Validates a token; returns the principal or the reason it was refused.</summary>
    public static (ClaimsPrincipal? Principal, string? Error) Validate(string token, byte[] key, string issuer, string audience, DateTimeOffset now, TimeSpan skew, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return (null, "malformed token");
        }
        JsonObject header;
        JsonObject payload;
        byte[] signature;
        try
        {
            header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject ?? throw new FormatException();
            payload = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject ?? throw new FormatException();
            signature = FromBase64Url(parts[2]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return (null, "malformed token");
        }
        if (header["alg"]?.GetValue<string>() != "HS256")
        {
            return (null, "unsupported algorithm");
        }
        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return (null, "bad signature");
        }
        try
        {
            if (payload["iss"]?.GetValue<string>() != issuer || payload["aud"]?.GetValue<string>() != audience)
            {
                return (null, "wrong issuer or audience");
            }
            var exp = payload["exp"]?.GetValue<long>() ?? 0;
            var nbf = payload["nbf"]?.GetValue<long>() ?? 0;
            if (now > DateTimeOffset.FromUnixTimeSeconds(exp) + skew || now + skew < DateTimeOffset.FromUnixTimeSeconds(nbf))
            {
                return (null, "expired or not yet valid");
            }
            var subject = payload["sub"]?.GetValue<string>();
            if (string.IsNullOrEmpty(subject))
            {
                return (null, "no subject");
            }
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, subject), new(NameClaim, payload[NameClaim]?.GetValue<string>() ?? subject) };
            if (payload[RoleClaim] is JsonArray roles)
            {
                claims.AddRange(roles.Select(r => r?.GetValue<string>()).Where(r => r is not null && Roles.All.Contains(r)).Select(r => new Claim(ClaimTypes.Role, r!)));
            }
            return (new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, NameClaim, ClaimTypes.Role)), null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return (null, "malformed claims");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var padded = s.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException() };
        return Convert.FromBase64String(padded);
    }
}
