using System.Globalization;
using Reimburse.Money;

namespace Reimburse.Payouts;

/// <summary>A claim's approved refund: what the company owes.</summary>
public sealed record ApprovedRefund(string ClaimId, Yen Amount);

/// <summary>A transfer a batch sent (or will send) for a claim.</summary>
/// <param name="BatchNumber">Orders batches: a later batch has a higher number.</param>
/// <param name="BatchId">The batch.</param>
/// <param name="ClaimId">The claim.</param>
/// <param name="Amount">The amount in the batch.</param>
public sealed record BatchTransfer(long BatchNumber, string BatchId, string ClaimId, Yen Amount);

/// <summary>A sum of refunds and how many claims make it.</summary>
public readonly record struct YenCount(int Count, Yen Amount)
{
    public YenCount Add(Yen amount) => new(Count + 1, Amount + amount);

    public override string ToString() => Count.ToString("N0", CultureInfo.InvariantCulture) + " / " + Amount;
}

/// <summary>Something that breaks "every yen approved is paid, pending or explained", for one claim.</summary>
public sealed record ReconciliationIssue(string ClaimId, string Problem);

/// <summary>
/// Where every approved yen is. Each approved claim is in exactly one bucket, with its approved amount: paid,
/// waiting in a batch for the bank's result, approved but not yet in a batch, or returned by the bank (explained
/// by its reason, waiting for a corrected account). Anything that does not fit is an issue.
/// </summary>
/// <param name="Approved">All approved claims.</param>
/// <param name="Paid">Paid by the bank.</param>
/// <param name="InBatch">In a batch, no result yet.</param>
/// <param name="NotBatched">Approved, in no batch yet.</param>
/// <param name="Returned">Returned by the bank, waiting for the claimant.</param>
/// <param name="ReturnedByReason">The returned ones by reason.</param>
/// <param name="PaidByBank">What the bank's results say was paid, counted per paid transfer, approved or not.</param>
/// <param name="Issues">Claims that do not reconcile: double payments, amounts that differ, transfers or results without an approval.</param>
public sealed record ReconciliationReport(
    YenCount Approved,
    YenCount Paid,
    YenCount InBatch,
    YenCount NotBatched,
    YenCount Returned,
    IReadOnlyDictionary<ReturnReason, YenCount> ReturnedByReason,
    YenCount PaidByBank,
    IReadOnlyList<ReconciliationIssue> Issues)
{
    /// <summary>True when every approved yen is accounted for and the bank paid exactly the paid bucket.</summary>
    public bool IsBalanced =>
        Issues.Count == 0
        && Approved.Amount == Paid.Amount + InBatch.Amount + NotBatched.Amount + Returned.Amount
        && PaidByBank == Paid;
}

/// <summary>The reconciliation of approvals, batches and bank results: a pure function.</summary>
public static class Reconciliation
{
    /// <summary>Reconciles. A claim may be in several batches only if every earlier transfer came back.</summary>
    public static ReconciliationReport Reconcile(
        IEnumerable<ApprovedRefund> approved,
        IEnumerable<BatchTransfer> transfers,
        IEnumerable<SettlementResult> results)
    {
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(results);
        var issues = new List<ReconciliationIssue>();

        var approvals = new Dictionary<string, Yen>(StringComparer.Ordinal);
        foreach (var a in approved)
        {
            if (!approvals.TryAdd(a.ClaimId, a.Amount))
            {
                issues.Add(new ReconciliationIssue(a.ClaimId, "approved twice."));
            }
        }

        var outcomes = new Dictionary<(string BatchId, string ClaimId), SettlementResult>();
        foreach (var r in results)
        {
            if (!outcomes.TryAdd((r.BatchId, r.ClaimId), r))
            {
                issues.Add(new ReconciliationIssue(r.ClaimId, $"two results for batch {r.BatchId}."));
            }
        }

        var byClaim = transfers
            .GroupBy(t => t.ClaimId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.BatchNumber).ToList(), StringComparer.Ordinal);

        foreach (var key in outcomes.Keys)
        {
            if (!byClaim.TryGetValue(key.ClaimId, out var sent) || !sent.Any(t => t.BatchId == key.BatchId))
            {
                issues.Add(new ReconciliationIssue(key.ClaimId, $"a result for batch {key.BatchId}, which has no transfer for it."));
            }
        }

        var paidByBank = default(YenCount);
        foreach (var result in outcomes.Values.Where(r => r.Outcome == SettlementOutcome.Paid))
        {
            paidByBank = paidByBank.Add(result.Amount);
        }

        foreach (var claimId in byClaim.Keys.Where(c => !approvals.ContainsKey(c)))
        {
            issues.Add(new ReconciliationIssue(claimId, "transferred without an approval."));
        }

        YenCount total = default, paid = default, inBatch = default, notBatched = default, returned = default;
        var byReason = new Dictionary<ReturnReason, YenCount>();
        foreach (var (claimId, amount) in approvals)
        {
            total = total.Add(amount);
            if (!byClaim.TryGetValue(claimId, out var sent))
            {
                notBatched = notBatched.Add(amount);
                continue;
            }
            CheckEarlierTransfers(claimId, sent, outcomes, issues);
            var last = sent[^1];
            if (last.Amount != amount)
            {
                issues.Add(new ReconciliationIssue(claimId, $"approved {amount}, but batch {last.BatchId} transfers {last.Amount}."));
            }
            if (!outcomes.TryGetValue((last.BatchId, claimId), out var outcome))
            {
                inBatch = inBatch.Add(amount);
            }
            else if (outcome.Outcome == SettlementOutcome.Paid)
            {
                paid = paid.Add(amount);
            }
            else
            {
                returned = returned.Add(amount);
                var reason = outcome.Reason ?? ReturnReason.Other;
                byReason[reason] = byReason.GetValueOrDefault(reason).Add(amount);
            }
        }
        return new ReconciliationReport(total, paid, inBatch, notBatched, returned, byReason, paidByBank, issues);
    }

    // Every transfer before the last must have come back: one paid, or one still open, means the claim could be
    // paid twice.
    private static void CheckEarlierTransfers(
        string claimId,
        List<BatchTransfer> sent,
        Dictionary<(string BatchId, string ClaimId), SettlementResult> outcomes,
        List<ReconciliationIssue> issues)
    {
        for (var i = 0; i < sent.Count - 1; i++)
        {
            var earlier = sent[i];
            if (!outcomes.TryGetValue((earlier.BatchId, claimId), out var outcome))
            {
                issues.Add(new ReconciliationIssue(claimId, $"in batch {earlier.BatchId} (no result yet) and again in batch {sent[i + 1].BatchId}: in two open batches."));
            }
            else if (outcome.Outcome == SettlementOutcome.Paid)
            {
                issues.Add(new ReconciliationIssue(claimId, $"paid in batch {earlier.BatchId} and transferred again in batch {sent[i + 1].BatchId}."));
            }
        }
    }
}
