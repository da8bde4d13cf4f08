using Microsoft.Extensions.Diagnostics.HealthChecks;
using Reimburse.Azure.Storage;

namespace Reimburse.Functions.Health;

/// <summary>Healthy when blob, queue and table each answer an authenticated request; names the ones that did not.</summary>
public sealed class StorageHealthCheck(StorageAccount storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await storage.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        var data = report.Services.ToDictionary(s => s.Service.ToString().ToLowerInvariant(), s => (object)(s.IsHealthy ? "reachable" : s.Description));
        return report.IsHealthy
            ? HealthCheckResult.Healthy("blob, queue and table reachable", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", report.Services.Where(s => !s.IsHealthy).Select(s => $"{s.Service}: {s.Description}")), data: data);
    }
}
