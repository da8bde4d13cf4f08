using System.Globalization;
using System.Xml;

namespace Reimburse.Azure.Storage;

/// <summary>What the Blob and Queue protocols share: safe XML reading, RFC 1123 dates, <c>x-ms-meta-*</c> metadata headers.</summary>
internal static class StorageProtocol
{
    public static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        Async = true,
    };

    public static readonly XmlReaderSettings SyncReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    /// <summary>Parses an RFC 1123 date (<c>Fri, 09 Oct 2009 21:04:30 GMT</c>) as UTC.</summary>
    public static DateTimeOffset ParseRfc1123(string value) =>
        DateTimeOffset.ParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static DateTimeOffset? ParseRfc1123OrNull(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : ParseRfc1123(value);

    /// <summary>The <c>x-ms-meta-*</c> response headers as metadata (names case-insensitive).</summary>
    public static IReadOnlyDictionary<string, string> Metadata(global::Azure.Response response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name["x-ms-meta-".Length..]] = header.Value;
            }
        }
        return metadata;
    }
}
