using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reimburse.Azure.DocumentIntelligence;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Functions.Extraction;
using Reimburse.Functions.Storage;

namespace Reimburse.Functions.Tests.Deployment;

/// <summary>The managed-identity tests change process-wide environment variables: no other test runs beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ManagedIdentityCollection
{
    public const string Name = "managed-identity";
}

/// <summary>
/// "Shared keys disabled" is safe only if every request to Storage and Document Intelligence carries an Entra ID
/// token of the app's user-assigned identity. Here the app's own composition (the settings Azure gets: service URIs,
/// endpoint, identity client id; no key) runs against a local fake of the App Service managed-identity endpoint
/// (IDENTITY_ENDPOINT / IDENTITY_HEADER, as the Functions platform provides) and services that record headers.
/// </summary>
[Collection(ManagedIdentityCollection.Name)]
public sealed class ManagedIdentityTests
{
    // Azure.Identity caches tokens per identity for the whole process: every test has an identity of its own.
    private readonly string _clientId = Guid.NewGuid().ToString();

    [Fact]
    public async Task Storage_requests_carry_the_managed_identitys_bearer_token_and_never_a_shared_key()
    {
        await using var identity = await FakeIdentityEndpoint.StartAsync();
        var storage = new RecordingHandler(HttpStatusCode.NoContent);
        var clientOptions = new Reimburse.Azure.Storage.StorageAccountOptions();
        clientOptions.Tables.Transport = clientOptions.Blobs.Transport = clientOptions.Queues.Transport = storage.Transport;
        using (identity.Environment())
        {
            var account = StorageRegistration.CreateAccount(new StorageOptions
            {
                BlobServiceUri = new Uri("https://streimb.blob.core.windows.net/"),
                QueueServiceUri = new Uri("https://streimb.queue.core.windows.net/"),
                TableServiceUri = new Uri("https://streimb.table.core.windows.net/"),
                ManagedIdentityClientId = _clientId,
            }, clientOptions);

            await account.GetTableClient("Claims").UpsertEntityAsync(new TableEntity("p", "r"));
            await account.GetQueueClient("claim-steps").DeleteMessageAsync("id", "receipt");
            await Assert.ThrowsAsync<RequestFailedException>(() => account.GetBlobContainerClient("statements").GetBlobClient("a.pdf").UploadAsync(BinaryData.FromString("x")));
        }

        Assert.Equal(["streimb.table.core.windows.net", "streimb.queue.core.windows.net", "streimb.blob.core.windows.net"], storage.Requests.Select(r => r.Host));
        Assert.All(storage.Requests, r =>
        {
            Assert.Equal("Bearer " + FakeIdentityEndpoint.TokenFor("https://storage.azure.com"), r.Authorization);
            Assert.DoesNotContain(r.Headers, h => h.Contains("SharedKey", StringComparison.OrdinalIgnoreCase));
        });
        var tokenRequest = Assert.Single(identity.Requests.Select(r => (r.Resource, r.ClientId, r.HasSecretHeader)).Distinct());
        Assert.Equal(("https://storage.azure.com", _clientId, true), tokenRequest);
    }

