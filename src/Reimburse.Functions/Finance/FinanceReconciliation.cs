using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Hosting;
using Reimburse.Payouts;

namespace Reimburse.Functions.Finance;

/// <summary>
/// Reconciles what was approved (the claims), what was sent (the batches' lines) and what the bank said (the
/// recorded results) with the pure <see cref="Reconciliation"/>: every approved yen is paid, pending in a batch, not
/// batched yet, or returned with its reason; anything else is an issue with the claim named.
/// </summary>
public sealed class FinanceReconciliation(PayoutBatchStore store, FinanceStorage storage, ClaimStatusIndex index)
{
    /// <exception cref="InputException">The incident id is not valid.</exception>
    public async Task<ReconciliationView> ReconcileAsync(string? incidentId, CancellationToken cancellationToken)
    {
        if (incidentId is not null && !ClaimIds.IsValidPart(incidentId))
        {
            throw new InputException("incident must be an incident id (letters, digits, '-' or '_').");
        }
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var approvedEntries = await index.ListApprovedAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var approved = approvedEntries.Select(e => new ApprovedRefund(e.ClaimId, e.ApprovedAmount!.Value)).ToList();

        var transfers = new List<BatchTransfer>();
        var results = new List<SettlementResult>();
        var inFile = new HashSet<(string BatchId, string ClaimId)>();
        foreach (var batch in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (batch.IncidentId is { } only && incidentId is not null && only != incidentId)
            {
                continue;
            }
            var claimsInBatch = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var item in store.ListItemsAsync(batch.BatchId, cancellationToken).ConfigureAwait(false))
            {
                if (incidentId is null || item.IncidentId == incidentId)
                {
                    transfers.Add(new BatchTransfer(batch.Number, batch.BatchId, item.ClaimId, item.Amount));
                    claimsInBatch.Add(item.ClaimId);
                    inFile.Add((batch.BatchId, item.ClaimId));
                }
            }
            foreach (var result in (await store.GetResultsAsync(batch.BatchId, cancellationToken).ConfigureAwait(false)).Values)
            {
                if (claimsInBatch.Contains(result.ClaimId))
                {
                    results.Add(new SettlementResult(batch.BatchId, result.Line, result.ClaimId, result.Amount, result.Outcome, result.Reason, result.Note));
                }
            }
        }

        var report = Reconciliation.Reconcile(approved, transfers, results);
        var issues = report.Issues.ToList();
        // A claim whose state puts it in a batch must be a line of that batch: otherwise it would never be paid.
        foreach (var entry in approvedEntries.Where(e => e.Status == ClaimStatus.InPayment && e.BatchId is not null))
        {
            if (!inFile.Contains((entry.BatchId!, entry.ClaimId)))
            {
                issues.Add(new ReconciliationIssue(entry.ClaimId, $"in batch {entry.BatchId} by its state, but not a line of that batch: complete the batch, or take the claim out of it."));
            }
        }
        return new ReconciliationView(
            incidentId,
            report.IsBalanced && issues.Count == report.Issues.Count,
            YenCountView.From(report.Approved),
            YenCountView.From(report.Paid),
            YenCountView.From(report.InBatch),
            YenCountView.From(report.NotBatched),
            YenCountView.From(report.Returned),
            report.ReturnedByReason.OrderBy(r => r.Key).ToDictionary(r => SettlementCsv.Label(r.Key), r => YenCountView.From(r.Value), StringComparer.Ordinal),
            YenCountView.From(report.PaidByBank),
            issues);
    }
}
