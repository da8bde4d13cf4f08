using Azure;
using Reimburse.Azure.Storage.Blobs;

namespace Reimburse.Functions.Customers;

/// <summary>
/// Error reports in <c>customer-imports/{incident}/{importId}/errors.csv</c> and mail-merge files in
/// <c>mailings/{incident}/{runId}.csv</c>, both uploaded write-once.
/// </summary>
public sealed class BlobCustomerFiles(CustomerStorage storage) : ICustomerFiles
{
    public async Task SaveImportReportAsync(string incidentId, string importId, Stream content, CancellationToken cancellationToken)
    {
        await storage.Imports.UploadBlobAsync(ReportName(incidentId, importId), content, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream?> OpenImportReportAsync(string incidentId, string importId, CancellationToken cancellationToken) =>
        OpenAsync(storage.Imports, ReportName(incidentId, importId), cancellationToken);

    public async Task SaveMailingAsync(string incidentId, string runId, Stream content, CancellationToken cancellationToken)
    {
        await storage.Mailings.UploadBlobAsync(MailingName(incidentId, runId), content, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream?> OpenMailingAsync(string incidentId, string runId, CancellationToken cancellationToken) =>
        OpenAsync(storage.Mailings, MailingName(incidentId, runId), cancellationToken);

    public async Task DeleteMailingAsync(string incidentId, string runId, CancellationToken cancellationToken)
    {
        await storage.Mailings.GetBlobClient(MailingName(incidentId, runId)).DeleteIfExistsAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Stream?> OpenAsync(BlobContainerClient container, string name, CancellationToken cancellationToken)
    {
        try
        {
            var download = await container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static string ReportName(string incidentId, string importId) => $"{incidentId}/{importId}/errors.csv";

    private static string MailingName(string incidentId, string runId) => $"{incidentId}/{runId}.csv";
}
