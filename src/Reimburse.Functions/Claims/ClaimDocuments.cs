using Azure;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Claims;

namespace Reimburse.Functions.Claims;

/// <summary>The claimants' documents: read for extraction, deleted by the retention purge.</summary>
public interface IClaimDocuments
{
    /// <summary>The document's bytes.</summary>
    /// <exception cref="RequestFailedException">The blob is missing (404) or storage failed.</exception>
    Task<BinaryData> ReadAsync(DocumentRef document, CancellationToken cancellationToken);

    /// <summary>Deletes the document; one already gone is fine.</summary>
    Task DeleteAsync(DocumentRef document, CancellationToken cancellationToken);
}

/// <summary>Documents in the <c>statements</c> blob container, by the blob name recorded on the claim.</summary>
public sealed class BlobClaimDocuments(BlobContainerClient container) : IClaimDocuments
{
    public async Task<BinaryData> ReadAsync(DocumentRef document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var response = await container.GetBlobClient(document.BlobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    public async Task DeleteAsync(DocumentRef document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        await container.GetBlobClient(document.BlobName).DeleteIfExistsAsync(cancellationToken).ConfigureAwait(false);
    }
}
