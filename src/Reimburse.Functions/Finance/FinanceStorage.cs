using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Functions.Finance;

/// <summary>
/// Where finance's batches live, created once per process on first use.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Table <c>PayoutBatches</c>: partition <c>batches</c> (one header row per batch), <c>counter</c> (the batch
/// number), <c>items-{batch}</c> (one row per claim, <c>c-{claim id}</c>: the amount and account as they were when the
/// claim joined), <c>results-{batch}</c> (the bank's result per claim), <c>settlements-{batch}</c> (each imported file).</item>
/// <item>Container <c>payouts</c>: <c>{batch}/{batch}.zengin.txt</c> and <c>{batch}/{batch}.journal.csv</c>, written once;
/// <c>{batch}/settlements/{sha256}.csv</c>, the imported result files.</item>
/// </list>
/// </remarks>
public sealed class FinanceStorage
{
    public const string BatchesTable = "PayoutBatches";
    public const string PayoutsContainer = "payouts";

    private readonly Lock _lock = new();
    private Task? _creation;

    public FinanceStorage(StorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        Batches = account.GetTableClient(BatchesTable);
        Payouts = account.GetBlobContainerClient(PayoutsContainer);
    }

    public TableClient Batches { get; }

    public BlobContainerClient Payouts { get; }

    /// <summary>Creates the table and container once per process; after a failure the next call tries again.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                _creation = Task.WhenAll(Batches.CreateIfNotExistsAsync(), Payouts.CreateIfNotExistsAsync());
            }
            return _creation.WaitAsync(cancellationToken);
        }
    }
}
