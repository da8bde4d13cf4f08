using System.Runtime.CompilerServices;
using Azure;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Claims;
using Reimburse.Money;

namespace Reimburse.Functions.Claims;

/// <summary>One claim as the status index lists it (a copy of a few state columns).</summary>
/// <param name="View">The partition the row is in: a <see cref="ClaimStatus"/> name or <see cref="ClaimStatusIndex.AttentionView"/>.</param>
/// <param name="ClaimId">The claim.</param>
/// <param name="IncidentId">Its incident.</param>
/// <param name="Status">Its status when the row was written.</param>
/// <param name="Version">The state version the row was written from.</param>
/// <param name="UpdatedAt">Time of the claim's last event.</param>
/// <param name="WaitingSince">When it started waiting for a reviewer, if it does.</param>
/// <param name="ReviewDueAt">When its wait passes the review SLA, if it waits for a reviewer.</param>
/// <param name="Amount">The amount at stake: the first approval, the approved amount, the proposal or the declared fee.</param>
/// <param name="ApprovedAmount">The approved refund, once approved.</param>
/// <param name="BatchId">The export batch it is in, if any.</param>
/// <param name="Reasons">Codes of why it was escalated.</param>
/// <param name="ETag">For a conditional delete of a stale row.</param>
/// <param name="SubmittedAt">When the claim was submitted; null in rows written before the column existed.</param>
/// <param name="DecidedAt">When intake first decided (approved, rejected or sent to review); null before that and in older rows.</param>
public sealed record ClaimIndexEntry(
    string View,
    string ClaimId,
    string IncidentId,
    ClaimStatus Status,
    long Version,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? ReviewDueAt,
    Yen Amount,
    Yen? ApprovedAmount,
    string? BatchId,
    IReadOnlyList<string> Reasons,
    ETag ETag,
    DateTimeOffset? SubmittedAt = null,
    DateTimeOffset? DecidedAt = null);

/// <summary>
/// A projection of the claims by status, so that staff queues (reviewers: escalated claims; finance: approved,
/// unbatched refunds) read one partition instead of scanning every claim. Table <c>ClaimStatusIndex</c>: partition =
/// the status name (and <see cref="AttentionView"/> for flagged claims), row = the claim id, a few state columns.
/// </summary>
/// <remarks>
/// <para>The claim partition stays the truth. The executor updates the index after each append; a crash in between
/// leaves the outbox marker, and the sweeper projects the claim again. Two writers finishing out of order can leave a
/// stale row in a partition the claim has left (never a missing row: the old row is deleted only if it is not newer
/// than the state the writer moved away from). Readers therefore check each row they act on against the claim's
/// state and repair stale rows (<see cref="RepairAsync"/>); <see cref="RebuildAsync"/> rebuilds the whole index from
/// the state rows.</para>
/// </remarks>
public sealed class ClaimStatusIndex(TableClient table)
{
    /// <summary>The partition of claims flagged for attention (whatever their status).</summary>
    public const string AttentionView = "Attention";

    /// <summary>The reason code the rows of <see cref="AttentionView"/> carry: a step kept failing.</summary>
    public const string AttentionReason = "W-ATTENTION";

    private static readonly string[] Columns =
        ["PartitionKey", "RowKey", "IncidentId", "Status", "Version", "UpdatedAt", "WaitingSince", "ReviewDueAt", "Amount", "ApprovedAmount", "BatchId", "Reasons", "SubmittedAt", "DecidedAt"];

    /// <summary>The table.</summary>
    public TableClient Table { get; } = table;

