using System.Globalization;
using System.Xml;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage.Blobs;

/// <summary>
/// One blob container: create, delete, list blobs by prefix (streaming every page), and blob clients.
/// Shaped like <c>Azure.Storage.Blobs.BlobContainerClient</c>.
/// </summary>
public sealed class BlobContainerClient
{
    private readonly HttpPipeline _pipeline;

    /// <summary>Creates a client from a connection string (Shared Key).</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    /// <exception cref="ArgumentException">The container name is invalid.</exception>
    public BlobContainerClient(string connectionString, string containerName, BlobClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), containerName, options)
    {
    }

    /// <summary>Creates a client for the container at <paramref name="containerUri"/> with Shared Key.</summary>
    public BlobContainerClient(Uri containerUri, StorageSharedKeyCredential credential, BlobClientOptions? options = null)
        : this(BlobClientOptions.CreatePipeline(options, StoragePipeline.SharedKey(credential, StorageService.Blob)), containerUri)
    {
    }

    /// <summary>Creates a client for the container at <paramref name="containerUri"/> with an Entra ID token (managed identity).</summary>
    public BlobContainerClient(Uri containerUri, TokenCredential credential, BlobClientOptions? options = null)
        : this(BlobClientOptions.CreatePipeline(options, StoragePipeline.Bearer(credential)), containerUri)
    {
    }

    private BlobContainerClient(StorageConnectionString connection, string containerName, BlobClientOptions? options)
        : this(ContainerUri(connection.BlobEndpoint, containerName), connection.Credential, options)
    {
    }

    internal BlobContainerClient(HttpPipeline pipeline, Uri containerUri)
    {
        ArgumentNullException.ThrowIfNull(containerUri);
        _pipeline = pipeline;
        Uri = StorageConnectionString.TrimTrailingSlash(containerUri);
        Name = StorageUris.LastSegment(Uri);
        BlobNames.ValidateContainerName(Name);
    }

    /// <summary>The container name.</summary>
    public string Name { get; }

    internal HttpPipeline PipelineForBlobs => _pipeline;

    /// <summary>The container URI.</summary>
    public Uri Uri { get; }

    /// <summary>A client for one blob in this container, sharing this client's pipeline.</summary>
    /// <exception cref="ArgumentException">The blob name is invalid.</exception>
    public BlobClient GetBlobClient(string blobName) => new(_pipeline, this, blobName);

    /// <summary>Creates the container (private access) unless it exists. Returns null when it already existed.</summary>
    public async Task<Response<BlobContainerInfo>?> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 201, 409).ConfigureAwait(false);
        if (response.Status == 409)
        {
            if (response.Headers.TryGetValue("x-ms-error-code", out var code) && code == "ContainerAlreadyExists")
            {
                return null;
            }
            throw await StorageErrors.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
        var properties = BlobNames.ReadProperties(response);
        return Response.FromValue(new BlobContainerInfo(properties.ETag, properties.LastModified), response);
    }

    /// <summary>True when the container exists.</summary>
    public async Task<Response<bool>> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Head);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status == 200, response);
    }

    /// <summary>Deletes the container and its blobs; 404 (ContainerNotFound) throws.</summary>
    public async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete);
        return await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 202).ConfigureAwait(false);
    }

    /// <summary>Deletes the container if it exists; the value says whether it did.</summary>
    public async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 202, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status == 202, response);
    }

    /// <summary>Uploads a new blob; 409 (BlobAlreadyExists) when the name is taken: uploads through this method are write-once.</summary>
    public Task<Response<BlobContentInfo>> UploadBlobAsync(string blobName, Stream content, CancellationToken cancellationToken = default) =>
        GetBlobClient(blobName).UploadAsync(content, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);

    /// <summary>Lists blobs in name order, optionally under a prefix; streams every page (marker paging) as it is enumerated.</summary>
    /// <param name="traits">Whether to include metadata.</param>
    /// <param name="prefix">Only names starting with this text, or null for all.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public AsyncPageable<BlobItem> GetBlobsAsync(BlobTraits traits = BlobTraits.None, string? prefix = null, CancellationToken cancellationToken = default) =>
        new StoragePageable<BlobItem>((marker, pageSize, ct) => ListPageAsync(traits, prefix, marker, pageSize, ct), cancellationToken);

    private static Uri ContainerUri(Uri serviceUri, string containerName)
    {
        BlobNames.ValidateContainerName(containerName);
        return StorageUris.Append(serviceUri, containerName);
    }

    private HttpMessage CreateMessage(RequestMethod method)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        StorageUris.Set(message.Request.Uri, Uri);
        message.Request.Uri.AppendQuery("restype", "container");
        return message;
    }

    private async Task<Page<BlobItem>> ListPageAsync(BlobTraits traits, string? prefix, string? marker, int? pageSize, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get);
        var uri = message.Request.Uri;
        uri.AppendQuery("comp", "list");
        if (!string.IsNullOrEmpty(prefix))
        {
            uri.AppendQuery("prefix", prefix);
        }
        if (!string.IsNullOrEmpty(marker))
        {
            uri.AppendQuery("marker", marker);
        }
        if (pageSize is { } size)
        {
            uri.AppendQuery("maxresults", size.ToString(CultureInfo.InvariantCulture));
        }
        if (traits.HasFlag(BlobTraits.Metadata))
        {
            uri.AppendQuery("include", "metadata");
        }
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        var (items, next) = await ReadListAsync(response.ContentStream!, cancellationToken).ConfigureAwait(false);
        return Page<BlobItem>.FromValues(items, next, response);
    }

    private static async Task<(List<BlobItem> Items, string? NextMarker)> ReadListAsync(Stream xml, CancellationToken cancellationToken)
    {
        var items = new List<BlobItem>();
        string? next = null;
        using var reader = XmlReader.Create(xml, StorageProtocol.ReaderSettings);
        // ReadElementContent* already moves to the next node, so the loop only reads on where nothing was consumed.
        var more = await reader.ReadAsync().ConfigureAwait(false);
        while (more)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "NextMarker" && reader.Depth == 1)
            {
                next = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                more = !reader.EOF;
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Blob" && reader.Depth == 2)
            {
                items.Add(await ReadBlobAsync(reader.ReadSubtree()).ConfigureAwait(false));
                more = await reader.ReadAsync().ConfigureAwait(false);
            }
            else
            {
                more = await reader.ReadAsync().ConfigureAwait(false);
            }
        }
        return (items, string.IsNullOrEmpty(next) ? null : next);
    }

    private static async Task<BlobItem> ReadBlobAsync(XmlReader blob)
    {
        using var reader = blob;
        string? name = null;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? section = null;
        var more = await reader.ReadAsync().ConfigureAwait(false);
        while (more)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                more = await reader.ReadAsync().ConfigureAwait(false);
                continue;
            }
            switch (reader.Depth)
            {
                case 1 when reader.LocalName == "Name":
                    // Names with characters that XML cannot carry come percent-encoded with Encoded="true".
                    var encoded = reader.GetAttribute("Encoded") == "true";
                    var text = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    name = encoded ? Uri.UnescapeDataString(text) : text;
                    continue;
                case 2 when section == "Properties":
                    properties[reader.LocalName] = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    continue;
                case 2 when section == "Metadata":
                    metadata[reader.LocalName] = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    continue;
                case 1:
                    section = reader.LocalName;
                    break;
            }
            more = await reader.ReadAsync().ConfigureAwait(false);
        }
        var md5 = properties.GetValueOrDefault("Content-MD5");
        return new BlobItem(
            name ?? throw new InvalidOperationException("A listed blob has no name."),
            new BlobProperties(
                properties.GetValueOrDefault("Content-Type"),
                long.Parse(properties.GetValueOrDefault("Content-Length") ?? "0", CultureInfo.InvariantCulture),
                new ETag(properties.GetValueOrDefault("Etag") ?? string.Empty),
                StorageProtocol.ParseRfc1123OrNull(properties.GetValueOrDefault("Last-Modified")) ?? default,
                StorageProtocol.ParseRfc1123OrNull(properties.GetValueOrDefault("Creation-Time")),
                string.IsNullOrEmpty(md5) ? null : Convert.FromBase64String(md5),
                metadata));
    }
}
