using Microsoft.Extensions.Options;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Review;

/// <summary>
/// The reviewers' queue: escalated claims, first approvals waiting for a second senior reviewer, and claims flagged
/// for attention; filtered, counted per reason and sorted by waiting time (longest first). Read from the status
/// index; the items returned are checked against each claim's state (and stale index rows repaired), so a claim that
/// has just left review never shows.
/// </summary>
public sealed class ReviewQueue(ClaimStatusIndex index, ClaimStore store, IOptions<ReviewOptions> options, TimeProvider time)
{
    private static readonly Dictionary<string, string[]> Views = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = [nameof(ClaimStatus.UnderReview), nameof(ClaimStatus.AwaitingSecondApproval), ClaimStatusIndex.AttentionView],
        ["review"] = [nameof(ClaimStatus.UnderReview)],
        ["second-approval"] = [nameof(ClaimStatus.AwaitingSecondApproval)],
        ["attention"] = [ClaimStatusIndex.AttentionView],
    };

    /// <exception cref="InputException">A filter is not valid.</exception>
    public async Task<ReviewQueuePage> GetAsync(ReviewQueueQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var views = Check(query);
        var limit = Math.Min(query.Limit ?? options.Value.MaxQueueItems, options.Value.MaxQueueItems);
        var now = time.GetUtcNow();

        // One candidate per claim: a claim under review and flagged is listed in both partitions.
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var view in views)
        {
            await foreach (var entry in index.ListAsync(view, query.IncidentId, cancellationToken).ConfigureAwait(false))
            {
                candidates[entry.ClaimId] = candidates.TryGetValue(entry.ClaimId, out var known) ? known.With(entry) : new Candidate([entry]);
            }
        }

        var matching = candidates.Values.Where(c => Matches(c, query, now)).ToList();
        var counts = matching
            .SelectMany(c => c.Reasons)
            .GroupBy(r => r, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (query.Reason is { Length: > 0 } reason)
        {
            matching = [.. matching.Where(c => c.Reasons.Contains(reason, StringComparer.OrdinalIgnoreCase))];
        }
        matching.Sort((a, b) => a.WaitingSince != b.WaitingSince
            ? a.WaitingSince.CompareTo(b.WaitingSince)
            : string.CompareOrdinal(a.ClaimId, b.ClaimId));

        var items = new List<ReviewQueueItem>(Math.Min(limit, matching.Count));
        var stale = 0;
        // Checked in pages, in order, until the page is full: a stale row is skipped (and repaired).
        foreach (var chunk in matching.Chunk(Math.Max(limit, 1)))
        {
            var checkedItems = new ReviewQueueItem?[chunk.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, ct) => checkedItems[i] = await CheckAsync(chunk[i], now, ct).ConfigureAwait(false)).ConfigureAwait(false);
            foreach (var item in checkedItems)
            {
                if (item is null)
                {
                    stale++;
                }
                else if (items.Count < limit && Matches(item, query))
                {
                    items.Add(item);
                }
            }
            if (items.Count >= limit)
            {
                break;
            }
        }
        return new ReviewQueuePage(matching.Count - stale, counts, items);
    }

    private static string[] Check(ReviewQueueQuery query)
    {
        if (query.IncidentId is { } incident && !ClaimIds.IsValidPart(incident))
        {
            throw new InputException("incident must be an incident id (letters, digits, '-' or '_').");
        }
        if (query.MinAgeHours is < 0 or > 24 * 365)
        {
            throw new InputException("minAgeHours must be between 0 and 8760.");
        }
        if (query.MinAmount is < 0 || query.MaxAmount is < 0 || (query.MinAmount is { } min && query.MaxAmount is { } max && min > max))
        {
            throw new InputException("minAmount and maxAmount must be yen amounts of 0 or more, minAmount not above maxAmount.");
        }
        if (query.Limit is < 1)
        {
            throw new InputException("limit must be at least 1.");
        }
        return Views.TryGetValue(query.View ?? "all", out var views)
            ? views
            : throw new InputException("view must be all, review, second-approval or attention.");
    }

    private static bool Matches(Candidate c, ReviewQueueQuery query, DateTimeOffset now) =>
        (query.MinAgeHours is not { } hours || now - c.WaitingSince >= TimeSpan.FromHours(hours))
        && (query.MinAmount is not { } min || c.Amount >= min)
        && (query.MaxAmount is not { } max || c.Amount <= max)
        && (query.Overdue is not { } overdue || (c.ReviewDueAt is { } due && now >= due) == overdue);

    // The same filters on the claim's current state (an index row may be a little behind it).
    private static bool Matches(ReviewQueueItem item, ReviewQueueQuery query) =>
        (query.MinAgeHours is not { } hours || item.WaitingHours >= hours)
        && (query.MinAmount is not { } min || item.Amount >= min)
        && (query.MaxAmount is not { } max || item.Amount <= max)
        && (query.Overdue is not { } overdue || item.Overdue == overdue)
        && (query.Reason is not { Length: > 0 } reason || item.Reasons.Contains(reason, StringComparer.OrdinalIgnoreCase))
        && (query.IncidentId is null || item.IncidentId == query.IncidentId);

    private async Task<ReviewQueueItem?> CheckAsync(Candidate candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(candidate.ClaimId, cancellationToken).ConfigureAwait(false);
        var belongs = false;
        foreach (var entry in candidate.Entries)
        {
            belongs |= await index.RepairAsync(entry, state, cancellationToken).ConfigureAwait(false);
        }
        return belongs ? ItemOf(state, now) : null;
    }

    internal static ReviewQueueItem ItemOf(ClaimState state, DateTimeOffset now)
    {
        var waitingSince = state.WaitingSince ?? state.Attention?.At ?? state.UpdatedAt;
        var reasons = state.Status is ClaimStatus.UnderReview or ClaimStatus.AwaitingSecondApproval
            ? state.EscalationReasons.Select(r => r.Code).Distinct(StringComparer.Ordinal).ToList()
            : [];
        if (state.Attention is not null)
        {
            reasons.Add(ClaimStatusIndex.AttentionReason);
        }
        return new ReviewQueueItem(
            state.ClaimId,
            state.IncidentId,
            state.Status.ToString(),
            ClaimLabels.For(state.Status),
            waitingSince,
            Math.Round((now - waitingSince).TotalHours, 1),
            IsOverdue(state, now),
            state.LastReminderAt,
            ClaimStatusIndex.AmountAtStake(state).Amount,
            state.DeclaredFee.Amount,
            reasons,
            ReviewViews.Lease(state, now),
            ReviewViews.FirstApproval(state),
            ReviewViews.Attention(state));
    }

    internal static bool IsOverdue(ClaimState state, DateTimeOffset now) =>
        state.WaitingSince is { } since && state.Terms is { } terms && now >= since + TimeSpan.FromHours(terms.ReviewSlaHours);

    private sealed record Candidate(IReadOnlyList<ClaimIndexEntry> Entries)
    {
        public string ClaimId => Entries[0].ClaimId;

        public DateTimeOffset WaitingSince => Entries.Min(e => e.WaitingSince ?? e.UpdatedAt);

        public DateTimeOffset? ReviewDueAt => Entries.Select(e => e.ReviewDueAt).FirstOrDefault(d => d is not null);

        public long Amount => Entries.Max(e => e.Amount.Amount);

        public IEnumerable<string> Reasons => Entries.SelectMany(e => e.Reasons).Distinct(StringComparer.Ordinal);

        public Candidate With(ClaimIndexEntry entry) => new([.. Entries, entry]);
    }
}
