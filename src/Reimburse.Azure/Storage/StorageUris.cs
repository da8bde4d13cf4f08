using Azure.Core;

namespace Reimburse.Azure.Storage;

/// <summary>Builds request URIs under a service or resource endpoint, percent-encoding each path segment.</summary>
internal static class StorageUris
{
    /// <summary>Points the request at <paramref name="baseUri"/> plus already-encoded path text (without a leading slash).</summary>
    public static void Set(RequestUriBuilder uri, Uri baseUri, string? encodedPath = null)
    {
        uri.Reset(baseUri);
        if (string.IsNullOrEmpty(encodedPath))
        {
            return;
        }
        // AppendPath, not the Path setter: in Azure.Core 1.64 setting Path does not invalidate the cached Uri.
        var path = uri.Path ?? string.Empty;
        uri.AppendPath(path.EndsWith('/') ? encodedPath : "/" + encodedPath, escape: false);
    }

    /// <summary>Appends one encoded segment to a resource URI (e.g. a container name to the service endpoint).</summary>
    public static Uri Append(Uri baseUri, string segment)
    {
        var builder = new RequestUriBuilder();
        Set(builder, baseUri, Uri.EscapeDataString(segment));
        return builder.ToUri();
    }

    /// <summary>Encodes a blob name, keeping '/' as the virtual directory separator.</summary>
    public static string EncodeBlobName(string name) => string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The last path segment, unescaped (the resource name of a container, queue or table URI).</summary>
    public static string LastSegment(Uri uri) => Uri.UnescapeDataString(uri.AbsolutePath.TrimEnd('/').Split('/')[^1]);
}
