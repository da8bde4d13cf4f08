using System.Text.Json;
using Reimburse.Claims;
using Reimburse.Policy;
using Reimburse.Statements;

namespace Reimburse.Functions.Claims;

/// <summary>What handling a step came to.</summary>
public enum StepOutcome
{
    /// <summary>The step ran and changed the claim.</summary>
    Done,

    /// <summary>The step ran and the claim needed no change (a repeat that lost the race, or not due per the state).</summary>
    NoChange,

    /// <summary>The claim no longer asks for this step (a duplicate or an old message): dropped without running.</summary>
    Stale,

    /// <summary>A timer that arrived early (the queue delays at most 7 days): sent again for the remaining time.</summary>
    Rearmed,
}

/// <summary>A step failed in a way worth retrying (a reader service timed out); the host retries it.</summary>
public sealed class ClaimStepRetryException : Exception
{
    public ClaimStepRetryException()
    {
    }

    public ClaimStepRetryException(string message)
        : base(message)
    {
    }

    public ClaimStepRetryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Runs one claim-step message with the Functions host's semantics: called by the local queue runner and by the
/// custom-handler queue-trigger endpoint alike. Returns when the message may be deleted; throws when it must be
/// retried (after the host's maximum dequeue count it goes to the poison queue, and <see cref="HandlePoisonAsync"/>
/// flags the claim). Every step re-reads the claim, drops itself when the claim no longer asks for it, and goes
/// through <see cref="ClaimExecutor"/>, whose decisions are idempotent: delivering a step twice changes nothing twice.
/// </summary>
public sealed partial class ClaimStepHandler(
    ClaimStore store,
    ClaimExecutor executor,
    IClaimStepScheduler scheduler,
    ClaimIndex index,
    IClaimDocuments documents,
    StatementReaders readers,
    ClaimValidationInputs inputs,
    TimeProvider time,
    ILogger<ClaimStepHandler> logger,
    ClaimTelemetry? telemetry = null)
{
    // The queue makes a message visible about when asked; a second early is on time.
    private static readonly TimeSpan DueTolerance = TimeSpan.FromSeconds(1);

    /// <summary>Handles one message of the claim-steps queue.</summary>
    /// <param name="message">The message text (a <see cref="ClaimStep"/> as JSON).</param>
    /// <param name="dequeueCount">How many times the queue has handed it out (1 the first time).</param>
    /// <param name="cancellationToken">Cancels the work; the message then comes back.</param>
    /// <exception cref="FormatException">Not a claim step: it can never succeed and ends in the poison queue.</exception>
    public async Task<StepOutcome> HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        var step = Parse(message);
        using var activity = ClaimTelemetry.Source.StartActivity("claim.step");
        activity?.SetTag("claim.id", step.ClaimId);
        activity?.SetTag("claim.step", step.Key);
        activity?.SetTag("messaging.delivery", dequeueCount);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var outcome = await RunAsync(step, dequeueCount, cancellationToken).ConfigureAwait(false);
            telemetry?.StepRan(step.Kind, ClaimTelemetry.Kebab(outcome), System.Diagnostics.Stopwatch.GetElapsedTime(started), dequeueCount);
            return outcome;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            telemetry?.StepRan(step.Kind, "failed", System.Diagnostics.Stopwatch.GetElapsedTime(started), dequeueCount);
            throw;
        }
    }

    private async Task<StepOutcome> RunAsync(ClaimStep step, long dequeueCount, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = await store.LoadAsync(step.ClaimId, cancellationToken).ConfigureAwait(false);
        if (!state.Exists)
        {
            throw new InvalidOperationException($"Step {step.Key} names claim {step.ClaimId}, which does not exist.");
        }
        if (!ClaimWorkflow.IsCurrent(state, step, now))
        {
            LogStale(logger, step.ClaimId, step.Key, step.Version, state.Version, dequeueCount);
            return StepOutcome.Stale;
        }
        if (step.DueAt - now > DueTolerance)
        {
            await scheduler.ScheduleAsync(step, now, cancellationToken).ConfigureAwait(false);
            return StepOutcome.Rearmed;
        }
        LogRunning(logger, step.ClaimId, step.Key, dequeueCount);
        var execution = step.Kind switch
        {
            ClaimStepKind.ExtractDocument => await ExtractAsync(state, step.Target, cancellationToken).ConfigureAwait(false),
            ClaimStepKind.ValidateClaim => await ValidateAsync(step.ClaimId, cancellationToken).ConfigureAwait(false),
            ClaimStepKind.VerifyPayoutAccount => await VerifyPayoutAsync(step.ClaimId, cancellationToken).ConfigureAwait(false),
            ClaimStepKind.ExpireInformationRequest => await SystemAsync(step.ClaimId, new ExpireInformationRequest(step.Target) { Actor = Actor.System, At = now }, cancellationToken).ConfigureAwait(false),
            ClaimStepKind.RemindReviewers => await RemindAsync(step.ClaimId, now, cancellationToken).ConfigureAwait(false),
            ClaimStepKind.PurgePersonalData => await PurgeAsync(state, now, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException("Unknown step kind " + step.Kind),
        };
        return execution.Changed ? StepOutcome.Done : StepOutcome.NoChange;
    }

    /// <summary>
    /// Handles a message of the poison queue: flags its claim for attention (once per step), which pauses the claim's
    /// automatic steps until a person clears the flag. Throws (so the message stays) when the flag cannot be written.
    /// </summary>
    /// <param name="message">The poisoned message text.</param>
    /// <param name="attempts">How often the step was tried.</param>
    /// <param name="problem">What failed last (an exception type; never a message that could hold personal data), if known.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task HandlePoisonAsync(string message, int attempts, string? problem, CancellationToken cancellationToken)
    {
        var step = Parse(message);
        try
        {
            var flag = new FlagForAttention(step.Key, attempts, problem ?? "The step failed on every attempt.") { Actor = Actor.System, At = time.GetUtcNow() };
            var execution = await executor.ExecuteAsync(step.ClaimId, flag, cancellationToken).ConfigureAwait(false);
            LogFlagged(logger, step.ClaimId, step.Key, attempts);
            if (execution.Changed)
            {
                telemetry?.Poisoned(step.Kind);
            }
        }
        catch (ClaimDomainException ex) when (ex.Code == ClaimErrors.NotFound)
        {
            // Nothing to flag: the log line is the record of a step for a claim that never existed.
            LogPoisonWithoutClaim(logger, step.ClaimId, step.Key);
        }
    }

    private async Task<ClaimExecution> ExtractAsync(ClaimState state, string documentId, CancellationToken cancellationToken)
    {
        var document = state.FindDocument(documentId)
            ?? throw new InvalidOperationException($"Claim {state.ClaimId} has no document {documentId}.");
        var reader = readers.Current;
        var content = await documents.ReadAsync(document.Ref, cancellationToken).ConfigureAwait(false);
        // The file name stays out: it is the claimant's, and readers sniff the content anyway.
        var result = await reader.ReadAsync(new StatementInput(content.ToMemory(), document.Ref.ContentType), cancellationToken).ConfigureAwait(false);
        if (result.Failure is ReadFailure.ServiceFailed or ReadFailure.TimedOut)
        {
            throw new ClaimStepRetryException($"The {reader.Name} reader failed ({result.Failure}) on document {documentId} of claim {state.ClaimId}.");
        }
        var contentKey = result.Facts is { } facts ? DocumentFingerprints.ContentKey(DocumentFacts.From(facts)) : null;
        // Indexed before the extraction is recorded, so that validation (which follows it) sees every fingerprint.
        await index.RegisterDocumentAsync(state.ClaimId, documentId, document.Ref.Sha256, contentKey, cancellationToken).ConfigureAwait(false);
        return await SystemAsync(state.ClaimId, new RecordExtraction(documentId, result) { Actor = Actor.System, At = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
    }

    private Task<ClaimExecution> ValidateAsync(string claimId, CancellationToken cancellationToken) =>
        CheckAsync(claimId, ClaimStatus.Validating, (state, input) =>
            new RecordValidation(state.Version, ClaimValidator.Validate(input)) { Actor = Actor.System, At = time.GetUtcNow() }, cancellationToken);

    private Task<ClaimExecution> VerifyPayoutAsync(string claimId, CancellationToken cancellationToken) =>
        CheckAsync(claimId, ClaimStatus.VerifyingBankAccount, (state, input) =>
            new RecordPayoutCheck(state.Version, ClaimValidator.ValidatePayout(input)) { Actor = Actor.System, At = time.GetUtcNow() }, cancellationToken);

    // Loads the rules' inputs for the state just read (again after a collision) and records what the rules say,
    // computed for that state's version: a result for an older version is dropped by the workflow.
    private Task<ClaimExecution> CheckAsync(string claimId, ClaimStatus status, Func<ClaimState, ValidationInput, ClaimCommand> record, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(claimId, async (state, ct) =>
            state.Status != status ? null : record(state, await inputs.BuildAsync(state, ct).ConfigureAwait(false)), cancellationToken);

    private async Task<ClaimExecution> RemindAsync(string claimId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var execution = await SystemAsync(claimId, new RemindReviewers { Actor = Actor.System, At = now }, cancellationToken).ConfigureAwait(false);
        if (execution.Changed)
        {
            // The reviewer queue shows waiting claims; a notification channel can hang off this event later.
            LogReminded(logger, claimId, execution.State.WaitingSince ?? execution.State.UpdatedAt);
        }
        return execution;
    }

    private async Task<ClaimExecution> PurgeAsync(ClaimState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var purge = new PurgePersonalData { Actor = Actor.System, At = now };
        // Delete only when the workflow agrees the retention is over; then record the purge (audited).
        if (ClaimWorkflow.Decide(state, purge).Count == 0)
        {
            return new ClaimExecution(state, []);
        }
        foreach (var document in state.Documents.Where(d => !d.Purged))
        {
            await documents.DeleteAsync(document.Ref, cancellationToken).ConfigureAwait(false);
        }
        var copies = await store.DeletePersonalDataAsync(state.ClaimId, cancellationToken).ConfigureAwait(false);
        var execution = await SystemAsync(state.ClaimId, purge, cancellationToken).ConfigureAwait(false);
        LogPurged(logger, state.ClaimId, state.Documents.Count, copies);
        return execution;
    }

    private Task<ClaimExecution> SystemAsync(string claimId, ClaimCommand command, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(claimId, command, cancellationToken);

    private static ClaimStep Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var step = ClaimJson.DeserializeStep(message);
            return ClaimIds.IsValidPart(step.ClaimId) ? step : throw new FormatException("The step's claim id is not valid.");
        }
        catch (JsonException ex)
        {
            throw new FormatException("The message is not a claim step.", ex);
        }
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Debug, Message = "Claim {ClaimId}: running {StepKey} (delivery {DequeueCount})")]
    private static partial void LogRunning(ILogger logger, string claimId, string stepKey, long dequeueCount);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Claim {ClaimId}: dropped {StepKey} computed at version {StepVersion}, now {Version} (delivery {DequeueCount})")]
    private static partial void LogStale(ILogger logger, string claimId, string stepKey, long stepVersion, long version, long dequeueCount);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Claim {ClaimId} flagged for attention: {StepKey} failed {Attempts} times")]
    private static partial void LogFlagged(ILogger logger, string claimId, string stepKey, int attempts);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Error, Message = "Poisoned step {StepKey} names claim {ClaimId}, which does not exist")]
    private static partial void LogPoisonWithoutClaim(ILogger logger, string claimId, string stepKey);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Claim {ClaimId} waits for a reviewer since {WaitingSince:O}: reviewers reminded")]
    private static partial void LogReminded(ILogger logger, string claimId, DateTimeOffset waitingSince);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Claim {ClaimId}: retention over, {Documents} document(s) and {Copies} personal-data row(s) deleted")]
    private static partial void LogPurged(ILogger logger, string claimId, int documents, int copies);
}
