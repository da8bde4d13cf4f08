using Microsoft.Extensions.Options;
using Reimburse.Claims;

namespace Reimburse.Functions.Claims;

/// <summary>
/// Recovers steps lost between an append and their enqueue: for every outbox marker older than
/// <see cref="ClaimsOptions.SweepAge"/> it enqueues the steps the claim's current state asks for (handlers drop the
/// ones that turn out to be duplicates) and removes the marker once its writer can no longer append.
/// </summary>
public sealed partial class ClaimSweeper(
    ClaimOutbox outbox,
    ClaimStore store,
    ClaimExecutor executor,
    IOptions<ClaimsOptions> options,
    TimeProvider time,
    ILogger<ClaimSweeper> logger)
{
    /// <summary>One pass over the outbox.</summary>
    /// <returns>How many markers were found.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var found = 0;
        await foreach (var marker in outbox.ListAsync(now - settings.SweepAge, cancellationToken).ConfigureAwait(false))
        {
            found++;
            if (!ClaimIds.IsValidPart(marker.ClaimId))
            {
                await outbox.ClearAsync(marker, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var state = await store.LoadAsync(marker.ClaimId, cancellationToken).ConfigureAwait(false);
            await executor.ScheduleAllStepsAsync(state, cancellationToken).ConfigureAwait(false);
            // Past the marker's version the writer's own append can no longer succeed (that sequence number is taken);
            // at it, the writer may still be about to append, unless it has been gone for long.
            if (state.Version > marker.Version || marker.Since <= now - settings.AbandonMarkerAfter)
            {
                await outbox.ClearAsync(marker, cancellationToken).ConfigureAwait(false);
            }
            LogRecovered(logger, marker.ClaimId, state.Version, marker.Version);
        }
        return found;
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Sweeper scheduled the steps of claim {ClaimId} at version {Version} (marker from version {MarkerVersion})")]
    private static partial void LogRecovered(ILogger logger, string claimId, long version, long markerVersion);
}
