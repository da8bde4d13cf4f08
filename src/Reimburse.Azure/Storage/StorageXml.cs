using System.Globalization;
using System.Xml;

namespace Reimburse.Azure.Storage;

/// <summary>Safe XML reading settings and the date format shared by the Blob and Queue payloads.</summary>
internal static class StorageXml
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
}
