using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Reimburse.Azure.DocumentIntelligence;
using Reimburse.Money;
using Reimburse.Statements;
using static Reimburse.Azure.Tests.DocumentIntelligence.ServiceResponses;

namespace Reimburse.Azure.Tests.DocumentIntelligence;

/// <summary>The Document Intelligence client and reader against a local fake of the service.</summary>
public class DocumentIntelligenceReaderTests
{
    // A JPEG header is enough: the reader sniffs the format, the fake does not decode.
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01];

    private static readonly (string, double)[] StatementLines =
    [
        ("楽天カード株式会社", 0.99),
        ("令和6年5月10日", 0.98),
        ("山田 太郎 様", 0.97),
        ("カード番号 ****-****-****-1234", 0.96),
        ("カード再発行手数料 1,100円", 0.98),
        ("合計 1,100円", 0.99),
    ];

    private static DocumentIntelligenceStatementReader Reader(FakeDocumentIntelligence fake, Action<DocumentIntelligenceReaderOptions>? configure = null, TimeSpan? timeout = null)
    {
        var options = new DocumentIntelligenceReaderOptions { Endpoint = fake.Endpoint, ApiKey = "test-key" };
        configure?.Invoke(options);
        var clientOptions = new DocumentIntelligenceClientOptions
        {
            PollingInterval = TimeSpan.FromMilliseconds(50),
            AnalysisTimeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        var client = new DocumentIntelligenceClient(fake.Endpoint, new AzureKeyCredential("test-key"), clientOptions);
        return new DocumentIntelligenceStatementReader(client, options);
    }

    private static Task<StatementReadResult> Read(DocumentIntelligenceStatementReader reader, byte[]? content = null) =>
        reader.ReadAsync(new StatementInput(content ?? Photo, "image/jpeg"), CancellationToken.None);

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>A fake that accepts every analysis and answers polls from a per-model script (the last entry repeats).</summary>
    private static FakeDocumentIntelligence Scripted(Dictionary<string, FakeResponse[]> polls, Func<FakeRequest, FakeResponse?>? post = null)
    {
        FakeDocumentIntelligence? fake = null;
        var counters = new Dictionary<string, int>();
        fake = new FakeDocumentIntelligence(request =>
        {
            var model = polls.Keys.FirstOrDefault(m => request.PathAndQuery.Contains("/" + m, StringComparison.Ordinal));
            if (model is null)
            {
                return new FakeResponse(404, Error("NotFound", "Resource not found."));
            }
            if (request.Method == "POST")
            {
                return post?.Invoke(request) ?? new FakeResponse(202, Headers: Headers(("Operation-Location", fake!.OperationUrl(model))));
            }
            lock (counters)
            {
                var n = counters.GetValueOrDefault(model);
                counters[model] = n + 1;
                return polls[model][Math.Min(n, polls[model].Length - 1)];
            }
        });
        return fake;
    }

    [Fact]
    public async Task A_statement_is_read_through_analyze_and_poll_with_the_key_header()
    {
        var fields = new JsonObject
        {
            ["VendorName"] = StringField("楽天カード株式会社"),
            ["CustomerName"] = StringField("山田 太郎"),
            ["InvoiceDate"] = DateField("2024-05-10", "令和6年5月10日"),
            ["Items"] = Items(("カード再発行手数料", 1100)),
            ["InvoiceTotal"] = CurrencyField(1100),
        };
        await using var fake = Scripted(new()
        {
            ["prebuilt-invoice"] = [new(200, Running(), Headers(("Retry-After", "0"))), new(200, Succeeded("prebuilt-invoice", StatementLines, fields))],
            ["prebuilt-layout"] = [new(500, Error("InternalServerError", "must not be called"))],
        });

        var result = await Read(Reader(fake));

        Assert.True(result.Succeeded, result.Message);
        var facts = result.Facts!;
        Assert.Equal(new Yen(1100), facts.Fee!.Value);
        Assert.True(facts.Fee.Confidence >= 0.8);
        Assert.Equal("rakuten", facts.Issuer!.Value);
        Assert.Equal("1234", facts.CardLast4!.Value);
        Assert.Equal(new DateOnly(2024, 5, 10), facts.StatementDate!.Value);
        Assert.Equal("山田 太郎", facts.HolderName!.Value);
        Assert.Equal("azure", facts.Reader);

        var post = Assert.Single(fake.Requests, r => r.Method == "POST");
        Assert.Equal("/documentintelligence/documentModels/prebuilt-invoice:analyze?api-version=2024-11-30&stringIndexType=utf16CodeUnit&locale=ja-JP", post.PathAndQuery);
        Assert.Equal("test-key", post.Headers[DocumentIntelligenceClient.KeyHeader]);
        Assert.Equal(Photo, post.Body);
        Assert.Equal(2, fake.Requests.Count(r => r.Method == "GET"));
        Assert.All(fake.Requests, r => Assert.Equal("test-key", r.Headers[DocumentIntelligenceClient.KeyHeader]));
        Assert.DoesNotContain(fake.Requests, r => r.PathAndQuery.Contains("prebuilt-layout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_fields_and_text_of_the_first_model_lack_the_fee_the_layout_text_holds_it()
    {
        var invoiceFields = new JsonObject
        {
            ["VendorName"] = StringField("三井住友カード株式会社"),
            ["Items"] = Items(("ローソン", 540)),
            ["InvoiceTotal"] = CurrencyField(1640),
        };
        (string, double)[] invoiceLines = [("三井住友カード株式会社", 0.99), ("ご利用明細", 0.99), ("ローソン 540円", 0.97)];
        (string, double)[] layoutLines = [("三井住友カード株式会社", 0.99), ("ご利用明細", 0.99), ("ローソン 540円", 0.97), ("カード再発行手数料 1,100円", 0.97), ("ご請求金額 1,640円", 0.98)];
        await using var fake = Scripted(new()
        {
            ["prebuilt-invoice"] = [new(200, Succeeded("prebuilt-invoice", invoiceLines, invoiceFields))],
            ["prebuilt-layout"] = [new(200, Succeeded("prebuilt-layout", layoutLines))],
        });

        var result = await Read(Reader(fake));

        var facts = result.Facts!;
        Assert.Equal(new Yen(1100), facts.Fee!.Value);
        Assert.Contains(facts.Warnings, w => w.Contains("prebuilt-layout", StringComparison.Ordinal));
        Assert.Equal("smbc", facts.Issuer!.Value);
        var posts = fake.Requests.Where(r => r.Method == "POST").Select(r => r.PathAndQuery).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Contains("prebuilt-invoice:analyze", posts[0], StringComparison.Ordinal);
        Assert.Contains("prebuilt-layout:analyze", posts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receipt_fields_give_the_fee_when_the_text_does_not_show_the_fee_line()
    {
        var fields = new JsonObject
        {
            ["MerchantName"] = StringField("イオンカード"),
            ["TransactionDate"] = DateField("2024-06-01", "2024/06/01"),
            ["Items"] = Items(("再発行手数料", 550)),
            ["Total"] = CurrencyField(550),
        };
        await using var fake = Scripted(new() { ["prebuilt-receipt"] = [new(200, Succeeded("prebuilt-receipt", [("イオンカード", 0.99), ("領収書", 0.99)], fields))] });

        var result = await Read(Reader(fake, o =>
        {
            o.Models.Clear();
            o.Models.Add("prebuilt-receipt");
        }));

        Assert.Equal(new Yen(550), result.Facts!.Fee!.Value);
        Assert.Equal("aeon", result.Facts.Issuer!.Value);
        Assert.Equal(new DateOnly(2024, 6, 1), result.Facts.StatementDate!.Value);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_the_service_asks_for()
    {
        var posts = 0;
        await using var fake = Scripted(
            new() { ["prebuilt-invoice"] = [new(200, Succeeded("prebuilt-invoice", StatementLines))] },
            post => Interlocked.Increment(ref posts) == 1
                ? new FakeResponse(429, Error("429", "Requests to the Analyze Document operation have exceeded the rate limit. Please retry after 2 seconds."), Headers(("Retry-After", "2")))
                : null);

        var result = await Read(Reader(fake));

        Assert.True(result.Succeeded, result.Message);
        var attempts = fake.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {(attempts[1].At - attempts[0].At).TotalSeconds:F2} s");
    }

    [Fact]
    public async Task Polling_waits_as_long_as_retry_after_says()
    {
        await using var fake = Scripted(new()
        {
            ["prebuilt-invoice"] = [new(200, Running(), Headers(("Retry-After", "2"))), new(200, Succeeded("prebuilt-invoice", StatementLines))],
        });

        var result = await Read(Reader(fake));

        Assert.True(result.Succeeded, result.Message);
        var polls = fake.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal(2, polls.Count);
        Assert.True(polls[1].At - polls[0].At >= TimeSpan.FromSeconds(1.9));
    }

    [Fact]
    public async Task A_failed_analysis_is_reported_as_a_service_failure_never_as_a_fee()
    {
        await using var fake = Scripted(new() { ["prebuilt-invoice"] = [new(200, Failed("InternalServerError", "An unexpected error occurred."))] });

        var result = await Read(Reader(fake));

        Assert.False(result.Succeeded);
        Assert.Null(result.Facts);
        Assert.Equal(ReadFailure.ServiceFailed, result.Failure);
        Assert.Contains("InternalServerError", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analysis_that_never_finishes_times_out()
    {
        await using var fake = Scripted(new() { ["prebuilt-invoice"] = [new(200, Running(), Headers(("Retry-After", "1")))] });

        var result = await Read(Reader(fake, timeout: TimeSpan.FromSeconds(2)));

        Assert.Equal(ReadFailure.TimedOut, result.Failure);
        Assert.Null(result.Facts);
        Assert.Contains("did not finish", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_the_service_cannot_read_is_unreadable()
    {
        await using var fake = Scripted(
            new() { ["prebuilt-invoice"] = [new(200, Running())] },
            _ => new FakeResponse(400, Error("InvalidRequest", "Invalid request.", "InvalidContent")));

        var result = await Read(Reader(fake));

        Assert.Equal(ReadFailure.Unreadable, result.Failure);
        Assert.Contains("InvalidRequest", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_key_is_a_service_failure_and_is_not_retried()
    {
        await using var fake = Scripted(
            new() { ["prebuilt-invoice"] = [new(200, Running())] },
            _ => new FakeResponse(401, Error("401", "Access denied due to invalid subscription key or wrong API endpoint.")));

        var result = await Read(Reader(fake));

        Assert.Equal(ReadFailure.ServiceFailed, result.Failure);
        Assert.Contains("401", result.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task An_operation_location_on_another_host_is_not_followed()
    {
        await using var fake = Scripted(
            new() { ["prebuilt-invoice"] = [new(200, Running())] },
            _ => new FakeResponse(202, Headers: Headers(("Operation-Location", "https://attacker.example/documentintelligence/documentModels/prebuilt-invoice/analyzeResults/x"))));

        var result = await Read(Reader(fake));

        Assert.Equal(ReadFailure.ServiceFailed, result.Failure);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Csv_statements_are_left_to_the_local_reader_without_calling_the_service()
    {
        await using var fake = Scripted(new() { ["prebuilt-invoice"] = [new(200, Running())] });
        var csv = System.Text.Encoding.UTF8.GetBytes("日付,摘要,金額\n2024/05/10,カード再発行手数料,1100\n");

        var result = await Read(Reader(fake), csv);

        Assert.Equal(ReadFailure.Unsupported, result.Failure);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Entra_token_auth_asks_for_the_cognitive_services_scope()
    {
        var credential = new RecordingCredential();
        var handler = new RecordingHandler(StatementLines);
        var options = new DocumentIntelligenceClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)), PollingInterval = TimeSpan.FromMilliseconds(10) };
        var client = new DocumentIntelligenceClient(new Uri("https://reimburse.cognitiveservices.azure.com/"), credential, options);

        var result = await client.AnalyzeDocumentAsync("prebuilt-layout", BinaryData.FromBytes(Photo));

        Assert.Contains("カード再発行手数料", result.Content, StringComparison.Ordinal);
        Assert.Equal([DocumentIntelligenceClient.DefaultScope], credential.Scopes);
        Assert.All(handler.Authorizations, a => Assert.Equal("Bearer test-token", a));
        Assert.Equal(2, handler.Authorizations.Count);
    }

    [Fact]
    public void Keys_are_never_sent_in_clear_text_off_this_machine()
    {
        Assert.Throws<ArgumentException>(() => new DocumentIntelligenceClient(new Uri("http://example.cognitiveservices.azure.com/"), new AzureKeyCredential("k")));
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("test-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>An in-process HTTPS stand-in (bearer tokens are refused over plain HTTP, so the TCP fake cannot serve this test).</summary>
    private sealed class RecordingHandler((string, double)[] lines) : HttpMessageHandler
    {
        public List<string?> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorizations.Add(request.Headers.Authorization?.ToString());
            var response = request.Method == HttpMethod.Post
                ? new HttpResponseMessage(System.Net.HttpStatusCode.Accepted)
                : new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(Succeeded("prebuilt-layout", lines)) };
            if (request.Method == HttpMethod.Post)
            {
                response.Headers.Add("Operation-Location", "https://reimburse.cognitiveservices.azure.com/documentintelligence/documentModels/prebuilt-layout/analyzeResults/1?api-version=2024-11-30");
            }
            return Task.FromResult(response);
        }
    }
}
