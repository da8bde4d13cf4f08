using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Functions.Customers;

/// <summary>
/// The tables and containers of the customers feature (layout: docs/customers.md). They are declared with
/// <c>AddStorageResources</c> and created by the storage provisioner when the app (or a command) starts.
/// </summary>
public sealed class CustomerStorage(StorageAccount account)
{
    public const string IncidentsTable = "Incidents";
    public const string CustomersTable = "Customers";
    public const string ClaimCodesTable = "ClaimCodes";
    public const string RunsTable = "CustomerRuns";
    public const string ImportsContainer = "customer-imports";
    public const string MailingsContainer = "mailings";

    public static IReadOnlyList<string> Tables { get; } = [IncidentsTable, CustomersTable, ClaimCodesTable, RunsTable];

    public static IReadOnlyList<string> Containers { get; } = [ImportsContainer, MailingsContainer];

    public TableClient Incidents { get; } = account.GetTableClient(IncidentsTable);

    public TableClient Customers { get; } = account.GetTableClient(CustomersTable);

    public TableClient ClaimCodes { get; } = account.GetTableClient(ClaimCodesTable);

    public TableClient Runs { get; } = account.GetTableClient(RunsTable);

    public BlobContainerClient Imports { get; } = account.GetBlobContainerClient(ImportsContainer);

    public BlobContainerClient Mailings { get; } = account.GetBlobContainerClient(MailingsContainer);
}

/// <summary>Submits entity-group transactions of up to 100 operations per partition, several partitions at a time.</summary>
internal static class TableBatches
{
    public const int MaxPerBatch = 100;

    public static Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, int parallelism, CancellationToken cancellationToken)
    {
        var batches = actions
            .GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(MaxPerBatch))
            .ToList();
        return batches.Count == 1
            ? table.SubmitTransactionAsync(batches[0], cancellationToken)
            : Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (batch, ct) => await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false));
    }
}
