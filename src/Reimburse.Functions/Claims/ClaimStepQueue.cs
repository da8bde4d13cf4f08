using Reimburse.Azure.Storage.Queues;
using Reimburse.Claims;

namespace Reimburse.Functions.Claims;

/// <summary>Schedules claim steps: the seam where tests put a crash between append and enqueue.</summary>
public interface IClaimStepScheduler
{
    /// <summary>Enqueues <paramref name="step"/> to become visible at its due time (at most 7 days ahead; re-armed on arrival when later).</summary>
    Task ScheduleAsync(ClaimStep step, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The claim-steps queue: one message per step, JSON, delayed until due (timers), never expiring.</summary>
public sealed class ClaimStepQueue(QueueClient queue) : IClaimStepScheduler
{
    /// <summary>The longest initial delay a queue message can have; later timers are re-armed when they arrive.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    public async Task ScheduleAsync(ClaimStep step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        // The queue counts whole seconds: round up, so that a timer never arrives before it is due.
        var delay = TimeSpan.FromSeconds(Math.Ceiling((step.DueAt - now).TotalSeconds));
        delay = delay <= TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
        // A timer must not expire before it fires: messages live forever and are deleted when handled.
        await queue.SendMessageAsync(ClaimJson.Serialize(step), delay, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
    }
}
