using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Reimburse.Functions.Pages;

/// <summary>
/// The pages' stylesheet, scripts and icon, embedded in the assembly and served from memory under <c>/assets/</c>
/// with a content hash in the address (long-lived caching, no stale files after a deploy).
/// </summary>
/// <remarks>
/// Embedded rather than a wwwroot folder because the same executable runs from different working directories (the
/// Functions host, <c>reimburse up</c>, the tests); the views are compiled into the assembly already, and the
/// handful of small files they need travels with them.
/// </remarks>
public sealed class PageAssets
{
    private const string ResourcePrefix = "assets/";

    private readonly FrozenDictionary<string, Asset> _assets;

    public PageAssets()
    {
        var assembly = typeof(PageAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var version = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            var name = resource[ResourcePrefix.Length..];
            assets[name] = new Asset(bytes, ContentTypeOf(name), version);
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The names of the embedded assets.</summary>
    public IEnumerable<string> Names => _assets.Keys;

    /// <summary>The versioned address of asset <paramref name="name"/>, e.g. <c>/assets/site.css?v=3f2a…</c>.</summary>
    public string Url(string name) =>
        _assets.TryGetValue(name, out var asset)
            ? "/assets/" + name + "?v=" + asset.Version
            : throw new ArgumentException($"There is no page asset \"{name}\".", nameof(name));

    internal IResult Serve(string name, HttpContext context)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return TypedResults.NotFound();
        }
        // A versioned address never changes content: cache it for a year. Anything else revalidates by ETag.
        context.Response.Headers.CacheControl = context.Request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        return TypedResults.Bytes(asset.Bytes, asset.ContentType, entityTag: new EntityTagHeaderValue("\"" + asset.Version + "\""));
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, string Version);
}
