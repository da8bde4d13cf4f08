using System.Security.Cryptography;
using Azure;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Hosting;
using Reimburse.Payouts;

namespace Reimburse.Functions.Finance;

/// <summary>
/// Records the bank's result for a batch from finance's settlement CSV (請求ID, 結果, 不能事由): each paid transfer
/// becomes <see cref="RecordPayment"/>, each returned one <see cref="RecordReturn"/>, which asks the claimant for a
/// corrected account (the claim is approved again once the new account passes its check, and goes into a later batch).
/// </summary>
/// <remarks>
/// All or nothing: the file is parsed, matched to the batch and every line decided on its claim's current state
/// (the workflow's own rules, without storing anything) before the first write; any problem refuses the whole file
/// with every error's line number. Importing the same file again changes nothing. The file itself is kept (write-once,
/// by its hash) with the results, for the audit.
/// </remarks>
public sealed partial class BatchSettlements(
    PayoutBatchStore store,
    FinanceStorage storage,
    ClaimStore claims,
    ClaimExecutor executor,
    IOptions<FinanceOptions> options,
    TimeProvider time,
    ILogger<BatchSettlements> logger)
{
    /// <summary>Imports a settlement file for <paramref name="batchId"/>.</summary>
    /// <returns>The report, or null when there is no such batch.</returns>
    /// <exception cref="ConflictException">The batch is not exported yet.</exception>
    public async Task<SettlementReport?> ImportAsync(string batchId, ReadOnlyMemory<byte> content, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!ClaimIds.IsValidPart(batchId))
        {
            return null;
        }
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (await store.GetAsync(batchId, cancellationToken).ConfigureAwait(false) is not var (batch, _))
        {
            return null;
        }
        if (batch.Status != BatchStatus.Exported)
        {
            throw new ConflictException($"Batch {batchId} is still being built; its results can be recorded once it is exported.");
        }

        var parsed = SettlementCsv.Parse(content.Span);
        var items = new List<PayoutItem>(batch.Count);
        await foreach (var item in store.ListItemsAsync(batchId, cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }
        var matched = Settlement.Match(batch.Manifest, items, parsed);
        if (!matched.IsValid)
        {
            return Refused(batchId, parsed.Lines.Count, matched.Errors);
        }

        var lineNumbers = parsed.Lines.ToDictionary(l => l.ClaimId, l => l.LineNumber, StringComparer.Ordinal);
        var recorded = await store.GetResultsAsync(batchId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var plans = new Plan[matched.Results.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plans.Length),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var result = matched.Results[i];
                var state = await claims.LoadAsync(result.ClaimId, ct).ConfigureAwait(false);
                plans[i] = PlanFor(batch, result, lineNumbers[result.ClaimId], recorded.GetValueOrDefault(result.ClaimId), state, actor, now);
            }).ConfigureAwait(false);
        var errors = plans.Where(p => p.Error is not null).Select(p => p.Error!).OrderBy(e => e.LineNumber).ToList();
        if (errors.Count > 0)
        {
            return Refused(batchId, parsed.Lines.Count, errors);
        }

        // Valid as a whole: keep the file, then the results (what the bank said), then change the claims.
        var sha = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        await KeepFileAsync(batchId, sha, content, cancellationToken).ConfigureAwait(false);
        await store.RecordImportAsync(batchId, sha, parsed.Lines.Count, actor.Id, now, applied: false, cancellationToken).ConfigureAwait(false);
        var changed = plans.Where(p => p.Command is not null).ToList();
        await store.SaveResultsAsync(batchId, [.. changed.Select(p => p.Result!)], cancellationToken).ConfigureAwait(false);
        var raced = new List<SettlementError>();
        var applied = new List<Plan>();
        await Parallel.ForEachAsync(
            changed,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (plan, ct) =>
            {
                try
                {
                    await executor.ExecuteAsync(plan.Result!.ClaimId, plan.Command!, ct).ConfigureAwait(false);
                    lock (applied)
                    {
                        applied.Add(plan);
                    }
                }
                catch (Exception ex) when (ex is ClaimDomainException or ClaimConcurrencyException)
                {
                    // The claim changed between the check and now: report it; a re-import applies the rest again.
                    lock (raced)
                    {
                        raced.Add(new SettlementError(plan.Line, $"claim {plan.Result!.ClaimId} changed while the file was imported ({ex.Message}); import the file again."));
                    }
                }
            }).ConfigureAwait(false);
        await store.RecordImportAsync(batchId, sha, parsed.Lines.Count, actor.Id, now, applied: raced.Count == 0, cancellationToken).ConfigureAwait(false);
        var paid = applied.Count(p => p.Result!.Outcome == SettlementOutcome.Paid);
        var returned = applied.Count - paid;
        LogImported(logger, batchId, actor.Id, paid, returned, plans.Length - changed.Count);
        return new SettlementReport(batchId, parsed.Lines.Count, paid, returned, plans.Length - changed.Count, [.. raced.OrderBy(e => e.LineNumber)], Recorded: true);
    }

    /// <summary>The claim workflow's return code for the bank's reason; reasons it has no code for keep their label in the note.</summary>
    public static (ReturnCode Code, string? Note) ReturnFor(ReturnReason reason, string? note)
    {
        var code = reason switch
        {
            ReturnReason.NoAccount => ReturnCode.NoSuchAccount,
            ReturnReason.NameMismatch => ReturnCode.NameMismatch,
            ReturnReason.AccountClosed => ReturnCode.AccountClosed,
            ReturnReason.DepositTypeMismatch => ReturnCode.AccountTypeMismatch,
            _ => ReturnCode.Other,
        };
        var label = SettlementCsv.Label(reason);
        return (code, code == ReturnCode.Other ? (note is null ? label : label + ": " + note) : note);
    }

    private static Plan PlanFor(PayoutBatch batch, SettlementResult result, int line, RecordedResult? recorded, ClaimState state, Actor actor, DateTimeOffset now)
    {
        Plan Error(string message) => new(line, null, null, new SettlementError(line, $"claim {result.ClaimId}: {message}"));
        if (recorded is not null && recorded.Outcome == SettlementOutcome.Returned && result.Outcome == SettlementOutcome.Paid)
        {
            return Error($"the bank already reported this transfer returned ({SettlementCsv.Label(recorded.Reason ?? ReturnReason.Other)}, recorded {recorded.RecordedAt:yyyy-MM-dd}); a returned transfer cannot be paid.");
        }
        if (recorded is not null && recorded.Outcome == result.Outcome && recorded.Reason == result.Reason)
        {
            return new Plan(line, null, null, null);
        }
        ClaimCommand command = result.Outcome == SettlementOutcome.Paid
            ? new RecordPayment(batch.BatchId, batch.TransferDate) { Actor = actor, At = now }
            : ReturnCommand(batch.BatchId, result, actor, now);
        try
        {
            // Decided on the current state without storing: the workflow's own rules check every line first.
            ClaimWorkflow.Decide(state, command);
        }
        catch (ClaimDomainException ex)
        {
            return Error(ex.Text.En);
        }
        var recordedNow = new RecordedResult(result.ClaimId, result.Line, result.Amount, result.Outcome, result.Reason, result.Note, now, actor.Id);
        return new Plan(line, recordedNow, command, null);
    }

    private static RecordReturn ReturnCommand(string batchId, SettlementResult result, Actor actor, DateTimeOffset now)
    {
        var (code, note) = ReturnFor(result.Reason ?? ReturnReason.Other, result.Note);
        return new RecordReturn(batchId, code, note) { Actor = actor, At = now };
    }

    private async Task KeepFileAsync(string batchId, string sha, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Payouts.GetBlobClient($"{batchId}/settlements/{sha}.csv").UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // The same file (same hash) was imported before.
        }
    }

    private SettlementReport Refused(string batchId, int lines, IReadOnlyList<SettlementError> errors)
    {
        LogRefused(logger, batchId, errors.Count);
        return new SettlementReport(batchId, lines, 0, 0, 0, errors, Recorded: false);
    }

    private sealed record Plan(int Line, RecordedResult? Result, ClaimCommand? Command, SettlementError? Error);

    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Settlement of batch {BatchId} by {ActorId}: {Paid} paid, {Returned} returned, {Unchanged} unchanged")]
    private static partial void LogImported(ILogger logger, string batchId, string actorId, int paid, int returned, int unchanged);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Settlement file for batch {BatchId} refused: {Errors} error(s)")]
    private static partial void LogRefused(ILogger logger, string batchId, int errors);
}
