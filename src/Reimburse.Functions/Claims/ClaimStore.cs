using System.Globalization;
using System.Text;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Claims;

namespace Reimburse.Functions.Claims;

/// <summary>An event as stored: its sequence number in the claim and the event.</summary>
/// <param name="Sequence">1 for the first event of the claim.</param>
/// <param name="Event">The event; its personal data is gone once the retention purge ran.</param>
public sealed record StoredClaimEvent(long Sequence, ClaimEvent Event);

/// <summary>
/// Another writer appended to the claim first (the insert of the next event row collided): reload and decide again.
/// </summary>
public sealed class ClaimConcurrencyException : Exception
{
    public ClaimConcurrencyException()
    {
    }

    public ClaimConcurrencyException(string message)
        : base(message)
    {
    }

    public ClaimConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The claim partitions in Table storage. One partition per claim: event rows (<c>RowKey</c> = <c>e-</c> and the
/// zero-padded sequence number, never updated or deleted), one <c>state</c> row, and for events that carry personal
/// data a copy in a <c>p-</c> row that the retention purge deletes (the event row keeps the redacted form).
/// </summary>
/// <remarks>
/// An append inserts the new event rows (and personal copies) and replaces the state row in one entity-group
/// transaction. Two writers racing from the same version both insert the same event row; the second gets 409 and
/// nothing of its transaction is applied: that insert is the concurrency guard (not If-Match, which Azurite ignores
/// inside a batch).
/// </remarks>
public sealed class ClaimStore(TableClient table)
{
    public const string StateRowKey = "state";
    private const string EventPrefix = "e-";
    private const string PersonalPrefix = "p-";

    // A Table string property holds 64 KiB of UTF-16: long JSON is split over Data, Data1, Data2 …
    private const int ChunkChars = 30_000;
    private const int MaxChunks = 30;

    /// <summary>The Table the store writes to.</summary>
    public TableClient Table { get; } = table;

    /// <summary>The claim's current state, or <see cref="ClaimState.Empty"/> when there is no such claim.</summary>
    /// <exception cref="ArgumentException">The claim id is not a valid id.</exception>
    public async Task<ClaimState> LoadAsync(string claimId, CancellationToken cancellationToken)
    {
        RequireId(claimId);
        var row = await Table.GetEntityIfExistsAsync(claimId, StateRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ClaimJson.DeserializeState(ReadJson(row.Value!)) : ClaimState.Empty;
    }

    /// <summary>The current states of the claims in <paramref name="statuses"/> (a scan of the state rows, for the timer checks).</summary>
    public async IAsyncEnumerable<ClaimState> ListStatesAsync(IReadOnlyCollection<ClaimStatus> statuses, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count == 0)
        {
            yield break;
        }
        // Every value goes through the escaping helper; only the fixed connectives are joined here.
        var byStatus = string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}")));
        var filter = TableClient.CreateQueryFilter($"RowKey eq {StateRowKey}") + " and (" + byStatus + ")";
        await foreach (var row in Table.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ClaimJson.DeserializeState(ReadJson(row));
        }
    }

    /// <summary>
    /// Appends <paramref name="events"/> decided on <paramref name="before"/> and stores <paramref name="after"/>
    /// (their evolution) as the new state, atomically.
    /// </summary>
    /// <exception cref="ClaimConcurrencyException">Another writer appended since <paramref name="before"/> was read.</exception>
    public async Task AppendAsync(ClaimState before, IReadOnlyList<ClaimEvent> events, ClaimState after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(after);
        if (events.Count == 0 || after.Version != before.Version + events.Count)
        {
            throw new ArgumentException($"Appending {events.Count} events to version {before.Version} must give version {before.Version + events.Count}, not {after.Version}.", nameof(after));
        }
        var claimId = after.ClaimId;
        RequireId(claimId);
        var actions = new List<TableTransactionAction>();
        var sequence = before.Version;
        foreach (var e in events)
        {
            sequence++;
            var row = new TableEntity(claimId, EventRowKey(sequence))
            {
                ["Type"] = e.Type,
                ["At"] = e.At,
                ["ActorKind"] = e.Actor.Kind.ToString(),
                ["ActorId"] = e.Actor.Id,
            };
            WriteJson(row, ClaimJson.Serialize(e.WithoutPersonalData()));
            actions.Add(new(TableTransactionActionType.Add, row));
            if (e.HasPersonalData)
            {
                var personal = new TableEntity(claimId, PersonalPrefix + Sequence(sequence));
                WriteJson(personal, ClaimJson.Serialize(e));
                actions.Add(new(TableTransactionActionType.Add, personal));
            }
        }
        actions.Add(new(TableTransactionActionType.UpsertReplace, StateRow(after)));
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            throw new ClaimConcurrencyException($"Claim {claimId} moved past version {before.Version} meanwhile.", ex);
        }
    }

