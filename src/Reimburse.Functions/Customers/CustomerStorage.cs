using Azure.Identity;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Functions.Storage;

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

    /// <summary>Clients for the configured account: a connection string, or the service URIs with a managed identity.</summary>
    public static CustomerStorage FromOptions(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            return new CustomerStorage(new TableServiceClient(o.ConnectionString), new BlobServiceClient(o.ConnectionString));
        }
        var credential = string.IsNullOrWhiteSpace(o.ManagedIdentityClientId)
            ? (global::Azure.Core.TokenCredential)new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ManagedIdentityClientId));
        return new CustomerStorage(
            new TableServiceClient(o.TableServiceUri ?? throw new InvalidOperationException("Storage:TableServiceUri is not configured."), credential),
            new BlobServiceClient(o.BlobServiceUri ?? throw new InvalidOperationException("Storage:BlobServiceUri is not configured."), credential));
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
