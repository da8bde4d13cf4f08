using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage.Blobs;

/// <summary>
/// One block blob: upload (optionally write-once), download as a stream, properties and metadata, delete.
/// Shaped like <c>Azure.Storage.Blobs.BlobClient</c>.
/// </summary>
/// <remarks>
/// Uploads are one Put Blob request of at most <see cref="MaxUploadBytes"/>; a non-seekable stream is buffered first
/// (so that a retry can resend it). Downloads stream from the service and are never buffered whole.
/// </remarks>
public sealed class BlobClient
{
    /// <summary>The largest upload this client sends in one request (256 MiB).</summary>
    public const long MaxUploadBytes = 256L * 1024 * 1024;

    private readonly HttpPipeline _pipeline;

    /// <summary>Creates a client from a connection string (Shared Key).</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    /// <exception cref="ArgumentException">A name is invalid.</exception>
    public BlobClient(string connectionString, string blobContainerName, string blobName, BlobClientOptions? options = null)
        : this(new BlobContainerClient(connectionString, blobContainerName, options), blobName)
    {
    }

    /// <summary>Creates a client for the blob at <paramref name="blobUri"/> (<c>…/container/name</c>) with Shared Key.</summary>
    public BlobClient(Uri blobUri, StorageSharedKeyCredential credential, BlobClientOptions? options = null)
        : this(BlobClientOptions.CreatePipeline(options, StoragePipeline.SharedKey(credential, StorageService.Blob)), blobUri)
    {
    }

    /// <summary>Creates a client for the blob at <paramref name="blobUri"/> (<c>…/container/name</c>) with an Entra ID token.</summary>
    public BlobClient(Uri blobUri, TokenCredential credential, BlobClientOptions? options = null)
        : this(BlobClientOptions.CreatePipeline(options, StoragePipeline.Bearer(credential)), blobUri)
    {
    }

    private BlobClient(BlobContainerClient container, string blobName)
        : this(container.PipelineForBlobs, container, blobName)
    {
    }

    private BlobClient(HttpPipeline pipeline, Uri blobUri)
        : this(pipeline, ContainerOf(pipeline, blobUri, out var blobName), blobName)
    {
    }

    internal BlobClient(HttpPipeline pipeline, BlobContainerClient container, string blobName)
    {
        BlobNames.ValidateBlobName(blobName);
        _pipeline = pipeline;
        BlobContainerName = container.Name;
        Name = blobName;
        Uri = new Uri(container.Uri.AbsoluteUri + "/" + StorageUris.EncodeBlobName(blobName));
    }

    /// <summary>The blob name.</summary>
    public string Name { get; }

    /// <summary>The container name.</summary>
    public string BlobContainerName { get; }

    /// <summary>The blob URI.</summary>
    public Uri Uri { get; }

    /// <summary>
    /// Uploads the content as a block blob, replacing an existing one unless <see cref="BlobUploadOptions.Conditions"/>
    /// say otherwise. With <c>IfNoneMatch = ETag.All</c> a second upload fails with 409 BlobAlreadyExists and the first
    /// content stays.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid metadata (no request is sent).</exception>
    /// <exception cref="NotSupportedException">The content is larger than <see cref="MaxUploadBytes"/>.</exception>
    /// <exception cref="RequestFailedException">The service refused the upload (409 BlobAlreadyExists, 412 ConditionNotMet, …).</exception>
    public async Task<Response<BlobContentInfo>> UploadAsync(Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        BlobNames.ValidateMetadata(options?.Metadata);
        var seekable = content.CanSeek ? content : await BufferAsync(content, cancellationToken).ConfigureAwait(false);
        if (seekable.Length - seekable.Position > MaxUploadBytes)
        {
            throw new NotSupportedException($"Uploads are limited to {MaxUploadBytes} bytes in one request.");
        }
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Put;
        StorageUris.Set(request.Uri, Uri);
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        if (options?.HttpHeaders?.ContentType is { } contentType)
        {
            request.Headers.Add("x-ms-blob-content-type", contentType);
        }
        BlobNames.AddMetadata(request, options?.Metadata);
        if (options?.Conditions?.IfMatch is { } ifMatch)
        {
            request.Headers.Add("If-Match", ifMatch.ToString("H"));
        }
        if (options?.Conditions?.IfNoneMatch is { } ifNoneMatch)
        {
            request.Headers.Add("If-None-Match", ifNoneMatch.ToString("H"));
        }
        request.Content = RequestContent.Create(seekable);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 201).ConfigureAwait(false);
        var properties = BlobNames.ReadProperties(response);
        return Response.FromValue(new BlobContentInfo(properties.ETag, properties.LastModified, properties.ContentHash), response);
    }

    /// <summary>Uploads bytes; see <see cref="UploadAsync(Stream, BlobUploadOptions?, CancellationToken)"/>.</summary>
    public Task<Response<BlobContentInfo>> UploadAsync(BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return UploadAsync(content.ToStream(), options, cancellationToken);
    }

    /// <summary>Starts a download: the content streams from the service as the caller reads it. Dispose the result.</summary>
    /// <exception cref="RequestFailedException">404 BlobNotFound, …</exception>
    public async Task<Response<BlobDownloadStreamingResult>> DownloadStreamingAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get);
        message.BufferResponse = false;
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        var details = BlobNames.ReadProperties(response);
        var content = message.ExtractResponseContent() ?? Stream.Null;
        return Response.FromValue(new BlobDownloadStreamingResult(content, details), response);
    }

    /// <summary>Downloads the whole content into memory: for small blobs only.</summary>
    public async Task<Response<BinaryData>> DownloadContentAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        return Response.FromValue(response.Content, response);
    }

    /// <summary>Reads the blob's properties and metadata (HEAD); 404 throws.</summary>
    public async Task<Response<BlobProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Head);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        return Response.FromValue(BlobNames.ReadProperties(response), response);
    }

    /// <summary>True when the blob exists.</summary>
    public async Task<Response<bool>> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Head);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status == 200, response);
    }

    /// <summary>Deletes the blob; 404 (BlobNotFound) throws.</summary>
    public async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete);
        return await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 202).ConfigureAwait(false);
    }

    /// <summary>Deletes the blob if it exists; the value says whether it did.</summary>
    public async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 202, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status == 202, response);
    }

    private static BlobContainerClient ContainerOf(HttpPipeline pipeline, Uri blobUri, out string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobUri);
        // …/container/name/with/slashes: the container is the first segment after the service root. For path-style
        // endpoints (Azurite, http://host:port/account/container/name) the account segment comes first.
        var segments = blobUri.AbsolutePath.Trim('/').Split('/');
        var pathStyle = blobUri.IsLoopback || System.Net.IPAddress.TryParse(blobUri.Host, out _);
        var first = pathStyle ? 1 : 0;
        if (segments.Length < first + 2)
        {
            throw new ArgumentException("The blob URI must name a container and a blob.", nameof(blobUri));
        }
        blobName = Uri.UnescapeDataString(string.Join('/', segments[(first + 1)..]));
        var containerUri = new Uri(blobUri.GetLeftPart(UriPartial.Authority) + "/" + string.Join('/', segments[..(first + 1)]));
        return new BlobContainerClient(pipeline, containerUri);
    }

    private static async Task<MemoryStream> BufferAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxUploadBytes)
            {
                throw new NotSupportedException($"Uploads are limited to {MaxUploadBytes} bytes in one request.");
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    private HttpMessage CreateMessage(RequestMethod method)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        StorageUris.Set(message.Request.Uri, Uri);
        return message;
    }
}
