using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Banking;
using Reimburse.Money;
using Reimburse.Payouts;

namespace Reimburse.Functions.Finance;

/// <summary>The batches' rows and files (see <see cref="FinanceStorage"/> for the layout).</summary>
public sealed class PayoutBatchStore(FinanceStorage storage)
{
    private const string HeaderPartition = "batches";
    private const string CounterPartition = "counter";
    private const string CounterRow = "batch-number";
    private const string EntryPrefix = "c-";
    private const int TransactionSize = 100;

    /// <summary>The next batch number (unique, increasing; a number may be skipped, never reused).</summary>
    public async Task<long> NextNumberAsync(CancellationToken cancellationToken)
    {
        var table = storage.Batches;
        while (true)
        {
            var counter = await table.GetEntityIfExistsAsync(CounterPartition, CounterRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!counter.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(CounterPartition, CounterRow) { ["Value"] = 1L }, cancellationToken).ConfigureAwait(false);
                    return 1;
                }
                var next = (counter.Value!.GetInt64("Value") ?? 0) + 1;
                if (next > PayoutManifest.MaxBatchNumber)
                {
                    throw new InvalidOperationException("The batch numbers are used up (顧客コード1 has 10 digits).");
                }
                var row = new TableEntity(CounterPartition, CounterRow) { ["Value"] = next };
                await table.UpdateEntityAsync(row, counter.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another batch took this number: read again.
            }
        }
    }

    /// <summary>Inserts the header of a new batch; returns its ETag.</summary>
    public async Task<ETag> AddAsync(PayoutBatch batch, CancellationToken cancellationToken)
    {
        var row = HeaderRow(batch);
        await storage.Batches.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        return row.ETag;
    }

    /// <summary>The batch and the ETag of its header, or null.</summary>
    public async Task<(PayoutBatch Batch, ETag ETag)?> GetAsync(string batchId, CancellationToken cancellationToken)
    {
        var row = await storage.Batches.GetEntityIfExistsAsync(HeaderPartition, batchId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (ReadHeader(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Replaces the header if nobody changed it since <paramref name="etag"/>; false when someone did.</summary>
    public async Task<(bool Updated, ETag ETag)> UpdateAsync(PayoutBatch batch, ETag etag, CancellationToken cancellationToken)
    {
        var row = HeaderRow(batch);
        try
        {
            await storage.Batches.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return (true, row.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return (false, default);
        }
    }

    /// <summary>Deletes the header of a batch that ended up empty.</summary>
    public Task DeleteAsync(string batchId, ETag etag, CancellationToken cancellationToken) =>
        storage.Batches.DeleteEntityAsync(HeaderPartition, batchId, etag, cancellationToken);

    /// <summary>Every batch, newest first.</summary>
    public async Task<IReadOnlyList<PayoutBatch>> ListAsync(CancellationToken cancellationToken)
    {
        var batches = new List<PayoutBatch>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {HeaderPartition}");
        await foreach (var row in storage.Batches.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            batches.Add(ReadHeader(row));
        }
        return [.. batches.OrderByDescending(b => b.Number)];
    }

    /// <summary>Marks claims as being added (before their AddToBatch), so that a builder that stops half-way leaves a trace.</summary>
    public Task AddIntentsAsync(string batchId, IReadOnlyList<string> claimIds, CancellationToken cancellationToken) =>
        SubmitAsync(claimIds.Select(id => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity(EntryPartition(batchId), EntryPrefix + id) { ["ClaimId"] = id, ["Confirmed"] = false })), cancellationToken);

    /// <summary>Records the claims that joined (with their amount and account) and forgets those that did not.</summary>
    public Task SettleIntentsAsync(string batchId, IReadOnlyList<BatchEntry> joined, IReadOnlyList<string> refused, CancellationToken cancellationToken) =>
        SubmitAsync(
            joined.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, EntryRow(batchId, e)))
                .Concat(refused.Select(id => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(EntryPartition(batchId), EntryPrefix + id)))),
            cancellationToken);

    /// <summary>The batch's entries in claim-id order (the order of the file's lines), streamed.</summary>
    public async IAsyncEnumerable<BatchEntry> ListEntriesAsync(string batchId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {EntryPartition(batchId)}");
        await foreach (var row in storage.Batches.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ReadEntry(row);
        }
    }

    /// <summary>The confirmed entries as file lines 1…n, streamed: what the Zengin file and the journal are written from.</summary>
    public async IAsyncEnumerable<PayoutItem> ListItemsAsync(string batchId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var line = 0;
        await foreach (var entry in ListEntriesAsync(batchId, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Confirmed)
            {
                yield return new PayoutItem(++line, entry.ClaimId, entry.IncidentId, entry.CustomerId, entry.Account!, entry.Amount);
            }
        }
    }

    /// <summary>The bank's results recorded for the batch, by claim.</summary>
    public async Task<IReadOnlyDictionary<string, RecordedResult>> GetResultsAsync(string batchId, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, RecordedResult>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ResultPartition(batchId)}");
        await foreach (var row in storage.Batches.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            results[row.RowKey] = new RecordedResult(
                row.RowKey,
                row.GetInt32("Line") ?? 0,
                new Yen(row.GetInt64("Amount") ?? 0),
                Enum.Parse<SettlementOutcome>(row.GetString("Outcome")!),
                row.GetString("Reason") is { } reason ? Enum.Parse<ReturnReason>(reason) : null,
                row.GetString("Note"),
                row.GetDateTimeOffset("RecordedAt") ?? DateTimeOffset.MinValue,
                row.GetString("RecordedBy") ?? "");
        }
        return results;
    }

    /// <summary>Records (or replaces) the bank's results.</summary>
    public Task SaveResultsAsync(string batchId, IReadOnlyList<RecordedResult> results, CancellationToken cancellationToken) =>
        SubmitAsync(results.Select(r =>
        {
            var row = new TableEntity(ResultPartition(batchId), r.ClaimId)
            {
                ["Line"] = r.Line,
                ["Amount"] = r.Amount.Amount,
                ["Outcome"] = r.Outcome.ToString(),
                ["RecordedAt"] = r.RecordedAt,
                ["RecordedBy"] = r.RecordedBy,
            };
            if (r.Reason is { } reason)
            {
                row["Reason"] = reason.ToString();
            }
            if (r.Note is { } note)
            {
                row["Note"] = note;
            }
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, row);
        }), cancellationToken);

    /// <summary>Records an imported settlement file (by its hash) and whether all its lines were applied.</summary>
    public Task RecordImportAsync(string batchId, string sha256, int lines, string importedBy, DateTimeOffset at, bool applied, CancellationToken cancellationToken) =>
        storage.Batches.UpsertEntityAsync(new TableEntity("settlements-" + batchId, sha256)
        {
            ["Lines"] = lines,
            ["ImportedBy"] = importedBy,
            ["ImportedAt"] = at,
            ["Applied"] = applied,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> (from its start) at <paramref name="blobName"/>, never replacing what is there:
    /// when the blob exists with the same bytes (a retried export), that is fine; with other bytes it is an error.
    /// </summary>
    /// <returns>Its size and SHA-256.</returns>
    public async Task<BatchFile> WriteOnceAsync(string blobName, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
        var length = content.Length;
        content.Position = 0;
        var blob = storage.Payouts.GetBlobClient(blobName);
        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = new Dictionary<string, string> { ["sha256"] = sha },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var stored = await blob.DownloadStreamingAsync(cancellationToken).ConfigureAwait(false);
            await using (stored.Value.ConfigureAwait(false))
            {
                var storedSha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stored.Value.Content, cancellationToken).ConfigureAwait(false));
                if (storedSha != sha)
                {
                    throw new InvalidOperationException($"{blobName} is already stored with other bytes; an issued file is never replaced.");
                }
            }
        }
        return new BatchFile(blobName, length, sha);
    }

    /// <summary>Opens a stored file for reading (streamed), or null when it is not there.</summary>
    public async Task<BlobDownloadStreamingResult?> OpenAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            return (await storage.Payouts.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task SubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var chunk in actions.Chunk(TransactionSize))
        {
            await storage.Batches.SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string EntryPartition(string batchId) => "items-" + batchId;

    private static string ResultPartition(string batchId) => "results-" + batchId;

    private static TableEntity EntryRow(string batchId, BatchEntry e)
    {
        var account = e.Account ?? throw new ArgumentException($"Claim {e.ClaimId} joins without a payout account.", nameof(e));
        return new TableEntity(EntryPartition(batchId), EntryPrefix + e.ClaimId)
        {
            ["ClaimId"] = e.ClaimId,
            ["Confirmed"] = true,
            ["IncidentId"] = e.IncidentId,
            ["CustomerId"] = e.CustomerId,
            ["Amount"] = e.Amount.Amount,
            ["BankCode"] = account.BankCode,
            ["BranchCode"] = account.BranchCode,
            ["AccountType"] = (int)account.Type,
            ["AccountNumber"] = account.Number,
            ["HolderKana"] = account.HolderKana,
        };
    }

    private static BatchEntry ReadEntry(TableEntity row)
    {
        var confirmed = row.GetBoolean("Confirmed") ?? false;
        var claimId = row.GetString("ClaimId") ?? row.RowKey[EntryPrefix.Length..];
        if (!confirmed)
        {
            return new BatchEntry(claimId, false, "", "", Yen.Zero, null);
        }
        var account = new BankAccount(row.GetString("BankCode")!, row.GetString("BranchCode")!, (AccountType)(row.GetInt32("AccountType") ?? 1),
            row.GetString("AccountNumber")!, row.GetString("HolderKana")!);
        return new BatchEntry(claimId, true, row.GetString("IncidentId") ?? "", row.GetString("CustomerId") ?? "", new Yen(row.GetInt64("Amount") ?? 0), account);
    }

    private static TableEntity HeaderRow(PayoutBatch b)
    {
        var row = new TableEntity(HeaderPartition, b.BatchId)
        {
            ["Number"] = b.Number,
            ["Status"] = b.Status.ToString(),
            ["TransferDate"] = b.TransferDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["CreatedBy"] = b.CreatedBy,
            ["CreatedAt"] = b.CreatedAt,
            ["Heartbeat"] = b.Heartbeat,
            ["Count"] = b.Count,
            ["Total"] = b.Total.Amount,
        };
        if (b.IncidentId is { } incident)
        {
            row["IncidentId"] = incident;
        }
        if (b.Max is { } max)
        {
            row["Max"] = max;
        }
        if (b.ExportedAt is { } exported)
        {
            row["ExportedAt"] = exported;
        }
        foreach (var (prefix, file) in new[] { ("Zengin", b.Zengin), ("Journal", b.Journal) })
        {
            if (file is not null)
            {
                row[prefix + "Blob"] = file.BlobName;
                row[prefix + "Bytes"] = file.Bytes;
                row[prefix + "Sha256"] = file.Sha256;
            }
        }
        return row;
    }

    private static PayoutBatch ReadHeader(TableEntity row)
    {
        BatchFile? File(string prefix) => row.GetString(prefix + "Blob") is { } blob
            ? new BatchFile(blob, row.GetInt64(prefix + "Bytes") ?? 0, row.GetString(prefix + "Sha256") ?? "")
            : null;
        return new PayoutBatch(
            row.RowKey,
            row.GetInt64("Number") ?? 0,
            Enum.Parse<BatchStatus>(row.GetString("Status") ?? nameof(BatchStatus.Building)),
            DateOnly.ParseExact(row.GetString("TransferDate")!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            row.GetString("IncidentId"),
            row.GetInt32("Max"),
            row.GetString("CreatedBy") ?? "",
            row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            row.GetDateTimeOffset("Heartbeat") ?? DateTimeOffset.MinValue,
            row.GetInt32("Count") ?? 0,
            new Yen(row.GetInt64("Total") ?? 0),
            File("Zengin"),
            File("Journal"),
            row.GetDateTimeOffset("ExportedAt"));
    }
}
