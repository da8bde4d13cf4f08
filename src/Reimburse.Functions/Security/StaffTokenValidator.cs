using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Reimburse.Functions.Security;

/// <summary>
/// Validates a staff bearer token of either kind: an Entra ID access token (RS256, Azure; see
/// <see cref="EntraStaffOptions"/>) or a development token (HS256 with <see cref="StaffTokenOptions.SigningKey"/>).
/// The token's own header picks the check, and each kind is accepted only when it is configured: in Azure no signing
/// key is set, so no HS256 token is ever accepted there.
/// </summary>
public sealed class StaffTokenValidator(
    IOptions<StaffTokenOptions> tokenOptions,
    IOptions<EntraStaffOptions> entraOptions,
    EntraSigningKeys entraKeys,
    TimeProvider time)
{
    private const string V1IssuerFormat = "https://sts.windows.net/{0}/";

    /// <summary>The principal (name, id, roles) for <paramref name="token"/>, or the reason it was refused.</summary>
    public async Task<(ClaimsPrincipal? Principal, string? Error)> ValidateAsync(string token, string authenticationType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var settings = tokenOptions.Value;
        var algorithm = Algorithm(token);
        if (algorithm == "RS256")
        {
            return entraOptions.Value.IsConfigured
                ? await ValidateEntraAsync(token, authenticationType, cancellationToken).ConfigureAwait(false)
                : (null, "Entra sign-in is not configured");
        }
        var key = settings.KeyBytes();
        if (key is null)
        {
            return (null, "staff sign-in is not configured");
        }
        return StaffTokens.Validate(token, key, settings.Issuer, settings.Audience, time.GetUtcNow(), TimeSpan.FromSeconds(settings.ClockSkewSeconds), authenticationType);
    }

    private async Task<(ClaimsPrincipal?, string?)> ValidateEntraAsync(string token, string authenticationType, CancellationToken cancellationToken)
    {
        var entra = entraOptions.Value;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return (null, "malformed token");
        }
        JsonElement header;
        JsonElement payload;
        byte[] signature;
        try
        {
            using var headerJson = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var payloadJson = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            header = headerJson.RootElement.Clone();
            payload = payloadJson.RootElement.Clone();
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return (null, "malformed token");
        }
        if (Text(header, "kid") is not { Length: > 0 } keyId)
        {
            return (null, "no key id");
        }
        string issuer;
        RSAParameters? key;
        try
        {
            (issuer, key) = await entraKeys.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, "the tenant's signing keys are not available");
        }
        if (key is not { } rsaKey)
        {
            return (null, "unknown signing key");
        }
        using (var rsa = RSA.Create(rsaKey))
        {
            if (!rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return (null, "bad signature");
            }
        }
        var tokenIssuer = Text(payload, "iss");
        var v1Issuer = string.Format(System.Globalization.CultureInfo.InvariantCulture, V1IssuerFormat, entra.TenantId);
        if (tokenIssuer != issuer && tokenIssuer != v1Issuer)
        {
            return (null, "wrong issuer");
        }
        if (!string.Equals(Text(payload, "tid"), entra.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "wrong tenant");
        }
        var audience = Text(payload, "aud");
        if (audience is null || !(audience == entra.ClientId || (!string.IsNullOrEmpty(entra.ApplicationIdUri) && audience == entra.ApplicationIdUri)))
        {
            return (null, "wrong audience");
        }
        var now = time.GetUtcNow();
        var skew = TimeSpan.FromSeconds(tokenOptions.Value.ClockSkewSeconds);
        if (Seconds(payload, "exp") is not { } exp || now > DateTimeOffset.FromUnixTimeSeconds(exp) + skew
            || (Seconds(payload, "nbf") is { } nbf && now + skew < DateTimeOffset.FromUnixTimeSeconds(nbf)))
        {
            return (null, "expired or not yet valid");
        }
        // A user's object id, or for an application (client credentials) its object id too; never the mutable name.
        var subject = Text(payload, "oid") ?? Text(payload, "sub");
        if (string.IsNullOrEmpty(subject))
        {
            return (null, "no subject");
        }
        var name = Text(payload, "name") ?? Text(payload, "preferred_username") ?? Text(payload, "upn") ?? Text(payload, "azp") ?? Text(payload, "appid") ?? subject;
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, subject), new(StaffTokens.NameClaim, name) };
        if (payload.TryGetProperty(StaffTokens.RoleClaim, out var roles) && roles.ValueKind == JsonValueKind.Array)
        {
            claims.AddRange(roles.EnumerateArray()
                .Where(r => r.ValueKind == JsonValueKind.String && Roles.All.Contains(r.GetString()!))
                .Select(r => new Claim(ClaimTypes.Role, r.GetString()!)));
        }
        return (new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, StaffTokens.NameClaim, ClaimTypes.Role)), null);
    }

    // The "alg" of the token's header, or null when the header cannot be read (the HS256 check then refuses it).
    private static string? Algorithm(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));
            return Text(header.RootElement, "alg");
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Seconds(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) ? seconds : null;
}
