using System.Text.Json;
using System.Xml;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage;

/// <summary>
/// Turns failed storage responses into <see cref="RequestFailedException"/> with the service's error code: the
/// <c>x-ms-error-code</c> header, else the body (JSON <c>odata.error.code</c> for Table, XML <c>&lt;Code&gt;</c> for Blob/Queue).
/// </summary>
internal static class StorageErrors
{
    private static readonly StorageErrorParser Parser = new();

    /// <summary>Sends the message and throws <see cref="RequestFailedException"/> unless the status is one of <paramref name="accepted"/>.</summary>
    public static async ValueTask<Response> SendAsync(HttpPipeline pipeline, HttpMessage message, CancellationToken cancellationToken, params int[] accepted)
    {
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (accepted.Length == 0 ? response.Status is < 200 or >= 300 : !accepted.Contains(response.Status))
        {
            throw await CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    public static async ValueTask<RequestFailedException> CreateExceptionAsync(Response response, CancellationToken cancellationToken)
    {
        // Streaming responses (downloads) are not buffered; the exception reads the body, so buffer the (small) error body.
        if (response.ContentStream is { } stream and not MemoryStream)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            response.ContentStream = buffer;
        }
        return new RequestFailedException(response, null, Parser);
    }

    /// <summary>Reads code and message from an error body (JSON or XML); either may be null.</summary>
    internal static (string? Code, string? Message) ParseBody(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body).Trim().TrimStart('\uFEFF');
        if (text.Length == 0)
        {
            return (null, null);
        }
        try
        {
            return text[0] switch
            {
                '{' => ParseJson(text),
                '<' => ParseXml(text),
                _ => (null, null),
            };
        }
        catch (JsonException)
        {
            return (null, null);
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }

    private static (string?, string?) ParseJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }
        // Table: {"odata.error":{"code":..,"message":{"lang":..,"value":..}}}; others: {"error":{"code":..,"message":..}}
        if (!root.TryGetProperty("odata.error", out var error) && !root.TryGetProperty("error", out error))
        {
            return (null, null);
        }
        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        string? message = null;
        if (error.TryGetProperty("message", out var m))
        {
            message = m.ValueKind switch
            {
                JsonValueKind.String => m.GetString(),
                JsonValueKind.Object when m.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String => v.GetString(),
                _ => null,
            };
        }
        return (code, message);
    }

    private static (string?, string?) ParseXml(string xml)
    {
        using var text = new StringReader(xml);
        using var reader = XmlReader.Create(text, StorageProtocol.SyncReaderSettings);
        string? code = null;
        string? message = null;
        var more = reader.Read();
        while (more)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName is "Code" or "Message")
            {
                // ReadElementContentAsString moves to the next node itself.
                var isCode = reader.LocalName == "Code";
                var value = reader.ReadElementContentAsString();
                (code, message) = isCode ? (value, message) : (code, value);
                more = !reader.EOF;
            }
            else
            {
                more = reader.Read();
            }
        }
        return (code, message);
    }

    private sealed class StorageErrorParser : RequestFailedDetailsParser
    {
        public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
        {
            data = null;
            string? code = null;
            string? message = null;
            if (response.ContentStream is MemoryStream buffered)
            {
                (code, message) = ParseBody(buffered.ToArray());
            }
            if (response.Headers.TryGetValue("x-ms-error-code", out var headerCode) && !string.IsNullOrEmpty(headerCode))
            {
                code = headerCode;
            }
            error = code is null && message is null ? null : new ResponseError(code, message);
            return error is not null;
        }
    }
}
