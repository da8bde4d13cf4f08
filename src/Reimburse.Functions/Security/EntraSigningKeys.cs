using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Reimburse.Functions.Security;

/// <summary>
/// The tenant's token signing keys and issuer, from its OpenID Connect metadata
/// (<c>{Instance}{TenantId}/v2.0/.well-known/openid-configuration</c> → <c>jwks_uri</c>). Kept for
/// <see cref="EntraStaffOptions.KeysRefreshInterval"/>; a token signed with an unknown key id fetches them again
/// (Entra rolls keys over) — such extra fetches at most once per <see cref="MinRefreshSpacing"/>, so that made-up key
/// ids cannot make the app hammer the tenant.
/// </summary>
public sealed partial class EntraSigningKeys(
    IHttpClientFactory http,
    IOptions<EntraStaffOptions> options,
    TimeProvider time,
    ILogger<EntraSigningKeys> logger)
{
    /// <summary>The named HTTP client used for the metadata and keys.</summary>
    public const string HttpClientName = "entra-metadata";

    /// <summary>Shortest time between two fetches caused by an unknown key id.</summary>
    public static readonly TimeSpan MinRefreshSpacing = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _current;
    private DateTimeOffset _lastUnknownKeyFetch = DateTimeOffset.MinValue;

    /// <summary>The issuer and the RSA key with <paramref name="keyId"/>, or a null key when the tenant has no such key.</summary>
    /// <exception cref="HttpRequestException">The metadata could not be fetched.</exception>
    public async Task<(string Issuer, RSAParameters? Key)> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var snapshot = _current;
        var now = time.GetUtcNow();
        if (snapshot is not null && snapshot.FetchedAt + options.Value.KeysRefreshInterval > now && snapshot.Keys.TryGetValue(keyId, out var known))
        {
            return (snapshot.Issuer, known);
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            snapshot = _current;
            var stale = snapshot is null || snapshot.FetchedAt + options.Value.KeysRefreshInterval <= now;
            var unknown = snapshot is not null && !snapshot.Keys.ContainsKey(keyId);
            if (stale || (unknown && _lastUnknownKeyFetch + MinRefreshSpacing <= now))
            {
                if (!stale)
                {
                    _lastUnknownKeyFetch = now;
                }
                snapshot = _current = await FetchAsync(now, cancellationToken).ConfigureAwait(false);
            }
            return (snapshot!.Issuer, snapshot.Keys.TryGetValue(keyId, out var key) ? key : null);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Snapshot> FetchAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = http.CreateClient(HttpClientName);
        var metadataUri = new Uri(settings.Instance, settings.TenantId + "/v2.0/.well-known/openid-configuration");
        using var metadata = JsonDocument.Parse(await client.GetStringAsync(metadataUri, cancellationToken).ConfigureAwait(false));
        var issuer = metadata.RootElement.GetProperty("issuer").GetString() ?? throw new HttpRequestException("The OpenID metadata has no issuer.");
        var jwksUri = new Uri(metadata.RootElement.GetProperty("jwks_uri").GetString() ?? throw new HttpRequestException("The OpenID metadata has no jwks_uri."));
        if (jwksUri.Scheme != Uri.UriSchemeHttps && !jwksUri.IsLoopback)
        {
            throw new HttpRequestException("The signing keys must be fetched over https.");
        }
        using var jwks = JsonDocument.Parse(await client.GetStringAsync(jwksUri, cancellationToken).ConfigureAwait(false));
        var keys = new Dictionary<string, RSAParameters>(StringComparer.Ordinal);
        foreach (var key in jwks.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (Text(key, "kty") == "RSA" && Text(key, "use") is null or "sig" && Text(key, "kid") is { } kid && Text(key, "n") is { } n && Text(key, "e") is { } e)
            {
                keys[kid] = new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = Base64Url.DecodeFromChars(e) };
            }
        }
        LogFetched(logger, keys.Count, settings.TenantId ?? "");
        return new Snapshot(issuer, keys, now);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Snapshot(string Issuer, IReadOnlyDictionary<string, RSAParameters> Keys, DateTimeOffset FetchedAt);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Fetched {Count} Entra signing key(s) of tenant {TenantId}")]
    private static partial void LogFetched(ILogger logger, int count, string tenantId);
}
