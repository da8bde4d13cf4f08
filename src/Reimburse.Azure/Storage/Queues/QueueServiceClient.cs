using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage.Queues;

/// <summary>The account's Queue service: hands out queue clients that share one pipeline. Shaped like <c>Azure.Storage.Queues.QueueServiceClient</c>.</summary>
public sealed class QueueServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly QueueMessageEncoding _encoding;

    /// <summary>Creates a client from a connection string (Shared Key).</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public QueueServiceClient(string connectionString, QueueClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options ?? new QueueClientOptions())
    {
    }

    /// <summary>Creates a client for the service <paramref name="serviceUri"/> with Shared Key.</summary>
    public QueueServiceClient(Uri serviceUri, StorageSharedKeyCredential credential, QueueClientOptions? options = null)
        : this(serviceUri, options ?? new QueueClientOptions(), StoragePipeline.SharedKey(credential, StorageService.Queue))
    {
    }

    /// <summary>Creates a client for the service <paramref name="serviceUri"/> with an Entra ID token (managed identity).</summary>
    public QueueServiceClient(Uri serviceUri, TokenCredential credential, QueueClientOptions? options = null)
        : this(serviceUri, options ?? new QueueClientOptions(), StoragePipeline.Bearer(credential))
    {
    }

    private QueueServiceClient(StorageConnectionString connection, QueueClientOptions options)
        : this(connection.QueueEndpoint, options, StoragePipeline.SharedKey(connection.Credential, StorageService.Queue))
    {
    }

    private QueueServiceClient(Uri serviceUri, QueueClientOptions options, HttpPipelinePolicy authentication)
        : this(QueueClientOptions.CreatePipeline(options, authentication), serviceUri, options.MessageEncoding)
    {
    }

    internal QueueServiceClient(HttpPipeline pipeline, Uri serviceUri, QueueMessageEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        _pipeline = pipeline;
        _encoding = encoding;
        Uri = StorageConnectionString.TrimTrailingSlash(serviceUri);
    }

    /// <summary>The Queue service endpoint.</summary>
    public Uri Uri { get; }

    /// <summary>A client for one queue, sharing this client's pipeline and message encoding.</summary>
    /// <exception cref="ArgumentException">The queue name is invalid.</exception>
    public QueueClient GetQueueClient(string queueName)
    {
        StorageNames.ValidateLowercaseName(queueName, "queue");
        return new QueueClient(_pipeline, StorageUris.Append(Uri, queueName), _encoding);
    }

    /// <summary>Checks that the service answers and accepts our credentials: one <c>GET ?comp=list&amp;maxresults=1</c>.</summary>
    internal async Task<Response> ProbeAsync(CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        StorageUris.Set(message.Request.Uri, Uri);
        message.Request.Uri.AppendQuery("comp", "list");
        message.Request.Uri.AppendQuery("maxresults", "1");
        return await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
    }
}
