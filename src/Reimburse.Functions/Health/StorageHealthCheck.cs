using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Reimburse.Functions.Health;

/// <summary>Answers whether each storage service (blob, queue, table) can be reached with the app's credentials.</summary>
public interface IStorageHealthProbe
{
    Task<IReadOnlyDictionary<string, string?>> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>Healthy when every storage service answers; the description names the ones that did not.</summary>
public sealed class StorageHealthCheck(IStorageHealthProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        IReadOnlyDictionary<string, string?> failures;
        try
        {
            failures = await probe.ProbeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("storage did not answer within 10 s");
        }
        var failed = failures.Where(f => f.Value is not null).Select(f => $"{f.Key}: {f.Value}").ToArray();
        return failed.Length == 0
            ? HealthCheckResult.Healthy("blob, queue and table reachable")
            : HealthCheckResult.Unhealthy(string.Join("; ", failed));
    }
}
