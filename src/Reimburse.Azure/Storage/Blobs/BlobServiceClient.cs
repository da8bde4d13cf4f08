using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage.Blobs;

/// <summary>The account's Blob service: hands out container clients that share one pipeline. Shaped like <c>Azure.Storage.Blobs.BlobServiceClient</c>.</summary>
public sealed class BlobServiceClient
{
    private readonly HttpPipeline _pipeline;

    /// <summary>Creates a client from a connection string (Shared Key).</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public BlobServiceClient(string connectionString, BlobClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    /// <summary>Creates a client for the service <paramref name="serviceUri"/> with Shared Key.</summary>
    public BlobServiceClient(Uri serviceUri, StorageSharedKeyCredential credential, BlobClientOptions? options = null)
        : this(BlobClientOptions.CreatePipeline(options, StoragePipeline.SharedKey(credential, StorageService.Blob)), serviceUri)
    {
    }

    /// <summary>Creates a client for the service <paramref name="serviceUri"/> with an Entra ID token (managed identity).</summary>
    public BlobServiceClient(Uri serviceUri, TokenCredential credential, BlobClientOptions? options = null)
        : this(BlobClientOptions.CreatePipeline(options, StoragePipeline.Bearer(credential)), serviceUri)
    {
    }

    private BlobServiceClient(StorageConnectionString connection, BlobClientOptions? options)
        : this(connection.BlobEndpoint, connection.Credential, options)
    {
    }

    internal BlobServiceClient(HttpPipeline pipeline, Uri serviceUri)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        _pipeline = pipeline;
        Uri = StorageConnectionString.TrimTrailingSlash(serviceUri);
    }

    /// <summary>The Blob service endpoint.</summary>
    public Uri Uri { get; }

    /// <summary>A client for one container, sharing this client's pipeline.</summary>
    /// <exception cref="ArgumentException">The container name is invalid.</exception>
    public BlobContainerClient GetBlobContainerClient(string containerName)
    {
        BlobNames.ValidateContainerName(containerName);
        return new BlobContainerClient(_pipeline, StorageUris.Append(Uri, containerName));
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