    /// <summary>The claim's events in order, in full where the personal-data copy still exists.</summary>
    public async Task<IReadOnlyList<StoredClaimEvent>> ReadHistoryAsync(string claimId, CancellationToken cancellationToken)
    {
        RequireId(claimId);
        var events = new SortedDictionary<long, ClaimEvent>();
        var personal = new Dictionary<long, ClaimEvent>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {claimId}");
        await foreach (var row in Table.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey.StartsWith(EventPrefix, StringComparison.Ordinal))
            {
                events[ParseSequence(row.RowKey, EventPrefix)] = ClaimJson.DeserializeEvent(ReadJson(row));
            }
            else if (row.RowKey.StartsWith(PersonalPrefix, StringComparison.Ordinal))
            {
                personal[ParseSequence(row.RowKey, PersonalPrefix)] = ClaimJson.DeserializeEvent(ReadJson(row));
            }
        }
        return [.. events.Select(e => new StoredClaimEvent(e.Key, personal.GetValueOrDefault(e.Key) ?? e.Value))];
    }

    /// <summary>Deletes the personal-data copies of the claim's events (the retention purge); the event rows stay.</summary>
    /// <returns>How many copies were deleted.</returns>
    public async Task<int> DeletePersonalDataAsync(string claimId, CancellationToken cancellationToken)
    {
        RequireId(claimId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {claimId} and RowKey ge {PersonalPrefix} and RowKey lt {"p."}");
        var deleted = 0;
        await foreach (var row in Table.QueryAsync(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await Table.DeleteEntityAsync(claimId, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            deleted++;
        }
        return deleted;
    }

    internal static string EventRowKey(long sequence) => EventPrefix + Sequence(sequence);

    private static string Sequence(long sequence) => sequence.ToString("D10", CultureInfo.InvariantCulture);

    private static long ParseSequence(string rowKey, string prefix) =>
        long.Parse(rowKey.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);

    private static TableEntity StateRow(ClaimState state)
    {
        // Plain columns beside the JSON so that staff queues can filter without reading every claim.
        var row = new TableEntity(state.ClaimId, StateRowKey)
        {
            ["Version"] = state.Version,
            ["Status"] = state.Status.ToString(),
            ["IncidentId"] = state.IncidentId,
            ["UpdatedAt"] = state.UpdatedAt,
            ["NeedsAttention"] = state.Attention is not null,
        };
        WriteJson(row, ClaimJson.Serialize(state));
        return row;
    }

    private static void WriteJson(TableEntity row, string json)
    {
        var chunks = (json.Length + ChunkChars - 1) / ChunkChars;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException($"A claim row of {json.Length} characters is larger than Table storage allows.");
        }
        for (var i = 0; i < Math.Max(chunks, 1); i++)
        {
            row[ChunkName(i)] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - (i * ChunkChars)));
        }
    }

    private static string ReadJson(TableEntity row)
    {
        var json = new StringBuilder(row.GetString(ChunkName(0)) ?? throw new InvalidOperationException($"Row {row.RowKey} of claim {row.PartitionKey} has no data."));
        for (var i = 1; row.GetString(ChunkName(i)) is { } chunk; i++)
        {
            json.Append(chunk);
        }
        return json.ToString();
    }

    private static string ChunkName(int index) => index == 0 ? "Data" : "Data" + index.ToString(CultureInfo.InvariantCulture);

    private static void RequireId(string claimId)
    {
        if (!ClaimIds.IsValidPart(claimId))
        {
            throw new ArgumentException("A claim id is 1-64 letters, digits, '-' or '_'.", nameof(claimId));
        }
    }
}
