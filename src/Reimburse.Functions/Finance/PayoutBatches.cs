using System.Globalization;
using Azure;
using Microsoft.Extensions.Options;
using Reimburse.Banking;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Payouts;
using Reimburse.Money;
using Reimburse.Payouts;
using Reimburse.Policy;

namespace Reimburse.Functions.Finance;

/// <summary>
/// Finance's export batches: made from approved, unbatched claims, written once as a Zengin 総合振込 file and a CSV
/// journal, downloaded as stored.
/// </summary>
/// <remarks>
/// <para>One batch per claim. Each claim joins through the claim workflow (<see cref="AddToBatch"/> via the
/// executor): its partition's sequence-number guard lets exactly one of two concurrent batches append, and the loser
/// is refused by the workflow (the claim is in payment already). Two finance members creating batches at the same
/// moment therefore split the claims between them, never share one.</para>
/// <para>Crash safety. Before claims join, the batch records them as intents; after, it confirms them (with the
/// amount and account the claim had) or forgets them. A builder that stops half-way leaves the batch
/// <see cref="BatchStatus.Building"/> with some intents open; <see cref="CompleteAsync"/> settles each from the
/// claim's state and exports. The builder writes a heartbeat on the header (conditional on its ETag) before every
/// chunk, so that a member who completes a silent batch stops the old builder from adding more.</para>
/// <para>Invalid accounts go back to the claimant before payment: a claim whose bank or branch is not in the bank code
/// list is sent back (<see cref="RejectBankAccount"/>) instead of joining, so the file never carries a transfer the
/// bank would refuse for its codes.</para>
/// <para>Files are streamed into a private temporary file (memory does not grow with the batch), then stored with
/// If-None-Match: *, so a failure half-way leaves nothing visible and an issued file is never replaced.</para>
/// </remarks>
public sealed partial class PayoutBatches(
    PayoutBatchStore store,
    FinanceStorage storage,
    ClaimStatusIndex index,
    ClaimStore claims,
    ClaimExecutor executor,
    IBankDirectory banks,
    IOptions<ZenginRequesterOptions> requester,
    IOptions<FinanceOptions> options,
    TimeProvider time,
    ILogger<PayoutBatches> logger)
{
    private const int ChunkSize = 100;

    /// <summary>The batch id of a number: B and at least six digits.</summary>
    public static string IdFor(long number) => "B" + number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Makes a batch of the approved, unbatched claims (oldest approval first) and exports it.</summary>
    /// <param name="incidentId">Only this incident's claims.</param>
    /// <param name="max">At most this many.</param>
    /// <param name="transferDate">振込指定日 (default: the second weekday from today in Japan).</param>
    /// <param name="actor">The finance member.</param>
    /// <param name="cancellationToken">Cancels the work; the batch can then be completed later.</param>
    /// <exception cref="InputException">A parameter is not valid.</exception>
    /// <exception cref="ConflictException">No claim is waiting (the batch is not kept), or the batch was taken over.</exception>
    public async Task<PayoutBatch> CreateAsync(string? incidentId, int? max, DateOnly? transferDate, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow();
        if (incidentId is not null && !ClaimIds.IsValidPart(incidentId))
        {
            throw new InputException("incident must be an incident id (letters, digits, '-' or '_').");
        }
        if (max is < 1 or > ZenginTransferFile.MaxCount)
        {
            throw new InputException($"max must be between 1 and {ZenginTransferFile.MaxCount:N0} (a Zengin file's limit).");
        }
        var date = transferDate ?? DefaultTransferDate(now);
        CheckTransferDate(date, now);
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        var number = await store.NextNumberAsync(cancellationToken).ConfigureAwait(false);
        var batch = new PayoutBatch(IdFor(number), number, BatchStatus.Building, date, incidentId, max, actor.Id, now, now, 0, Yen.Zero, null, null, null);
        var etag = await store.AddAsync(batch, cancellationToken).ConfigureAwait(false);
        LogCreating(logger, batch.BatchId, actor.Id, incidentId ?? "(all)");

        var candidates = new List<ClaimIndexEntry>();
        await foreach (var entry in index.ListAsync(nameof(ClaimStatus.Approved), incidentId, cancellationToken).ConfigureAwait(false))
        {
            candidates.Add(entry);
        }
        // Oldest approval first: the claimants who waited longest are paid first.
        candidates.Sort((a, b) => a.UpdatedAt != b.UpdatedAt ? a.UpdatedAt.CompareTo(b.UpdatedAt) : string.CompareOrdinal(a.ClaimId, b.ClaimId));

        var limit = max ?? ZenginTransferFile.MaxCount;
        var joined = 0;
        var position = 0;
        while (joined < limit && position < candidates.Count)
        {
            var chunk = candidates.GetRange(position, Math.Min(Math.Min(ChunkSize, limit - joined), candidates.Count - position));
            position += chunk.Count;
            bool alive;
            (alive, etag) = await store.UpdateAsync(batch with { Heartbeat = time.GetUtcNow() }, etag, cancellationToken).ConfigureAwait(false);
            if (!alive)
            {
                throw new ConflictException($"Batch {batch.BatchId} was completed by someone else while it was being built; it holds the claims added so far.");
            }
            joined += await AddChunkAsync(batch.BatchId, chunk, actor, cancellationToken).ConfigureAwait(false);
        }
        if (joined == 0)
        {
            await store.DeleteAsync(batch.BatchId, etag, cancellationToken).ConfigureAwait(false);
            throw new ConflictException(incidentId is null
                ? "No approved claims are waiting for a batch."
                : $"No approved claims of incident {incidentId} are waiting for a batch.");
        }
        return await ExportAsync(batch, etag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes a batch whose builder stopped half-way (silent for <see cref="FinanceOptions.TakeOverAfter"/>): settles
    /// its open intents from the claims' states and exports it. An exported batch is returned as it is.
    /// </summary>
    /// <returns>The batch, or null when there is none with this id.</returns>
    /// <exception cref="ConflictException">Its builder is still at work, or it turned out empty (and was removed).</exception>
    public async Task<PayoutBatch?> CompleteAsync(string batchId, CancellationToken cancellationToken)
    {
        if (!ClaimIds.IsValidPart(batchId))
        {
            return null;
        }
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (await store.GetAsync(batchId, cancellationToken).ConfigureAwait(false) is not var (batch, etag))
        {
            return null;
        }
        if (batch.Status == BatchStatus.Exported)
        {
            return batch;
        }
        var now = time.GetUtcNow();
        var silentFor = now - batch.Heartbeat;
        if (silentFor < options.Value.TakeOverAfter)
        {
            throw new ConflictException($"Batch {batchId} is still being built (last progress {silentFor.TotalSeconds:0} s ago). Complete it only if its builder stopped: after {options.Value.TakeOverAfter.TotalMinutes:0} minutes without progress.");
        }
        bool taken;
        (taken, etag) = await store.UpdateAsync(batch with { Heartbeat = now }, etag, cancellationToken).ConfigureAwait(false);
        if (!taken)
        {
            throw new ConflictException($"Batch {batchId} is being completed by someone else; look at it again in a moment.");
        }
        LogTakenOver(logger, batchId, silentFor.TotalMinutes);
        return await ExportAsync(batch, etag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every batch, newest first.</summary>
    public async Task<IReadOnlyList<PayoutBatch>> ListAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await store.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One batch, or null.</summary>
    public async Task<PayoutBatch?> GetAsync(string batchId, CancellationToken cancellationToken)
    {
        if (!ClaimIds.IsValidPart(batchId))
        {
            return null;
        }
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return (await store.GetAsync(batchId, cancellationToken).ConfigureAwait(false))?.Batch;
    }

    /// <summary>How far the bank's results for the batch are recorded.</summary>
    public async Task<SettlementProgress> ProgressAsync(PayoutBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var results = await store.GetResultsAsync(batch.BatchId, cancellationToken).ConfigureAwait(false);
        var paid = results.Values.Where(r => r.Outcome == SettlementOutcome.Paid).ToList();
        var returned = results.Values.Where(r => r.Outcome == SettlementOutcome.Returned).ToList();
        var paidAmount = paid.Sum(r => r.Amount.Amount);
        var returnedAmount = returned.Sum(r => r.Amount.Amount);
        return new SettlementProgress(paid.Count, paidAmount, returned.Count, returnedAmount,
            batch.Count - paid.Count - returned.Count, batch.Total.Amount - paidAmount - returnedAmount);
    }

    /// <summary>Approved refunds waiting for a batch, per incident.</summary>
    public async Task<IReadOnlyList<ApprovedTotals>> WaitingAsync(CancellationToken cancellationToken)
    {
        var totals = new SortedDictionary<string, (int Count, long Amount)>(StringComparer.Ordinal);
        await foreach (var entry in index.ListAsync(nameof(ClaimStatus.Approved), null, cancellationToken).ConfigureAwait(false))
        {
            var (count, amount) = totals.GetValueOrDefault(entry.IncidentId);
            totals[entry.IncidentId] = (count + 1, amount + (entry.ApprovedAmount ?? entry.Amount).Amount);
        }
        return [.. totals.Select(t => new ApprovedTotals(t.Key, t.Value.Count, t.Value.Amount))];
    }

    /// <summary>The second weekday after today in Japan: a day the bank can still schedule.</summary>
    public static DateOnly DefaultTransferDate(DateTimeOffset now)
    {
        var day = TokyoTime.DateOf(now);
        for (var weekdays = 0; weekdays < 2;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                weekdays++;
            }
        }
        return day;
    }

    private static void CheckTransferDate(DateOnly date, DateTimeOffset now)
    {
        var today = TokyoTime.DateOf(now);
        if (date < today || date > today.AddYears(1))
        {
            throw new InputException($"transferDate {date:yyyy-MM-dd} must be between today ({today:yyyy-MM-dd}, Japan) and a year from now.");
        }
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            throw new InputException($"transferDate {date:yyyy-MM-dd} is a {date.DayOfWeek}: banks transfer on business days only.");
        }
    }

    // Adds one chunk of claims: intents first, then each claim through the workflow, then the outcome recorded.
    private async Task<int> AddChunkAsync(string batchId, List<ClaimIndexEntry> chunk, Actor actor, CancellationToken cancellationToken)
    {
        await store.AddIntentsAsync(batchId, [.. chunk.Select(c => c.ClaimId)], cancellationToken).ConfigureAwait(false);
        var states = new ClaimState?[chunk.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, chunk.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => states[i] = await AddClaimAsync(batchId, chunk[i], actor, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var joined = new List<BatchEntry>();
        var refused = new List<string>();
        for (var i = 0; i < chunk.Count; i++)
        {
            if (states[i] is { } state)
            {
                joined.Add(EntryOf(state));
            }
            else
            {
                refused.Add(chunk[i].ClaimId);
            }
        }
        await store.SettleIntentsAsync(batchId, joined, refused, cancellationToken).ConfigureAwait(false);
        return joined.Count;
    }

    // The claim's state once in this batch, or null when it did not join (another batch was first, it is no longer
    // approved, or its account was sent back to the claimant).
    private async Task<ClaimState?> AddClaimAsync(string batchId, ClaimIndexEntry candidate, Actor actor, CancellationToken cancellationToken)
    {
        try
        {
            var execution = await executor.ExecuteAsync(candidate.ClaimId, (state, _) => Task.FromResult<ClaimCommand?>(
                state.Status == ClaimStatus.Approved && AccountProblem(state.PayoutAccount) is { } problem
                    ? new RejectBankAccount(problem) { Actor = actor, At = time.GetUtcNow() }
                    : new AddToBatch(batchId) { Actor = actor, At = time.GetUtcNow() }), cancellationToken).ConfigureAwait(false);
            if (execution.Events.OfType<BankAccountRejected>().Any())
            {
                LogAccountSentBack(logger, candidate.ClaimId, batchId);
            }
            return execution.State is { Status: ClaimStatus.InPayment } joined && joined.BatchId == batchId ? joined : null;
        }
        catch (ClaimDomainException)
        {
            // Taken by another batch, or no longer approved: the index row was behind; put it right.
            var current = await claims.LoadAsync(candidate.ClaimId, cancellationToken).ConfigureAwait(false);
            await index.RepairAsync(candidate, current, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ClaimConcurrencyException)
        {
            return null;
        }
    }

    /// <summary>Why the bank would refuse a transfer to this account, as far as the bank code list can tell.</summary>
    internal string? AccountProblem(BankAccount? account)
    {
        if (account is null)
        {
            return null;
        }
        if (banks.FindBank(account.BankCode) is null)
        {
            return $"Bank code {account.BankCode} is not in the Zengin bank code list.";
        }
        if (banks.FindBranch(account.BankCode, account.BranchCode) is null)
        {
            return $"Branch {account.BankCode}-{account.BranchCode} is not in the Zengin bank code list.";
        }
        if (!ZenginKana.TryToZenginKana(account.HolderKana, out var holder, out _) || holder.Length is 0 or > BankAccount.MaxHolderLength)
        {
            return "The holder name cannot be written in Zengin half-width kana within 30 characters.";
        }
        return null;
    }

    private static BatchEntry EntryOf(ClaimState state) =>
        new(state.ClaimId, true, state.IncidentId, state.CustomerId, state.ApprovedAmount ?? Yen.Zero, state.PayoutAccount);

    // Settles open intents from the claims' states, writes both files once, and marks the batch exported.
    private async Task<PayoutBatch> ExportAsync(PayoutBatch batch, ETag etag, CancellationToken cancellationToken)
    {
        var id = batch.BatchId;
        var open = new List<string>();
        var count = 0;
        var total = Yen.Zero;
        await foreach (var entry in store.ListEntriesAsync(id, cancellationToken).ConfigureAwait(false))
        {
            if (!entry.Confirmed)
            {
                open.Add(entry.ClaimId);
            }
        }
        foreach (var chunk in open.Chunk(ChunkSize))
        {
            var joined = new List<BatchEntry>();
            var refused = new List<string>();
            foreach (var claimId in chunk)
            {
                var state = await claims.LoadAsync(claimId, cancellationToken).ConfigureAwait(false);
                if (state.BatchId == id && state.Status is ClaimStatus.InPayment)
                {
                    joined.Add(EntryOf(state));
                }
                else
                {
                    refused.Add(claimId);
                }
            }
            await store.SettleIntentsAsync(id, joined, refused, cancellationToken).ConfigureAwait(false);
        }
        await foreach (var item in store.ListItemsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            count++;
            total += item.Amount;
        }
        if (count == 0)
        {
            await store.DeleteAsync(id, etag, cancellationToken).ConfigureAwait(false);
            throw new ConflictException($"Batch {id} holds no claims; it was removed.");
        }

        var counted = batch with { Count = count, Total = total };
        var manifest = counted.Manifest;
        var payer = requester.Value.ToRequester(banks);
        var zengin = await WriteOnceAsync($"{id}/{id}.zengin.txt", "text/plain; charset=shift_jis",
            stream => PayoutExport.WriteZenginAsync(stream, manifest, payer, store.ListItemsAsync(id, cancellationToken), banks, cancellationToken), cancellationToken).ConfigureAwait(false);
        var journal = await WriteOnceAsync($"{id}/{id}.journal.csv", "text/csv; charset=utf-8",
            stream => PayoutExport.WriteJournalAsync(stream, manifest, store.ListItemsAsync(id, cancellationToken), banks, cancellationToken), cancellationToken).ConfigureAwait(false);

        var now = time.GetUtcNow();
        var exported = counted with { Status = BatchStatus.Exported, Zengin = zengin, Journal = journal, ExportedAt = now, Heartbeat = now };
        var (updated, _) = await store.UpdateAsync(exported, etag, cancellationToken).ConfigureAwait(false);
        if (!updated)
        {
            // Someone completed it meanwhile: the files are the same bytes (write-once checked that), theirs stands.
            var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            return current is { Batch.Status: BatchStatus.Exported } done
                ? done.Batch
                : throw new ConflictException($"Batch {id} changed while it was being exported; look at it again.");
        }
        LogExported(logger, id, count, total.Amount);
        return exported;
    }

    private async Task<BatchFile> WriteOnceAsync(string blobName, string contentType, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "reimburse-export-" + Guid.NewGuid().ToString("N"));
        var fileOptions = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Account numbers: readable by this process's user only, and deleted on close whatever happens.
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var file = new FileStream(path, fileOptions);
        await using (file.ConfigureAwait(false))
        {
            await write(file).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            return await store.WriteOnceAsync(blobName, file, contentType, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Batch {BatchId} being created by {ActorId} for incident {IncidentId}")]
    private static partial void LogCreating(ILogger logger, string batchId, string actorId, string incidentId);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Batch {BatchId} exported: {Count} transfers, {Total} yen")]
    private static partial void LogExported(ILogger logger, string batchId, int count, long total);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Batch {BatchId} taken over after {Minutes:0.0} minutes without progress")]
    private static partial void LogTakenOver(ILogger logger, string batchId, double minutes);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Claim {ClaimId}: payout account sent back to the claimant instead of joining batch {BatchId}")]
    private static partial void LogAccountSentBack(ILogger logger, string claimId, string batchId);
}
