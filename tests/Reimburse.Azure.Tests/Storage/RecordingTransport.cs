using System.Net;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Tests.Storage;

/// <summary>
/// A mock transport for the storage clients: records every request that reaches the wire and answers with
/// scripted responses (the last one repeats). Plug it in through <c>options.Transport = recorder.Transport</c>.
/// </summary>
internal sealed class RecordingTransport : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _script = new();
    private Func<HttpResponseMessage> _last = () => new HttpResponseMessage(HttpStatusCode.OK);

    public RecordingTransport()
    {
        Transport = new HttpClientTransport(new HttpClient(this));
    }

    public HttpPipelineTransport Transport { get; }

    public List<RecordedRequest> Requests { get; } = [];

    public RecordingTransport Respond(HttpStatusCode status, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        _script.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status);
            if (body is not null)
            {
                response.Content = new StringContent(body, System.Text.Encoding.UTF8);
                response.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            }
            foreach (var (name, value) in headers)
            {
                if (!response.Headers.TryAddWithoutValidation(name, value))
                {
                    response.Content ??= new ByteArrayContent([]);
                    response.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
            return response;
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }
        var body = string.Empty;
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }
            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }
        lock (Requests)
        {
            Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body));
        }
        Func<HttpResponseMessage> next;
        lock (_script)
        {
            next = _script.Count > 0 ? _last = _script.Dequeue() : _last;
        }
        return next();
    }
}

internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body);
