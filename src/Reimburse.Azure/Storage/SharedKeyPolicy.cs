using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage;

/// <summary>
/// Signs each attempt with Shared Key. Runs per retry so that every attempt carries a fresh <c>x-ms-date</c>.
/// Blob/Queue and Table use different strings to sign (the Table one omits the standard headers and query).
/// </summary>
internal sealed class SharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private readonly StorageSharedKeyCredential _credential;
    private readonly bool _table;

    public SharedKeyPolicy(StorageSharedKeyCredential credential, StorageService service)
    {
        _credential = credential;
        _table = service == StorageService.Table;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        request.Headers.SetValue("x-ms-date", date);
        var stringToSign = _table ? TableStringToSign(request, _credential.AccountName, date) : BlobQueueStringToSign(request, _credential.AccountName);
        request.Headers.SetValue("Authorization", "SharedKey " + _credential.AccountName + ":" + _credential.ComputeSignature(stringToSign));
    }

    /// <summary>VERB, Content-MD5, Content-Type, Date (the x-ms-date value) and the resource with <c>comp</c> only.</summary>
    internal static string TableStringToSign(Request request, string accountName, string date)
    {
        var sb = new StringBuilder();
        sb.Append(request.Method.Method).Append('\n');
        sb.Append(Header(request, "Content-MD5")).Append('\n');
        sb.Append(Header(request, "Content-Type")).Append('\n');
        sb.Append(date).Append('\n');
        sb.Append('/').Append(accountName).Append(PathOf(request));
        var comp = QueryParameters(request).FirstOrDefault(p => p.Name == "comp");
        if (comp.Name is not null)
        {
            sb.Append("?comp=").Append(comp.Value);
        }
        return sb.ToString();
    }

    /// <summary>The Blob/Queue string to sign (versions 2015-02-21 and later: Content-Length empty when zero).</summary>
    internal static string BlobQueueStringToSign(Request request, string accountName)
    {
        var length = request.Content is not null && request.Content.TryComputeLength(out var l) && l > 0
            ? l.ToString(CultureInfo.InvariantCulture)
            : string.Empty;
        var sb = new StringBuilder();
        sb.Append(request.Method.Method).Append('\n');
        sb.Append(Header(request, "Content-Encoding")).Append('\n');
        sb.Append(Header(request, "Content-Language")).Append('\n');
        sb.Append(length).Append('\n');
        sb.Append(Header(request, "Content-MD5")).Append('\n');
        sb.Append(Header(request, "Content-Type")).Append('\n');
        sb.Append(string.Empty).Append('\n'); // Date: x-ms-date is used instead.
        sb.Append(Header(request, "If-Modified-Since")).Append('\n');
        sb.Append(Header(request, "If-Match")).Append('\n');
        sb.Append(Header(request, "If-None-Match")).Append('\n');
        sb.Append(Header(request, "If-Unmodified-Since")).Append('\n');
        sb.Append(Header(request, "Range")).Append('\n');

        foreach (var header in request.Headers
                     .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            sb.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        sb.Append('/').Append(accountName).Append(PathOf(request));
        foreach (var group in QueryParameters(request)
                     .GroupBy(p => p.Name, StringComparer.Ordinal)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append('\n').Append(group.Key).Append(':')
              .Append(string.Join(',', group.Select(p => p.Value).Order(StringComparer.Ordinal)));
        }
        return sb.ToString();
    }

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

    // The path exactly as sent (still percent-encoded): the service signs the raw request path.
    private static string PathOf(Request request)
    {
        var path = request.Uri.Path;
        return string.IsNullOrEmpty(path) ? "/" : path;
    }

    private static IEnumerable<(string Name, string Value)> QueryParameters(Request request)
    {
        var query = request.Uri.Query;
        if (string.IsNullOrEmpty(query))
        {
            yield break;
        }
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : pair[(eq + 1)..];
            yield return (Uri.UnescapeDataString(name).ToLowerInvariant(), Uri.UnescapeDataString(value));
        }
    }
}
