using Azure;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Claims;

namespace Reimburse.Functions.Claims;

/// <summary>The claimants' documents: written once by intake, read for extraction, deleted by the retention purge.</summary>
public interface IClaimDocuments
{
    /// <summary>
    /// Stores the document's bytes under its blob name, once: a blob already there is left as it is (a retried
    /// upload of the same planned document). Returns false in that case.
    /// </summary>
    Task<bool> WriteOnceAsync(DocumentRef document, BinaryData content, CancellationToken cancellationToken);

    /// <summary>The document's bytes.</summary>
    /// <exception cref="RequestFailedException">The blob is missing (404) or storage failed.</exception>
    Task<BinaryData> ReadAsync(DocumentRef document, CancellationToken cancellationToken);

    /// <summary>Deletes the document; one already gone is fine.</summary>
    Task DeleteAsync(DocumentRef document, CancellationToken cancellationToken);
}

/// <summary>Documents in the <c>statements</c> blob container, by the blob name recorded on the claim.</summary>
public sealed class BlobClaimDocuments(BlobContainerClient container) : IClaimDocuments
{
    public async Task<bool> WriteOnceAsync(DocumentRef document, BinaryData content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            await container.GetBlobClient(document.BlobName).UploadAsync(content, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = document.ContentType },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

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
