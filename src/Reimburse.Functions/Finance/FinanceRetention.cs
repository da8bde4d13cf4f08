using Azure;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Customers;
using Reimburse.Incidents;

namespace Reimburse.Functions.Finance;

/// <summary>
/// Finance's retention purge: the claims' own purge deletes their documents and bank details, but a batch keeps copies
/// (its rows' account numbers and holder names, the Zengin file, the journal, the imported settlement files). Once a
/// batch is finished — exported, and the bank's result recorded for every line (paid, or returned: a returned claim
/// goes on in a later batch, or is closed, outside this one) — and its last result is older than the retention
/// period, this blanks the account number and holder name in its rows, deletes its files and records the purge on the
/// batch. Bank and branch codes, amounts, claims and results stay, so reconciliation adds up as before.
/// </summary>
/// <remarks>
/// <para>The retention period is the incidents' own (<see cref="IncidentPolicy.RetentionDays"/>, the setting the claim
/// purge uses, <c>Incidents:Defaults:RetentionDays</c> for an incident not found); a batch spanning incidents keeps the
/// longest.</para>
/// <para>Safe to interrupt: the batch is first marked as being purged (downloads answer 410 from then on), then rows
/// and files go (each step does nothing when already done), and the purge is recorded last; a batch marked but not
/// recorded is completed by the next run. A purged batch is skipped, so a second run changes nothing.</para>
/// </remarks>
public sealed partial class FinanceRetention(
    PayoutBatchStore store,
    FinanceStorage storage,
    IEnumerable<IIncidentStore> incidents,
    IOptions<IncidentDefaultsOptions> defaults,
    TimeProvider time,
    ILogger<FinanceRetention> logger) : IRetentionPurge
{
    /// <inheritdoc/>
    public Task<int> PurgeAsync(CancellationToken cancellationToken) => PurgeAsync(time.GetUtcNow(), cancellationToken);

    /// <summary>Purges every finished batch whose retention is over at <paramref name="now"/>.</summary>
    /// <returns>How many batches were purged (completed) by this run.</returns>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var purged = 0;
        foreach (var batch in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (batch.Purge is null && batch.Status == BatchStatus.Exported
                && await DueAsync(batch, now, cancellationToken).ConfigureAwait(false) is { } due)
            {
                await PurgeBatchAsync(batch.BatchId, due, now, cancellationToken).ConfigureAwait(false);
                purged++;
            }
        }
        return purged;
    }

    // The retention and the last result when the batch is finished and its retention is over; null otherwise.
    private async Task<(int RetentionDays, DateTimeOffset LastSettledAt)?> DueAsync(PayoutBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var results = await store.GetResultsAsync(batch.BatchId, cancellationToken).ConfigureAwait(false);
        if (results.Count == 0 || results.Count < batch.Count)
        {
            // Fewer results than transfers in the file: not finished, and no need to read every line of the batch (the
            // check runs daily over every batch not purged yet).
            return null;
        }
        var incidentIds = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entry in store.ListEntriesAsync(batch.BatchId, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Confirmed && !results.ContainsKey(entry.ClaimId))
            {
                return null; // The bank has not answered for this line yet.
            }
            if (entry.Confirmed)
            {
                incidentIds.Add(entry.IncidentId);
            }
        }
        var lastSettledAt = results.Values.Max(r => r.RecordedAt);
        var days = 0;
        foreach (var incidentId in incidentIds)
        {
            days = Math.Max(days, await RetentionDaysAsync(incidentId, cancellationToken).ConfigureAwait(false));
        }
        return now >= lastSettledAt.AddDays(days) ? (days, lastSettledAt) : null;
    }

    private async Task<int> RetentionDaysAsync(string incidentId, CancellationToken cancellationToken)
    {
        // As for validation, the last registration wins; no incident store (or no such incident): the deployment's default.
        return incidents.LastOrDefault() is { } source && await source.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is { } incident
            ? incident.Policy.RetentionDays
            : defaults.Value.ToPolicy().RetentionDays;
    }

    private async Task PurgeBatchAsync(string batchId, (int RetentionDays, DateTimeOffset LastSettledAt) due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (batch, etag) = await MarkAsync(batchId, now, cancellationToken).ConfigureAwait(false);
        var rows = await store.BlankAccountsAsync(batchId, cancellationToken).ConfigureAwait(false);
        var files = new List<string>();
        foreach (var name in new[] { batch.Zengin?.BlobName, batch.Journal?.BlobName }.OfType<string>()
            .Concat(await store.ListSettlementFilesAsync(batchId, cancellationToken).ConfigureAwait(false)))
        {
            if (await store.DeleteFileAsync(name, cancellationToken).ConfigureAwait(false))
            {
                files.Add(name);
            }
        }
        // After an interrupted run, the counts are of what this run found left to do.
        var record = new BatchPurge(now, due.RetentionDays, due.LastSettledAt, rows, files);
        var (updated, _) = await store.UpdateAsync(batch with { Purge = record }, etag, cancellationToken).ConfigureAwait(false);
        if (!updated)
        {
            throw new InvalidOperationException($"Batch {batchId} changed while it was being purged; the next retention run completes it.");
        }
        LogPurged(logger, batchId, record.Rows, record.Files.Count);
    }

    // Marks the batch as being purged (before anything is deleted), so that its downloads answer 410 from now on.
    private async Task<(PayoutBatch Batch, ETag ETag)> MarkAsync(string batchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (batch, etag) = await store.GetAsync(batchId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Batch {batchId} disappeared while it was being purged.");
        if (batch.PurgeStartedAt is not null)
        {
            return (batch, etag);
        }
        var marked = batch with { PurgeStartedAt = now };
        var (updated, newEtag) = await store.UpdateAsync(marked, etag, cancellationToken).ConfigureAwait(false);
        return updated
            ? (marked, newEtag)
            : throw new InvalidOperationException($"Batch {batchId} changed while it was being purged; the next retention run completes it.");
    }

    [LoggerMessage(EventId = 8200, Level = LogLevel.Information, Message = "Batch {BatchId} purged under the retention policy: {Rows} rows blanked, {Count} files deleted")]
    private static partial void LogPurged(ILogger logger, string batchId, int rows, int count);
}
