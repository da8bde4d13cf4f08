using Azure;
using Reimburse.Claims;

namespace Reimburse.Functions.Claims;

/// <summary>What a command did to a claim.</summary>
/// <param name="State">The claim's state afterwards.</param>
/// <param name="Events">The events appended (none when the command changed nothing).</param>
public sealed record ClaimExecution(ClaimState State, IReadOnlyList<ClaimEvent> Events)
{
    public bool Changed => Events.Count > 0;
}

/// <summary>
/// The one way a command reaches a claim, for steps and HTTP alike: load the state, decide, mark the outbox,
/// append atomically, update the status index, enqueue the steps the new state asks for, clear the outbox marker. A
/// collision with another writer reloads and decides again.
/// </summary>
/// <remarks>
/// Crash safety: a crash before the append leaves nothing but a marker; a crash after it leaves a marker that the
/// <see cref="ClaimSweeper"/> turns into the claim's steps and index rows. Steps are at-least-once; handlers are
/// idempotent. A failure to update the index after the append does not fail the command (it happened): the marker is
/// left for the sweeper.
/// </remarks>
public sealed partial class ClaimExecutor(
    ClaimStore store,
    ClaimOutbox outbox,
    ClaimStatusIndex statusIndex,
    IClaimStepScheduler scheduler,
    TimeProvider time,
    ILogger<ClaimExecutor> logger,
    ClaimTelemetry? telemetry = null)
{
    /// <summary>Appends that collide this many times in a row give up (the caller retries later).</summary>
    public const int MaxAttempts = 10;

    /// <summary>Decides <paramref name="command"/> on the claim's current state and stores the outcome.</summary>
    /// <exception cref="ClaimDomainException">The command is not allowed; nothing changed.</exception>
    /// <exception cref="ClaimConcurrencyException">Other writers won <see cref="MaxAttempts"/> times in a row.</exception>
    public Task<ClaimExecution> ExecuteAsync(string claimId, ClaimCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteAsync(claimId, (_, _) => Task.FromResult<ClaimCommand?>(command), cancellationToken);
    }

    /// <summary>
    /// As <see cref="ExecuteAsync(string, ClaimCommand, CancellationToken)"/>, with the command computed from the state
    /// just loaded (and computed again after a collision): validation builds its report this way. A null command
    /// changes nothing.
    /// </summary>
    public async Task<ClaimExecution> ExecuteAsync(string claimId, Func<ClaimState, CancellationToken, Task<ClaimCommand?>> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var activity = ClaimTelemetry.Source.StartActivity("claim.execute");
        activity?.SetTag("claim.id", claimId);
        for (var attempt = 1; ; attempt++)
        {
            var before = await store.LoadAsync(claimId, cancellationToken).ConfigureAwait(false);
            var next = await command(before, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return new ClaimExecution(before, []);
            }
            activity?.SetTag("claim.command", next.GetType().Name);
            var events = ClaimWorkflow.Decide(before, next);
            if (events.Count == 0)
            {
                return new ClaimExecution(before, []);
            }
            var after = ClaimWorkflow.EvolveAll(before, events);
            var marker = await outbox.MarkAsync(after.ClaimId, before.Version, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            try
            {
                await store.AppendAsync(before, events, after, cancellationToken).ConfigureAwait(false);
            }
            catch (ClaimConcurrencyException) when (attempt < MaxAttempts)
            {
                LogConflict(logger, after.ClaimId, before.Version, attempt);
                await outbox.ClearAsync(marker, cancellationToken).ConfigureAwait(false);
                continue;
            }
            LogAppended(logger, after.ClaimId, after.Version, events.Count, after.Status);
            activity?.SetTag("claim.status", after.Status.ToString());
            telemetry?.Appended(before, after, events);
            var indexed = await TryIndexAsync(before, after, cancellationToken).ConfigureAwait(false);
            await ScheduleNewStepsAsync(before, after, cancellationToken).ConfigureAwait(false);
            if (indexed)
            {
                await outbox.ClearAsync(marker, cancellationToken).ConfigureAwait(false);
            }
            return new ClaimExecution(after, events);
        }
    }

    /// <summary>Enqueues every step <paramref name="state"/> asks for and writes its index rows (the sweeper's recovery).</summary>
    public async Task ScheduleAllStepsAsync(ClaimState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await statusIndex.ProjectAsync(state, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var step in ClaimWorkflow.NextSteps(state, now))
        {
            await scheduler.ScheduleAsync(step, now, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryIndexAsync(ClaimState before, ClaimState after, CancellationToken cancellationToken)
    {
        try
        {
            await statusIndex.UpdateAsync(before, after, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            LogIndexFailed(logger, after.ClaimId, after.Version, ex.GetType().Name);
            return false;
        }
    }

    // Only steps that were not already asked for: a step asked for before is in the queue already (or its marker
    // was left for the sweeper), and the handler checks it against the current state when it arrives.
    private async Task ScheduleNewStepsAsync(ClaimState before, ClaimState after, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var known = ClaimWorkflow.NextSteps(before, now).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var step in ClaimWorkflow.NextSteps(after, now))
        {
            if (!known.Contains(step.Key))
            {
                await scheduler.ScheduleAsync(step, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Claim {ClaimId} at version {Version}: {Count} event(s), now {Status}")]
    private static partial void LogAppended(ILogger logger, string claimId, long version, int count, ClaimStatus status);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Claim {ClaimId} moved past version {Version} meanwhile (attempt {Attempt}); deciding again")]
    private static partial void LogConflict(ILogger logger, string claimId, long version, int attempt);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Claim {ClaimId} at version {Version}: the status index was not updated ({ExceptionType}); the sweeper will")]
    private static partial void LogIndexFailed(ILogger logger, string claimId, long version, string exceptionType);
}
