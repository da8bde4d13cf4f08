using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Text;

namespace Reimburse.Functions.Pages.Staff.Operator;

/// <summary>How many claims stand in each status, from the status index (one partition per status).</summary>
public sealed class DashboardModel(Ui ui, ClaimStatusIndex index) : UiPageModel(ui)
{
    /// <summary>The statuses in the order a claim passes them.</summary>
    private static readonly ClaimStatus[] Order =
    [
        ClaimStatus.Extracting, ClaimStatus.Validating, ClaimStatus.UnderReview, ClaimStatus.InformationRequested,
        ClaimStatus.AwaitingSecondApproval, ClaimStatus.VerifyingBankAccount, ClaimStatus.Approved, ClaimStatus.InPayment,
        ClaimStatus.Paid, ClaimStatus.Rejected,
    ];

    public IReadOnlyList<(ClaimStatus Status, LocalizedText Label, int Count)> Counts { get; private set; } = [];

    /// <summary>Claims flagged because a step kept failing (whatever their status).</summary>
    public int Attention { get; private set; }

    public int Total => Counts.Sum(c => c.Count);

    /// <summary>The largest count, for the bars' scale.</summary>
    public int Largest => Counts.Count == 0 ? 0 : Counts.Max(c => c.Count);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var counts = new List<(ClaimStatus, LocalizedText, int)>(Order.Length);
        foreach (var status in Order)
        {
            counts.Add((status, ClaimLabels.For(status), await CountAsync(status.ToString(), cancellationToken)));
        }
        Counts = counts;
        Attention = await CountAsync(ClaimStatusIndex.AttentionView, cancellationToken);
    }

    private async Task<int> CountAsync(string view, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in index.ListAsync(view, null, cancellationToken))
        {
            count++;
        }
        return count;
    }
}
