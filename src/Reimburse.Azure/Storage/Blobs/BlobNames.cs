using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;

namespace Reimburse.Azure.Storage.Blobs;

/// <summary>Container, blob and metadata naming rules, checked before any request; and reading blob headers.</summary>
internal static partial class BlobNames
{
    public static void ValidateContainerName(string? name) => StorageNames.ValidateLowercaseName(name, "container");

    public static void ValidateBlobName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 1024)
        {
            throw new ArgumentException("A blob name is 1–1,024 characters long.", nameof(name));
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The blob name has an invalid character (U+{(int)c:X4}) at index {i}."), nameof(name));
            }
        }
    }

    public static void ValidateMetadata(IDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in metadata)
        {
            if (name is null || !IdentifierPattern().IsMatch(name) || !seen.Add(name))
            {
                throw new ArgumentException("Metadata names are unique (ignoring case) C# identifiers: letters, digits and '_', not starting with a digit.", nameof(metadata));
            }
            if (value is null || value.Any(c => c is < ' ' or > '~'))
            {
                // Values travel as HTTP headers: printable ASCII only, which also rules out header injection.
                throw new ArgumentException($"The metadata value of '{name}' must be printable ASCII; encode other text (e.g. base64 or percent-encoding).", nameof(metadata));
            }
        }
    }

    public static void AddMetadata(Request request, IDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }
        foreach (var (name, value) in metadata)
        {
            request.Headers.Add("x-ms-meta-" + name, value);
        }
    }

    public static BlobProperties ReadProperties(Response response)
    {
        var headers = response.Headers;
        headers.TryGetValue("Content-MD5", out var md5);
        headers.TryGetValue("x-ms-creation-time", out var created);
        headers.TryGetValue("Last-Modified", out var modified);
        return new BlobProperties(
            headers.ContentType,
            headers.ContentLength ?? 0,
            headers.ETag ?? default,
            StorageProtocol.ParseRfc1123OrNull(modified) ?? default,
            StorageProtocol.ParseRfc1123OrNull(created),
            string.IsNullOrEmpty(md5) ? null : Convert.FromBase64String(md5),
            StorageProtocol.Metadata(response));
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
