using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Functions.Customers;

/// <summary>
/// The tables and containers of the customers feature (layout: docs/customers.md), created on first use.
/// </summary>
public sealed class CustomerStorage
{
    public const string IncidentsTable = "Incidents";
    public const string CustomersTable = "Customers";
    public const string ClaimCodesTable = "ClaimCodes";
    public const string RunsTable = "CustomerRuns";
    public const string ImportsContainer = "customer-imports";
    public const string MailingsContainer = "mailings";

    private readonly TableServiceClient _tables;
    private readonly BlobServiceClient _blobs;
    private readonly Lazy<Task> _created;

    public CustomerStorage(TableServiceClient tables, BlobServiceClient blobs)
    {
        _tables = tables;
        _blobs = blobs;
        Incidents = tables.GetTableClient(IncidentsTable);
        Customers = tables.GetTableClient(CustomersTable);
        ClaimCodes = tables.GetTableClient(ClaimCodesTable);
        Runs = tables.GetTableClient(RunsTable);
        Imports = blobs.GetBlobContainerClient(ImportsContainer);
        Mailings = blobs.GetBlobContainerClient(MailingsContainer);
        _created = new Lazy<Task>(CreateAsync);
    }

    public TableClient Incidents { get; }

    public TableClient Customers { get; }

    public TableClient ClaimCodes { get; }

    public TableClient Runs { get; }

    public BlobContainerClient Imports { get; }

    public BlobContainerClient Mailings { get; }

    /// <summary>Creates the tables and containers once per process (idempotent on the service side too).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => _created.Value.WaitAsync(cancellationToken);

    /// <summary>Clients of the app's storage account (its credential and pipelines: Shared Key locally, the managed identity in Azure).</summary>
    public static CustomerStorage From(StorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new CustomerStorage(account.TableService, account.BlobService);
    }

    private async Task CreateAsync()
    {
        foreach (var table in new[] { IncidentsTable, CustomersTable, ClaimCodesTable, RunsTable })
        {
            await _tables.CreateTableIfNotExistsAsync(table).ConfigureAwait(false);
        }
        await Imports.CreateIfNotExistsAsync().ConfigureAwait(false);
        await Mailings.CreateIfNotExistsAsync().ConfigureAwait(false);
    }
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
