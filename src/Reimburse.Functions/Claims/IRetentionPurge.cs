namespace Reimburse.Functions.Claims;

/// <summary>
/// A retention purge of personal data kept outside the claims (finance's batch rows and files, say), run by the same
/// retention job as the claims' own purge (the RetentionPurge timer, or the local runner's retention loop).
/// </summary>
/// <remarks>Must be idempotent and safe to interrupt: the job runs again the next day and must complete what it began.</remarks>
public interface IRetentionPurge
{
    /// <summary>Purges whatever is past its retention.</summary>
    /// <returns>How many items (batches, …) were purged by this run.</returns>
    Task<int> PurgeAsync(CancellationToken cancellationToken);
}