    [Fact]
    public async Task Document_intelligence_requests_carry_the_managed_identitys_bearer_token_and_never_a_key()
    {
        await using var identity = await FakeIdentityEndpoint.StartAsync();
        var service = new RecordingHandler(HttpStatusCode.BadRequest, """{"error":{"code":"InvalidRequest","message":"recorded"}}""");
        using (identity.Environment())
        {
            var client = StatementReaderRegistration.CreateClient(new DocumentIntelligenceReaderOptions
            {
                Endpoint = new Uri("https://di-reimburse.cognitiveservices.azure.com/"),
                ManagedIdentityClientId = _clientId,
            }, service.Transport);

            await Assert.ThrowsAsync<RequestFailedException>(() => client.AnalyzeDocumentAsync("prebuilt-invoice", BinaryData.FromString("%PDF-1.7")));
        }

        var request = Assert.Single(service.Requests);
        Assert.Equal("di-reimburse.cognitiveservices.azure.com", request.Host);
        Assert.Equal("Bearer " + FakeIdentityEndpoint.TokenFor("https://cognitiveservices.azure.com"), request.Authorization);
        Assert.DoesNotContain(request.Headers, h => h.StartsWith(DocumentIntelligenceClient.KeyHeader, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(("https://cognitiveservices.azure.com", _clientId, true), Assert.Single(identity.Requests.Select(r => (r.Resource, r.ClientId, r.HasSecretHeader)).Distinct()));
    }

    [Fact]
    public async Task Without_the_identity_endpoint_no_request_leaves_without_a_token()
    {
        await using var identity = await FakeIdentityEndpoint.StartAsync(refuse: true);
        var storage = new RecordingHandler(HttpStatusCode.NoContent);
        var clientOptions = new Reimburse.Azure.Storage.StorageAccountOptions();
        clientOptions.Tables.Transport = storage.Transport;
        clientOptions.Tables.Retry.MaxRetries = 0;
        using (identity.Environment())
        {
            var account = StorageRegistration.CreateAccount(new StorageOptions
            {
                BlobServiceUri = new Uri("https://streimb.blob.core.windows.net/"),
                QueueServiceUri = new Uri("https://streimb.queue.core.windows.net/"),
                TableServiceUri = new Uri("https://streimb.table.core.windows.net/"),
                ManagedIdentityClientId = _clientId,
            }, clientOptions);

            await Assert.ThrowsAnyAsync<Exception>(() => account.GetTableClient("Claims").UpsertEntityAsync(new TableEntity("p", "r")));
        }

        Assert.Empty(storage.Requests);
        Assert.NotEmpty(identity.Requests);
    }

    /// <summary>A recorded request: host, Authorization header and every header as "name: value".</summary>
    private sealed record Recorded(string Host, string? Authorization, IReadOnlyList<string> Headers);

    /// <summary>An HTTP transport that records requests and answers them all with one status, never touching the network.</summary>
    private sealed class RecordingHandler(HttpStatusCode status, string? body = null) : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Recorded> _requests = new();

        public IReadOnlyCollection<Recorded> Requests => _requests;

        public HttpPipelineTransport Transport => new HttpClientTransport(new HttpClient(this, disposeHandler: false));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .SelectMany(h => h.Value.Select(v => h.Key + ": " + v)).ToList();
            _requests.Enqueue(new Recorded(request.RequestUri!.Host, request.Headers.Authorization?.ToString(), headers));
            var response = new HttpResponseMessage(status) { RequestMessage = request };
            if (body is not null)
            {
                response.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            return Task.FromResult(response);
        }
    }

    /// <summary>
    /// The App Service / Functions managed-identity endpoint (api-version 2019-08-01): GET with resource and client_id,
    /// the secret of IDENTITY_HEADER in X-IDENTITY-HEADER; answers a token named after the resource.
    /// </summary>
    private sealed class FakeIdentityEndpoint : IAsyncDisposable
    {
        private const string Secret = "identity-header-secret";
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Resource, string ClientId, bool HasSecretHeader)> _requests = new();

        private FakeIdentityEndpoint(WebApplication app) => _app = app;

        public IReadOnlyCollection<(string Resource, string ClientId, bool HasSecretHeader)> Requests => _requests;

        public string Endpoint => _app.Urls.First() + "/msi/token";

        public static string TokenFor(string resource) => "fake-token-for-" + new Uri(resource).Host;

        public static async Task<FakeIdentityEndpoint> StartAsync(bool refuse = false)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new FakeIdentityEndpoint(app);
            app.MapGet("/msi/token", (HttpRequest request) =>
            {
                var resource = request.Query["resource"].ToString();
                var clientId = request.Query["client_id"].ToString();
                var secret = request.Headers["X-IDENTITY-HEADER"].ToString() == Secret;
                fake._requests.Enqueue((resource.TrimEnd('/'), clientId, secret));
                if (refuse || !secret)
                {
                    return Results.Json(new { error = "invalid_request", error_description = "refused" }, statusCode: 400);
                }
                return Results.Json(new Dictionary<string, string>
                {
                    ["access_token"] = TokenFor(resource),
                    ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["resource"] = resource,
                    ["token_type"] = "Bearer",
                    ["client_id"] = clientId,
                });
            });
            await app.StartAsync();
            return fake;
        }

        /// <summary>Points the managed-identity credential at this endpoint until disposed.</summary>
        public IDisposable Environment() => new Variables(("IDENTITY_ENDPOINT", Endpoint), ("IDENTITY_HEADER", Secret));

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        private sealed class Variables : IDisposable
        {
            private readonly (string Name, string? Before)[] _saved;

            public Variables(params (string Name, string Value)[] values)
            {
                _saved = [.. values.Select(v => (v.Name, System.Environment.GetEnvironmentVariable(v.Name)))];
                foreach (var (name, value) in values)
                {
                    System.Environment.SetEnvironmentVariable(name, value);
                }
            }

            public void Dispose()
            {
                foreach (var (name, before) in _saved)
                {
                    System.Environment.SetEnvironmentVariable(name, before);
                }
            }
        }
    }
}
