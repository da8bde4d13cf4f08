using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Queues;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Azure.Storage;

/// <summary>
/// One storage account: the single place that turns configuration (a connection string, or service URIs plus a
/// <see cref="TokenCredential"/> for managed identity) into Table, Blob and Queue clients, and checks that the three
/// services are reachable. Register one instance as a singleton; the clients it hands out share its pipelines.
/// </summary>
public sealed class StorageAccount
{
    private readonly StorageSharedKeyCredential? _sharedKey;
    private readonly TokenCredential? _token;
    private readonly TimeSpan _healthTimeout;
    private readonly TableServiceClient _tableProbe;
    private readonly BlobServiceClient _blobProbe;
    private readonly QueueServiceClient _queueProbe;

    private StorageAccount(Uri blobEndpoint, Uri queueEndpoint, Uri tableEndpoint, StorageSharedKeyCredential? sharedKey, TokenCredential? token, StorageAccountOptions? options)
    {
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        options ??= new StorageAccountOptions();
        _sharedKey = sharedKey;
        _token = token;
        _healthTimeout = options.HealthCheckTimeout;

        TableService = new TableServiceClient(Pipeline(options.Tables, options.Tables.VersionString, StorageService.Table), tableEndpoint);
        BlobService = new BlobServiceClient(Pipeline(options.Blobs, options.Blobs.VersionString, StorageService.Blob), blobEndpoint);
        QueueService = new QueueServiceClient(Pipeline(options.Queues, options.Queues.VersionString, StorageService.Queue), queueEndpoint, options.Queues.MessageEncoding);

        // Probes get their own pipelines without retries, so that /healthz answers fast and says why a service is down.
        _tableProbe = new TableServiceClient(Pipeline(ProbeOptions(new TableClientOptions(), options.Tables), options.Tables.VersionString, StorageService.Table), tableEndpoint);
        _blobProbe = new BlobServiceClient(Pipeline(ProbeOptions(new BlobClientOptions(), options.Blobs), options.Blobs.VersionString, StorageService.Blob), blobEndpoint);
        _queueProbe = new QueueServiceClient(Pipeline(ProbeOptions(new QueueClientOptions(), options.Queues), options.Queues.VersionString, StorageService.Queue), queueEndpoint, options.Queues.MessageEncoding);
    }

    /// <summary>The Table service client.</summary>
    public TableServiceClient TableService { get; }

    /// <summary>The Blob service client.</summary>
    public BlobServiceClient BlobService { get; }

    /// <summary>The Queue service client.</summary>
    public QueueServiceClient QueueService { get; }

    /// <summary>
    /// From a connection string: <c>UseDevelopmentStorage=true</c>, account name + key (+ endpoint suffix), or explicit
    /// service endpoints (Azurite on other ports). Requests are signed with Shared Key.
    /// </summary>
    /// <exception cref="FormatException">The connection string is malformed (the message never shows the key).</exception>
    public static StorageAccount FromConnectionString(string connectionString, StorageAccountOptions? options = null)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        return new StorageAccount(parsed.BlobEndpoint, parsed.QueueEndpoint, parsed.TableEndpoint, parsed.Credential, null, options);
    }

    /// <summary>
    /// From the three service URIs and an Entra ID credential (e.g. <c>ManagedIdentityCredential</c>): requests carry
    /// <c>Authorization: Bearer</c> for scope <c>https://storage.azure.com/.default</c>, never a Shared Key. HTTPS only.
    /// </summary>
    public static StorageAccount FromTokenCredential(Uri blobEndpoint, Uri queueEndpoint, Uri tableEndpoint, TokenCredential credential, StorageAccountOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageAccount(blobEndpoint, queueEndpoint, tableEndpoint, null, credential, options);
    }

    /// <summary>From an account name and an Entra ID credential, with the endpoints <c>https://{account}.{service}.{suffix}</c>.</summary>
    public static StorageAccount FromTokenCredential(string accountName, TokenCredential credential, string endpointSuffix = "core.windows.net", StorageAccountOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        Uri Endpoint(string service) => new(string.Create(CultureInfo.InvariantCulture, $"https://{accountName}.{service}.{endpointSuffix}"));
        return FromTokenCredential(Endpoint("blob"), Endpoint("queue"), Endpoint("table"), credential, options);
    }

    /// <summary>A client for one table.</summary>
    /// <exception cref="ArgumentException">The table name is invalid.</exception>
    public TableClient GetTableClient(string tableName) => TableService.GetTableClient(tableName);

    /// <summary>A client for one blob container.</summary>
    /// <exception cref="ArgumentException">The container name is invalid.</exception>
    public BlobContainerClient GetBlobContainerClient(string containerName) => BlobService.GetBlobContainerClient(containerName);

    /// <summary>A client for one queue.</summary>
    /// <exception cref="ArgumentException">The queue name is invalid.</exception>
    public QueueClient GetQueueClient(string queueName) => QueueService.GetQueueClient(queueName);

    /// <summary>
    /// Sends one cheap authenticated request to each service at once (list one container, one queue, one table), without
    /// retries and within <see cref="StorageAccountOptions.HealthCheckTimeout"/>, and reports which answered. For /healthz.
    /// </summary>
    /// <exception cref="OperationCanceledException">The caller cancelled (a probe timing out is reported, not thrown).</exception>
    public async Task<StorageHealthReport> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var results = await Task.WhenAll(
            ProbeAsync(StorageService.Blob, _blobProbe.ProbeAsync, cancellationToken),
            ProbeAsync(StorageService.Queue, _queueProbe.ProbeAsync, cancellationToken),
            ProbeAsync(StorageService.Table, _tableProbe.ProbeAsync, cancellationToken)).ConfigureAwait(false);
        return new StorageHealthReport(results);
    }

    private async Task<StorageServiceHealth> ProbeAsync(StorageService service, Func<CancellationToken, Task<Response>> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_healthTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await probe(timeout.Token).ConfigureAwait(false);
            return new StorageServiceHealth(service, true, clock.Elapsed, response.Status, null,
                string.Create(CultureInfo.InvariantCulture, $"answered {response.Status} in {clock.ElapsedMilliseconds} ms"));
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            return new StorageServiceHealth(service, false, clock.Elapsed, ex.Status, ex.ErrorCode,
                string.Create(CultureInfo.InvariantCulture, $"answered {ex.Status} {ex.ErrorCode}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new StorageServiceHealth(service, false, clock.Elapsed, null, null,
                string.Create(CultureInfo.InvariantCulture, $"no answer within {_healthTimeout.TotalSeconds:0.#} s"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException) // a probe reports every failure (transport, DNS, TLS, token) instead of throwing
        {
            return new StorageServiceHealth(service, false, clock.Elapsed, null, null, "unreachable: " + (ex.InnerException ?? ex).Message);
        }
    }

    private HttpPipeline Pipeline(ClientOptions options, string version, StorageService service) =>
        StoragePipeline.Build(options, version, _sharedKey is not null ? StoragePipeline.SharedKey(_sharedKey, service) : StoragePipeline.Bearer(_token!));

    private static T ProbeOptions<T>(T probe, ClientOptions source)
        where T : ClientOptions
    {
        probe.Transport = source.Transport;
        probe.Retry.MaxRetries = 0;
        probe.Retry.NetworkTimeout = source.Retry.NetworkTimeout;
        probe.Diagnostics.IsLoggingEnabled = source.Diagnostics.IsLoggingEnabled;
        probe.Diagnostics.IsDistributedTracingEnabled = source.Diagnostics.IsDistributedTracingEnabled;
        return probe;
    }
}
