namespace Reimburse.Azure.Storage;

/// <summary>The outcome of <see cref="StorageAccount.CheckHealthAsync"/>: one entry per service.</summary>
/// <param name="Services">Blob, Queue and Table, in that order.</param>
public sealed record StorageHealthReport(IReadOnlyList<StorageServiceHealth> Services)
{
    /// <summary>True when every service answered successfully.</summary>
    public bool IsHealthy => Services.All(s => s.IsHealthy);
}

/// <summary>Whether one storage service answered a cheap authenticated request.</summary>
/// <param name="Service">Which service.</param>
/// <param name="IsHealthy">True when it answered with success.</param>
/// <param name="Elapsed">How long the probe took.</param>
/// <param name="Status">The HTTP status, when there was an answer.</param>
/// <param name="ErrorCode">The storage error code, when the answer was an error.</param>
/// <param name="Description">A short human-readable outcome (no secrets, no personal data).</param>
public sealed record StorageServiceHealth(StorageService Service, bool IsHealthy, TimeSpan Elapsed, int? Status, string? ErrorCode, string Description);
