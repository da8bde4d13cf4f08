using System.Diagnostics.Tracing;
using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Diagnostics;
using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Queues;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Azure.Tests.Storage;

/// <summary>The pipeline's behaviour on the wire, with a recording mock transport: auth, retries, errors, logging.</summary>
public sealed class StoragePipelineTests
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly StorageSharedKeyCredential Key = new("account", AccountKey);
    private static readonly Uri TableEndpoint = new("https://account.table.core.windows.net");

    private static TableClientOptions FastRetry(RecordingTransport recorder)
    {
        var options = new TableClientOptions { Transport = recorder.Transport };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxRetries = 3;
        return options;
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Transient_status_is_retried_then_succeeds(HttpStatusCode transient)
    {
        var recorder = new RecordingTransport()
            .Respond(transient)
            .Respond(HttpStatusCode.OK, """{"PartitionKey":"p","RowKey":"r","N":1}""", headers: ("ETag", "W/\"1\""));
        var table = new TableClient(TableEndpoint, "claims", Key, FastRetry(recorder));

        var entity = (await table.GetEntityAsync("p", "r")).Value;

        Assert.Equal(1, entity.GetInt32("N"));
        Assert.Equal(2, recorder.Requests.Count);
        Assert.All(recorder.Requests, r => Assert.StartsWith("SharedKey account:", r.Headers["Authorization"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_stop_after_max_retries_with_the_last_status()
    {
        var recorder = new RecordingTransport().Respond(HttpStatusCode.ServiceUnavailable, """{"odata.error":{"code":"ServerBusy","message":{"lang":"en-US","value":"busy"}}}""");
        var table = new TableClient(TableEndpoint, "claims", Key, FastRetry(recorder));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("p", "r"));

        Assert.Equal(503, ex.Status);
        Assert.Equal("ServerBusy", ex.ErrorCode);
        Assert.Equal(4, recorder.Requests.Count);
    }

    [Fact]
    public async Task Conflict_is_not_retried_and_carries_status_and_error_code_from_the_json_body()
    {
        var recorder = new RecordingTransport().Respond(HttpStatusCode.Conflict,
            """{"odata.error":{"code":"EntityAlreadyExists","message":{"lang":"en-US","value":"The specified entity already exists."}}}""");
        var table = new TableClient(TableEndpoint, "claims", Key, FastRetry(recorder));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, ex.Status);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
        Assert.Single(recorder.Requests);
    }

    [Fact]
    public async Task Error_code_comes_from_the_xml_body_or_else_the_header()
    {
        var recorder = new RecordingTransport()
            .Respond(HttpStatusCode.PreconditionFailed,
                """<?xml version="1.0" encoding="utf-8"?><Error><Code>ConditionNotMet</Code><Message>The condition specified using HTTP conditional header(s) is not met.</Message></Error>""",
                "application/xml")
            .Respond(HttpStatusCode.NotFound, null, headers: ("x-ms-error-code", "BlobNotFound"));
        var blob = new BlobClient(new Uri("https://account.blob.core.windows.net/statements/a.pdf"), Key, new BlobClientOptions { Transport = recorder.Transport });

        var xml = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(BinaryData.FromString("x")));
        var head = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetPropertiesAsync());

        Assert.Equal((412, "ConditionNotMet"), (xml.Status, xml.ErrorCode));
        Assert.Contains("condition specified", xml.Message, StringComparison.Ordinal);
        Assert.Equal((404, "BlobNotFound"), (head.Status, head.ErrorCode));
    }

    [Fact]
    public async Task Token_credential_sends_a_bearer_token_for_the_storage_scope_and_no_shared_key()
    {
        var recorder = new RecordingTransport().Respond(HttpStatusCode.NoContent);
        var credential = new FakeTokenCredential("fake-token-123");
        var options = new StorageAccountOptions();
        options.Tables.Transport = recorder.Transport;
        options.Blobs.Transport = recorder.Transport;
        options.Queues.Transport = recorder.Transport;
        var account = StorageAccount.FromTokenCredential("account", credential, options: options);

        await account.GetTableClient("claims").UpsertEntityAsync(new TableEntity("p", "r"));
        await Assert.ThrowsAsync<RequestFailedException>(() => account.GetBlobContainerClient("statements").GetBlobClient("a").UploadAsync(BinaryData.FromString("x")));
        await account.GetQueueClient("steps").DeleteMessageAsync("id", "receipt");

        Assert.Equal(3, recorder.Requests.Count);
        Assert.Equal(
            ["account.table.core.windows.net", "account.blob.core.windows.net", "account.queue.core.windows.net"],
            recorder.Requests.Select(r => r.Uri.Host));
        Assert.All(recorder.Requests, r =>
        {
            Assert.Equal("Bearer fake-token-123", r.Headers["Authorization"]);
            Assert.DoesNotContain(r.Headers.Values, v => v.Contains("SharedKey", StringComparison.OrdinalIgnoreCase));
        });
        Assert.All(credential.Scopes, s => Assert.Equal(["https://storage.azure.com/.default"], s));
    }

    [Fact]
    public async Task Shared_key_requests_carry_date_version_and_a_signature()
    {
        var recorder = new RecordingTransport().Respond(HttpStatusCode.Created, """<?xml version="1.0"?><QueueMessagesList><QueueMessage><MessageId>m1</MessageId><InsertionTime>Fri, 01 Mar 2024 00:00:00 GMT</InsertionTime><ExpirationTime>Fri, 08 Mar 2024 00:00:00 GMT</ExpirationTime><PopReceipt>pr</PopReceipt><TimeNextVisible>Fri, 01 Mar 2024 00:00:00 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>""", "application/xml");
        var queue = new QueueClient(new Uri("https://account.queue.core.windows.net/steps"), Key, new QueueClientOptions { Transport = recorder.Transport });

        var receipt = (await queue.SendMessageAsync("hi", TimeSpan.FromSeconds(10), TimeSpan.FromHours(1))).Value;

        var request = Assert.Single(recorder.Requests);
        Assert.Matches("^SharedKey account:[A-Za-z0-9+/]{43}=$", request.Headers["Authorization"]);
        Assert.Equal("2024-08-04", request.Headers["x-ms-version"]);
        Assert.True(DateTimeOffset.TryParse(request.Headers["x-ms-date"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
        Assert.Equal("/steps/messages", request.Uri.AbsolutePath);
        Assert.Equal("?visibilitytimeout=10&messagettl=3600", request.Uri.Query);
        Assert.Contains("<MessageText>aGk=</MessageText>", request.Body, StringComparison.Ordinal);
        Assert.Equal(("m1", "pr"), (receipt.MessageId, receipt.PopReceipt));
    }

    [Fact]
    public async Task Logged_request_shows_allowed_parameters_but_never_the_key_signature_or_sas()
    {
        var recorder = new RecordingTransport().Respond(HttpStatusCode.OK);
        var options = new BlobClientOptions { Transport = recorder.Transport };
        var pipeline = StoragePipeline.Build(options, options.VersionString, StoragePipeline.SharedKey(Key, StorageService.Blob));
        var logs = new List<string>();
        var host = "log" + Guid.NewGuid().ToString("N")[..8] + ".blob.core.windows.net";

        using (new AzureEventSourceListener((_, message) => { lock (logs) { logs.Add(message); } }, EventLevel.Verbose))
        {
            using var message = pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(new Uri($"https://{host}/statements?restype=container&comp=list&prefix=C-0001&sv=2024-08-04&sig=SECRETSIGNATURE"));
            await pipeline.SendAsync(message, CancellationToken.None);
        }

        var mine = logs.Where(l => l.Contains(host, StringComparison.Ordinal)).ToList();
        var signature = recorder.Requests.Single().Headers["Authorization"]["SharedKey account:".Length..];
        Assert.NotEmpty(mine);
        var request = mine.First(l => l.Contains("GET", StringComparison.Ordinal));
        Assert.Contains("restype=container", request, StringComparison.Ordinal);
        Assert.Contains("comp=list", request, StringComparison.Ordinal);
        Assert.Contains("x-ms-version:2024-08-04", request, StringComparison.Ordinal);
        Assert.Contains("Authorization:REDACTED", request, StringComparison.Ordinal);
        Assert.Contains("sig=REDACTED", request, StringComparison.Ordinal);
        Assert.Contains("prefix=REDACTED", request, StringComparison.Ordinal);
        Assert.All(logs, l =>
        {
            Assert.DoesNotContain("SECRETSIGNATURE", l, StringComparison.Ordinal);
            Assert.DoesNotContain(signature, l, StringComparison.Ordinal);
            Assert.DoesNotContain(AccountKey, l, StringComparison.Ordinal);
        });
    }

    private sealed class FakeTokenCredential(string token) : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.Add(requestContext.Scopes);
            }
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
