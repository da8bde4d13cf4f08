using Azure;

namespace Reimburse.Azure.Storage.Blobs;

/// <summary>Standard HTTP properties stored with a blob.</summary>
public sealed class BlobHttpHeaders
{
    /// <summary>The MIME type served with the blob, e.g. <c>application/pdf</c>.</summary>
    public string? ContentType { get; set; }
}

/// <summary>Conditions on a blob write.</summary>
public sealed class BlobRequestConditions
{
    /// <summary>Write only if the blob's ETag matches (optimistic concurrency).</summary>
    public ETag? IfMatch { get; set; }

    /// <summary>Write only if the blob's ETag differs; <see cref="ETag.All"/> means "only if the blob does not exist" (write-once).</summary>
    public ETag? IfNoneMatch { get; set; }
}

/// <summary>Options for <see cref="BlobClient.UploadAsync(Stream, BlobUploadOptions?, CancellationToken)"/>.</summary>
public sealed class BlobUploadOptions
{
    /// <summary>Content type and other HTTP properties.</summary>
    public BlobHttpHeaders? HttpHeaders { get; set; }

    /// <summary>Metadata: names are C# identifiers (case-insensitive), values printable ASCII.</summary>
    public IDictionary<string, string>? Metadata { get; set; }

    /// <summary>Conditions; <c>IfNoneMatch = ETag.All</c> makes the upload write-once (409 BlobAlreadyExists on a second put).</summary>
    public BlobRequestConditions? Conditions { get; set; }
}

/// <summary>The result of an upload.</summary>
/// <param name="ETag">The new blob's ETag.</param>
/// <param name="LastModified">When it was written.</param>
/// <param name="ContentHash">The MD5 the service computed, when it reports one.</param>
public sealed record BlobContentInfo(ETag ETag, DateTimeOffset LastModified, byte[]? ContentHash);

/// <summary>A blob's properties and metadata.</summary>
/// <param name="ContentType">The stored MIME type.</param>
/// <param name="ContentLength">The size in bytes.</param>
/// <param name="ETag">The ETag.</param>
/// <param name="LastModified">When it was last written.</param>
/// <param name="CreatedOn">When it was created, when the service reports it.</param>
/// <param name="ContentHash">The stored MD5, when there is one.</param>
/// <param name="Metadata">The metadata (names case-insensitive).</param>
public sealed record BlobProperties(
    string? ContentType,
    long ContentLength,
    ETag ETag,
    DateTimeOffset LastModified,
    DateTimeOffset? CreatedOn,
    byte[]? ContentHash,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>A downloading blob: the content stream (read it, then dispose) and the blob's properties.</summary>
public sealed class BlobDownloadStreamingResult : IDisposable, IAsyncDisposable
{
    internal BlobDownloadStreamingResult(Stream content, BlobProperties details)
    {
        Content = content;
        Details = details;
    }

    /// <summary>The content, streamed from the service as it is read (never buffered whole).</summary>
    public Stream Content { get; }

    /// <summary>The blob's properties and metadata.</summary>
    public BlobProperties Details { get; }

    /// <inheritdoc/>
    public void Dispose() => Content.Dispose();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>What a listing returns besides names.</summary>
[Flags]
public enum BlobTraits
{
    /// <summary>Names and properties only.</summary>
    None = 0,

    /// <summary>Also each blob's metadata.</summary>
    Metadata = 1,
}

/// <summary>One blob in a listing.</summary>
/// <param name="Name">The blob name.</param>
/// <param name="Properties">Its properties (<see cref="BlobProperties.Metadata"/> filled only with <see cref="BlobTraits.Metadata"/>).</param>
public sealed record BlobItem(string Name, BlobProperties Properties);

/// <summary>The result of creating a container.</summary>
/// <param name="ETag">The container's ETag.</param>
/// <param name="LastModified">When it was created.</param>
public sealed record BlobContainerInfo(ETag ETag, DateTimeOffset LastModified);
