using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Reimburse.Functions.Health;

public static class HealthEndpoints
{
    public static IServiceCollection AddReimburseHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return services;
    }

    /// <summary>`GET /healthz`: `healthy` when every dependency answers, with one entry per check (no secrets, no data).</summary>
    public static IEndpointRouteBuilder MapReimburseHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                var body = new
                {
                    status = report.Status.ToString().ToLowerInvariant(),
                    checks = report.Entries.ToDictionary(
                        e => e.Key,
                        e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description, durationMs = (int)e.Value.Duration.TotalMilliseconds }),
                };
                await JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
            },
        }).AllowAnonymous();
        return endpoints;
    }
}
