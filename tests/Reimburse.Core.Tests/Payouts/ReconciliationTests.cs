using Reimburse.Money;
using Reimburse.Payouts;

namespace Reimburse.Core.Tests.Payouts;

public sealed class ReconciliationTests
{
    private static ApprovedRefund Approved(string claim, long yen) => new(claim, new Yen(yen));

    private static BatchTransfer Sent(long batch, string claim, long yen) => new(batch, "B-" + batch, claim, new Yen(yen));

    private static SettlementResult Paid(long batch, string claim, long yen) =>
        new("B-" + batch, 1, claim, new Yen(yen), SettlementOutcome.Paid, null, null);

    private static SettlementResult Returned(long batch, string claim, long yen, ReturnReason reason) =>
        new("B-" + batch, 1, claim, new Yen(yen), SettlementOutcome.Returned, reason, null);

    [Fact]
    public void Every_approved_yen_is_paid_in_a_batch_not_batched_or_returned_with_a_reason()
    {
        var report = Reconciliation.Reconcile(
            [Approved("A", 1_100), Approved("B", 1_000), Approved("C", 550), Approved("D", 1_100), Approved("E", 330)],
            [Sent(1, "A", 1_100), Sent(1, "B", 1_000), Sent(1, "D", 1_100), Sent(2, "E", 330)],
            [Paid(1, "A", 1_100), Returned(1, "B", 1_000, ReturnReason.NameMismatch), Paid(1, "D", 1_100)]);

        Assert.True(report.IsBalanced, string.Join("; ", report.Issues));
        Assert.Equal(new YenCount(5, new Yen(4_080)), report.Approved);
        Assert.Equal(new YenCount(2, new Yen(2_200)), report.Paid);
        Assert.Equal(new YenCount(1, new Yen(330)), report.InBatch);
        Assert.Equal(new YenCount(1, new Yen(550)), report.NotBatched);
        Assert.Equal(new YenCount(1, new Yen(1_000)), report.Returned);
        Assert.Equal(new YenCount(1, new Yen(1_000)), report.ReturnedByReason[ReturnReason.NameMismatch]);
        Assert.Equal(report.Paid, report.PaidByBank);
    }

    [Fact]
    public void A_returned_claim_re_approved_into_a_later_batch_and_paid_there_reconciles()
    {
        var report = Reconciliation.Reconcile(
            [Approved("A", 1_100)],
            [Sent(1, "A", 1_100), Sent(3, "A", 1_100)],
            [Returned(1, "A", 1_100, ReturnReason.NoAccount), Paid(3, "A", 1_100)]);

        Assert.True(report.IsBalanced, string.Join("; ", report.Issues));
        Assert.Equal(new YenCount(1, new Yen(1_100)), report.Paid);
        Assert.Equal(default, report.Returned);
    }

    [Fact]
    public void A_claim_paid_and_then_sent_again_is_a_double_payment()
    {
        var report = Reconciliation.Reconcile(
            [Approved("A", 1_100)],
            [Sent(1, "A", 1_100), Sent(2, "A", 1_100)],
            [Paid(1, "A", 1_100), Paid(2, "A", 1_100)]);

        Assert.False(report.IsBalanced);
        Assert.Contains(report.Issues, i => i.ClaimId == "A" && i.Problem.Contains("paid in batch B-1 and transferred again in batch B-2", StringComparison.Ordinal));
        Assert.Equal(new YenCount(2, new Yen(2_200)), report.PaidByBank);
    }

    [Fact]
    public void A_claim_in_two_open_batches_is_an_issue()
    {
        var report = Reconciliation.Reconcile([Approved("A", 1_100)], [Sent(1, "A", 1_100), Sent(2, "A", 1_100)], []);

        Assert.False(report.IsBalanced);
        Assert.Contains("two open batches", Assert.Single(report.Issues).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transfer_that_differs_from_the_approval_is_an_issue()
    {
        var report = Reconciliation.Reconcile([Approved("A", 1_100)], [Sent(1, "A", 1_000)], [Paid(1, "A", 1_000)]);

        Assert.False(report.IsBalanced);
        Assert.Contains("approved ¥1,100, but batch B-1 transfers ¥1,000", Assert.Single(report.Issues).Problem, StringComparison.Ordinal);
        Assert.NotEqual(report.Paid, report.PaidByBank);
    }

    [Fact]
    public void Transfers_and_results_without_an_approval_or_a_transfer_are_issues()
    {
        var report = Reconciliation.Reconcile([Approved("A", 1_100)], [Sent(1, "A", 1_100), Sent(1, "X", 500)], [Paid(1, "A", 1_100), Paid(2, "A", 1_100)]);

        Assert.False(report.IsBalanced);
        Assert.Contains(report.Issues, i => i.ClaimId == "X" && i.Problem == "transferred without an approval.");
        Assert.Contains(report.Issues, i => i.ClaimId == "A" && i.Problem.Contains("batch B-2, which has no transfer", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_approved_is_balanced_at_zero()
    {
        var report = Reconciliation.Reconcile([], [], []);

        Assert.True(report.IsBalanced);
        Assert.Equal(default, report.Approved);
    }
}
