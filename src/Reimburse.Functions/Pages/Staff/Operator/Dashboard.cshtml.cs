using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Policy;
using Reimburse.Text;

namespace Reimburse.Functions.Pages.Staff.Operator;

/// <summary>One Japan calendar day of the intake chart.</summary>
/// <param name="Day">The day (Asia/Tokyo).</param>
/// <param name="Submitted">Claims submitted that day.</param>
/// <param name="Decided">Claims first decided that day: approved, rejected or sent to a reviewer.</param>
public sealed record DayActivity(DateOnly Day, int Submitted, int Decided);

/// <summary>
/// How many claims stand in each status, from the status index (one partition per status), and how many were
/// submitted and decided on each of the last <see cref="Days"/> days.
/// </summary>
public sealed class DashboardModel(Ui ui, ClaimStatusIndex index, TimeProvider time) : UiPageModel(ui)
{
    /// <summary>How many Japan calendar days the chart shows, today included.</summary>
    public const int Days = 14;

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

    /// <summary>The last <see cref="Days"/> days, oldest first.</summary>
    public IReadOnlyList<DayActivity> Activity { get; private set; } = [];

    /// <summary>The largest daily count, for the chart's scale (at least 1).</summary>
    public int LargestDay => Math.Max(1, Activity.Count == 0 ? 0 : Activity.Max(d => Math.Max(d.Submitted, d.Decided)));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Activity = await ActivityAsync(TokyoTime.DateOf(time.GetUtcNow()), cancellationToken);
        var counts = new List<(ClaimStatus, LocalizedText, int)>(Order.Length);
        foreach (var status in Order)
        {
            counts.Add((status, ClaimLabels.For(status), await CountAsync(status.ToString(), cancellationToken)));
        }
        Counts = counts;
        Attention = await CountAsync(ClaimStatusIndex.AttentionView, cancellationToken);
    }

    private async Task<IReadOnlyList<DayActivity>> ActivityAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var first = today.AddDays(1 - Days);
        var since = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TokyoTime.Offset).ToUniversalTime();
        var submitted = new int[Days];
        var decided = new int[Days];
        foreach (var entry in await index.ListActiveSinceAsync(since, cancellationToken))
        {
            Count(submitted, entry.SubmittedAt);
            Count(decided, entry.DecidedAt);
        }
        return [.. Enumerable.Range(0, Days).Select(i => new DayActivity(first.AddDays(i), submitted[i], decided[i]))];

        void Count(int[] perDay, DateTimeOffset? at)
        {
            if (at is { } instant && TokyoTime.DateOf(instant).DayNumber - first.DayNumber is var i && i >= 0 && i < Days)
            {
                perDay[i]++;
            }
        }
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
