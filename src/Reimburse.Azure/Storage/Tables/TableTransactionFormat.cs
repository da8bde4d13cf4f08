using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>
/// The <c>$batch</c> wire format: a <c>multipart/mixed</c> batch holding one changeset whose parts are
/// <c>application/http</c> sub-requests; the answer mirrors it with sub-responses.
/// </summary>
internal static partial class TableTransactionFormat
{
    private const string Crlf = "\r\n";

    public static (byte[] Body, string ContentType) WriteRequest(string tableUri, IReadOnlyList<TableTransactionAction> actions)
    {
        var batch = "batch_" + Guid.NewGuid().ToString("D");
        var changeset = "changeset_" + Guid.NewGuid().ToString("D");
        using var body = new MemoryStream();
        using var json = new Utf8JsonWriter(body);
        void Line(string text = "")
        {
            body.Write(Encoding.UTF8.GetBytes(text));
            body.Write("\r\n"u8);
        }

        Line("--" + batch);
        Line("Content-Type: multipart/mixed; boundary=" + changeset);
        Line();
        foreach (var action in actions)
        {
            var entity = action.Entity;
            var entityUri = tableUri + TableClient.EntityKeySegment(entity.PartitionKey, entity.RowKey);
            var (method, uri, ifMatch, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", tableUri, (ETag?)null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", entityUri, null, true),
                TableTransactionActionType.UpsertMerge => ("PATCH", entityUri, null, true),
                TableTransactionActionType.UpdateReplace => ("PUT", entityUri, action.ETag, true),
                TableTransactionActionType.UpdateMerge => ("PATCH", entityUri, action.ETag, true),
                TableTransactionActionType.Delete => ("DELETE", entityUri, action.ETag == default ? ETag.All : action.ETag, false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown transaction action type."),
            };
            Line("--" + changeset);
            Line("Content-Type: application/http");
            Line("Content-Transfer-Encoding: binary");
            Line();
            Line(method + " " + uri + " HTTP/1.1");
            Line("Accept: application/json;odata=minimalmetadata");
            Line("Prefer: return-no-content");
            Line("DataServiceVersion: 3.0");
            if (ifMatch is { } etag)
            {
                Line("If-Match: " + etag.ToString("H"));
            }
            if (hasBody)
            {
                Line("Content-Type: application/json");
                Line();
                // The entity as one line of JSON (the emulator expects the body on a single line).
                json.Reset(body);
                TableEntityJson.Write(json, entity);
                json.Flush();
                Line();
            }
            else
            {
                Line();
            }
        }
        Line("--" + changeset + "--");
        Line("--" + batch + "--");
        return (body.ToArray(), "multipart/mixed; boundary=" + batch);
    }

    /// <summary>Reads the sub-responses (status, headers, body) in order from a <c>$batch</c> answer.</summary>
    public static IReadOnlyList<SubResponse> ReadResponse(string? contentType, byte[] content)
    {
        var boundary = BoundaryOf(contentType)
            ?? throw new InvalidOperationException("The $batch response is not multipart/mixed.");
        var results = new List<SubResponse>();
        CollectResponses(Encoding.UTF8.GetString(content).Replace("\r\n", "\n", StringComparison.Ordinal), boundary, results);
        return results;
    }

    /// <summary>Builds the exception for a failed sub-response: status, code, and the index from "N:" or Content-ID.</summary>
    public static TableTransactionFailedException ToException(SubResponse failed, IReadOnlyList<TableTransactionAction> actions)
    {
        var (code, serviceMessage) = StorageErrors.ParseBody(Encoding.UTF8.GetBytes(failed.Body));
        if (failed.Headers.TryGetValue("x-ms-error-code", out var headerCode))
        {
            code = headerCode;
        }
        int? index = null;
        var firstLine = serviceMessage?.Split('\n')[0].Trim();
        if (firstLine is not null && IndexPrefix().Match(firstLine) is { Success: true } m)
        {
            // Azure prefixes the message with the zero-based index of the failed operation: "57:The specified entity already exists."
            index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            firstLine = firstLine[m.Length..];
        }
        else if (failed.Headers.TryGetValue("Content-ID", out var contentId) && int.TryParse(contentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            // Emulators may number the parts instead (1-based Content-ID).
            index = id - 1;
        }
        if (index is < 0 || index >= actions.Count)
        {
            index = null;
        }
        var type = index is { } i ? actions[i].ActionType : (TableTransactionActionType?)null;
        var where = index is { } n ? string.Create(CultureInfo.InvariantCulture, $"operation {n} ({type})") : "an unidentified operation";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"The transaction of {actions.Count} operations was rolled back: {where} failed with status {failed.Status} ({code ?? "no error code"}): {firstLine}");
        return new TableTransactionFailedException(failed.Status, message, code, index, type);
    }

    private static void CollectResponses(string text, string boundary, List<SubResponse> results)
    {
        foreach (var part in SplitParts(text, boundary))
        {
            var (_, headers, body) = SplitHeaders(part, hasStatusLine: false);
            var partType = headers.GetValueOrDefault("Content-Type");
            if (BoundaryOf(partType) is { } inner)
            {
                CollectResponses(body, inner, results);
            }
            else if (partType is not null && partType.StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
            {
                results.Add(ParseHttpResponse(body, headers));
            }
        }
    }

    private static SubResponse ParseHttpResponse(string text, Dictionary<string, string> partHeaders)
    {
        var (statusLine, headers, body) = SplitHeaders(text, hasStatusLine: true);
        // "HTTP/1.1 409 Conflict"
        var pieces = statusLine.Split(' ', 3);
        if (pieces.Length < 2 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidOperationException("A $batch sub-response has no HTTP status line.");
        }
        foreach (var (name, value) in partHeaders)
        {
            headers.TryAdd(name, value);
        }
        return new SubResponse(status, pieces.Length > 2 ? pieces[2] : string.Empty, headers, body.TrimEnd('\n'));
    }

    private static IEnumerable<string> SplitParts(string text, string boundary)
    {
        var delimiter = "--" + boundary;
        var pieces = text.Split(delimiter);
        // pieces[0] is the preamble; a piece starting with "--" follows the closing delimiter.
        for (var i = 1; i < pieces.Length; i++)
        {
            if (pieces[i].StartsWith("--", StringComparison.Ordinal))
            {
                yield break;
            }
            yield return pieces[i].TrimStart('\n');
        }
    }

    private static (string StatusLine, Dictionary<string, string> Headers, string Body) SplitHeaders(string text, bool hasStatusLine)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? text : text[..end];
        var body = end < 0 ? string.Empty : text[(end + 2)..];
        var lines = head.Split('\n');
        foreach (var line in lines.Skip(hasStatusLine ? 1 : 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }
        return (hasStatusLine ? lines[0].Trim() : string.Empty, headers, body);
    }

    private static string? BoundaryOf(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !string.Equals(media.MediaType, "multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var boundary = media.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value;
        return boundary?.Trim('"');
    }

    [GeneratedRegex(@"^(\d+):", RegexOptions.CultureInvariant)]
    private static partial Regex IndexPrefix();

    internal sealed record SubResponse(int Status, string ReasonPhrase, Dictionary<string, string> Headers, string Body)
    {
        public bool IsError => Status >= 400;
    }
}
