using Microsoft.Extensions.Options;
using Reimburse.Claims;

namespace Reimburse.Functions.Claims;

/// <summary>
/// The backstop of the claim timers. Reviewer reminders, information-request expiry and the retention purge are
/// delayed queue messages; should one never arrive (a queue cleared by hand, a message deleted by mistake), the
/// claim would wait for ever — and personal data would outlive its retention. These checks look for claims whose
/// timer is overdue by more than <see cref="ClaimsOptions.OverdueTimerGrace"/> and schedule it again. A duplicate is
/// harmless: the step handler drops a step the claim no longer asks for, and a repeated reminder or purge changes
/// nothing.
/// </summary>
/// <remarks>
/// Run by the ClaimTimers and RetentionPurge timer functions under the Functions host, and by the local runner
/// every <see cref="ClaimsOptions.TimerCheckInterval"/> and <see cref="ClaimsOptions.RetentionCheckInterval"/>.
/// </remarks>
public sealed partial class ClaimTimerCheck(
    ClaimStore store,
    IClaimStepScheduler scheduler,
    IOptions<ClaimsOptions> options,
    TimeProvider time,
    ILogger<ClaimTimerCheck> logger)
{
    // The statuses in which ClaimWorkflow.NextSteps asks for these timers (a server-side filter, so that the scan
    // reads only the state rows that can have one).
    private static readonly ClaimStatus[] ReviewStatuses = [ClaimStatus.UnderReview, ClaimStatus.AwaitingSecondApproval, ClaimStatus.InformationRequested];
    private static readonly ClaimStatus[] ClosedStatuses = [ClaimStatus.Paid, ClaimStatus.Rejected];
    private static readonly ClaimStepKind[] ReviewTimers = [ClaimStepKind.RemindReviewers, ClaimStepKind.ExpireInformationRequest];
    private static readonly ClaimStepKind[] RetentionTimers = [ClaimStepKind.PurgePersonalData];

    /// <summary>Schedules overdue reviewer reminders and information-request expiries again.</summary>
    /// <returns>How many steps were scheduled.</returns>
    public Task<int> CheckReviewTimersAsync(CancellationToken cancellationToken) =>
        CheckAsync(ReviewStatuses, ReviewTimers, cancellationToken);

    /// <summary>Schedules overdue retention purges again.</summary>
    /// <returns>How many steps were scheduled.</returns>
    public Task<int> CheckRetentionAsync(CancellationToken cancellationToken) =>
        CheckAsync(ClosedStatuses, RetentionTimers, cancellationToken);

    private async Task<int> CheckAsync(ClaimStatus[] statuses, ClaimStepKind[] kinds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var overdue = now - options.Value.OverdueTimerGrace;
        var scheduled = 0;
        await foreach (var state in store.ListStatesAsync(statuses, cancellationToken).ConfigureAwait(false))
        {
            foreach (var step in ClaimWorkflow.NextSteps(state, now))
            {
                if (kinds.Contains(step.Kind) && step.DueAt <= overdue)
                {
                    await scheduler.ScheduleAsync(step, now, cancellationToken).ConfigureAwait(false);
                    LogRearmed(logger, step.ClaimId, step.Key, step.DueAt);
                    scheduled++;
                }
            }
        }
        return scheduled;
    }

    [LoggerMessage(EventId = 5500, Level = LogLevel.Warning, Message = "Claim {ClaimId}: timer {StepKey} was due at {DueAt:O} and had not run; scheduled again")]
    private static partial void LogRearmed(ILogger logger, string claimId, string stepKey, DateTimeOffset dueAt);
}