    /// <summary>The partitions a claim in <paramref name="state"/> is listed in.</summary>
    public static IReadOnlyList<string> ViewsOf(ClaimState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Exists)
        {
            return [];
        }
        return state.Attention is null ? [state.Status.ToString()] : [state.Status.ToString(), AttentionView];
    }

    /// <summary>Moves the claim from the views of <paramref name="before"/> to those of <paramref name="after"/>.</summary>
    public async Task UpdateAsync(ClaimState before, ClaimState after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        await ProjectAsync(after, cancellationToken).ConfigureAwait(false);
        var current = ViewsOf(after);
        foreach (var left in ViewsOf(before).Except(current, StringComparer.Ordinal))
        {
            await DeleteIfNotNewerAsync(left, after.ClaimId, before.Version, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the claim's rows for its current views (the sweeper's and the rebuild's way in).</summary>
    public async Task ProjectAsync(ClaimState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var view in ViewsOf(state))
        {
            await Table.UpsertEntityAsync(Row(view, state), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts right what a reader found: <paramref name="entry"/> was read from the index, <paramref name="state"/> is the
    /// claim's current state. A row in a view the claim has left is deleted (unless rewritten meanwhile); a row in a
    /// view it is in is refreshed.
    /// </summary>
    /// <returns>True when the claim does belong to the entry's view.</returns>
    public async Task<bool> RepairAsync(ClaimIndexEntry entry, ClaimState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(state);
        var views = ViewsOf(state);
        if (views.Contains(entry.View, StringComparer.Ordinal))
        {
            if (entry.Version < state.Version)
            {
                await Table.UpsertEntityAsync(Row(entry.View, state), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            return true;
        }
        try
        {
            await Table.DeleteEntityAsync(entry.View, entry.ClaimId, entry.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Rewritten since it was read: by a writer with a newer state, who decides.
        }
        if (state.Exists)
        {
            await ProjectAsync(state, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }

    /// <summary>The claims listed in <paramref name="view"/>, optionally of one incident, in claim-id order.</summary>
    public async IAsyncEnumerable<ClaimIndexEntry> ListAsync(string view, string? incidentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = incidentId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {view}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {view} and IncidentId eq {incidentId}");
        await foreach (var row in Table.QueryAsync(filter, select: Columns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Read(row);
        }
    }

    /// <summary>
    /// Every claim that has an approved amount, one entry each (the newest where a stale row is left over), optionally
    /// of one incident: what reconciliation counts as approved.
    /// </summary>
    public async Task<IReadOnlyList<ClaimIndexEntry>> ListApprovedAsync(string? incidentId, CancellationToken cancellationToken)
    {
        var filter = incidentId is null
            ? TableClient.CreateQueryFilter($"PartitionKey ne {AttentionView} and ApprovedAmount gt {0L}")
            : TableClient.CreateQueryFilter($"PartitionKey ne {AttentionView} and IncidentId eq {incidentId} and ApprovedAmount gt {0L}");
        return await NewestAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every claim submitted or decided at or after <paramref name="since"/>, one entry each (the newest where a stale
    /// row is left over): the operator's intake and decisions per day. Rows written before the time columns existed
    /// do not match (the rebuild adds the columns).
    /// </summary>
    public async Task<IReadOnlyList<ClaimIndexEntry>> ListActiveSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ne {AttentionView} and (SubmittedAt ge {since} or DecidedAt ge {since})");
        return await NewestAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rebuilds the index from the claims' state rows: projects every claim, then removes rows the claims no longer
    /// belong to. Safe while the system runs (it only writes what the states say).
    /// </summary>
    /// <returns>Claims projected and stale rows removed.</returns>
    public async Task<(int Claims, int Removed)> RebuildAsync(ClaimStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var claims = 0;
        var states = TableClient.CreateQueryFilter($"RowKey eq {ClaimStore.StateRowKey}");
        await foreach (var row in store.Table.QueryAsync(states, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var state = await store.LoadAsync(row.PartitionKey, cancellationToken).ConfigureAwait(false);
            await ProjectAsync(state, cancellationToken).ConfigureAwait(false);
            claims++;
        }
        var removed = 0;
        await foreach (var row in Table.QueryAsync(select: Columns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var entry = Read(row);
            var state = ClaimIds.IsValidPart(entry.ClaimId) ? await store.LoadAsync(entry.ClaimId, cancellationToken).ConfigureAwait(false) : ClaimState.Empty;
            if (!await RepairAsync(entry, state, cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }
        }
        return (claims, removed);
    }

    // One entry per claim: a stale row left in a partition the claim has left loses to the newer one.
    private async Task<IReadOnlyList<ClaimIndexEntry>> NewestAsync(string filter, CancellationToken cancellationToken)
    {
        var newest = new Dictionary<string, ClaimIndexEntry>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync(filter, select: Columns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var entry = Read(row);
            if (!newest.TryGetValue(entry.ClaimId, out var known) || known.Version < entry.Version)
            {
                newest[entry.ClaimId] = entry;
            }
        }
        return [.. newest.Values.OrderBy(e => e.ClaimId, StringComparer.Ordinal)];
    }

    // Deletes the row only if no writer with a newer state has rewritten it: a writer that moved the claim back into
    // this view after us must keep its row.
    private async Task DeleteIfNotNewerAsync(string view, string claimId, long version, CancellationToken cancellationToken)
    {
        var existing = await Table.GetEntityIfExistsAsync(view, claimId, ["Version"], cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || (existing.Value!.GetInt64("Version") ?? 0) > version)
        {
            return;
        }
        try
        {
            await Table.DeleteEntityAsync(view, claimId, existing.Value.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Rewritten meanwhile by a newer writer: its row stays.
        }
    }

    private static TableEntity Row(string view, ClaimState state)
    {
        var row = new TableEntity(view, state.ClaimId)
        {
            ["IncidentId"] = state.IncidentId,
            ["Status"] = state.Status.ToString(),
            ["Version"] = state.Version,
            ["UpdatedAt"] = state.UpdatedAt,
            ["SubmittedAt"] = state.SubmittedAt,
            ["Amount"] = AmountAtStake(state).Amount,
            ["Reasons"] = view == AttentionView
                ? AttentionReason
                : string.Join(' ', state.EscalationReasons.Select(r => r.Code).Distinct(StringComparer.Ordinal)),
        };
        if (state.WaitingSince is { } since)
        {
            row["WaitingSince"] = since;
            if (state.Terms is { } terms)
            {
                row["ReviewDueAt"] = since + TimeSpan.FromHours(terms.ReviewSlaHours);
            }
        }
        if (state.DecidedAt is { } decided)
        {
            row["DecidedAt"] = decided;
        }
        if (state.ApprovedAmount is { } approved)
        {
            row["ApprovedAmount"] = approved.Amount;
        }
        if (state.BatchId is { } batch)
        {
            row["BatchId"] = batch;
        }
        return row;
    }

    /// <summary>What a decision on the claim is about: the first approval, the approved amount, the proposal or the declared fee.</summary>
    public static Yen AmountAtStake(ClaimState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.FirstApproval?.Amount ?? state.ApprovedAmount ?? state.ProposedAmount ?? state.DeclaredFee;
    }

    private static ClaimIndexEntry Read(TableEntity row) => new(
        row.PartitionKey,
        row.RowKey,
        row.GetString("IncidentId") ?? "",
        Enum.TryParse<ClaimStatus>(row.GetString("Status"), out var status) ? status : ClaimStatus.None,
        row.GetInt64("Version") ?? 0,
        row.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("WaitingSince"),
        row.GetDateTimeOffset("ReviewDueAt"),
        new Yen(row.GetInt64("Amount") ?? 0),
        row.GetInt64("ApprovedAmount") is { } approved ? new Yen(approved) : null,
        row.GetString("BatchId"),
        (row.GetString("Reasons") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        row.ETag,
        row.GetDateTimeOffset("SubmittedAt"),
        row.GetDateTimeOffset("DecidedAt"));
}
