using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Reimburse.Azure.Tests.DocumentIntelligence;

/// <summary>A request the fake received.</summary>
public sealed record FakeRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At);

/// <summary>What the fake answers.</summary>
public sealed record FakeResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A local HTTP/1.1 server on 127.0.0.1 and a free port that plays Document Intelligence: it records every request
/// and answers with the next response a test scripted for the request's path, JSON bodies shaped like the service's
/// (202 + Operation-Location, operation status documents, error objects). One connection per request.
/// </summary>
public sealed class FakeDocumentIntelligence : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly Func<FakeRequest, FakeResponse> _respond;
    private readonly Task _loop;

    public FakeDocumentIntelligence(Func<FakeRequest, FakeResponse> respond)
    {
        _respond = respond;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<FakeRequest> Requests => _requests.ToList();

    /// <summary>The Operation-Location the fake hands out for an analysis.</summary>
    public string OperationUrl(string model, string id = "op-1") =>
        new Uri(Endpoint, $"documentintelligence/documentModels/{model}/analyzeResults/{id}?api-version=2024-11-30").AbsoluteUri;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = await ReadRequestAsync(stream);
            if (request is null)
            {
                return;
            }
            _requests.Enqueue(request);
            var response = _respond(request);
            var body = Encoding.UTF8.GetBytes(response.Body ?? string.Empty);
            var head = new StringBuilder();
            head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {ReasonPhrase(response.Status)}\r\n");
            head.Append("Content-Type: application/json; charset=utf-8\r\n");
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
            head.Append("apim-request-id: 00000000-0000-0000-0000-000000000000\r\n");
            head.Append("Connection: close\r\n");
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
            head.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
            await stream.WriteAsync(body);
            await stream.FlushAsync();
        }
    }

    private static async Task<FakeRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        // Headers end with CRLF CRLF.
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }
            buffer.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var start = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read));
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return new FakeRequest(start[0], start[1], headers, body, DateTimeOffset.UtcNow);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
