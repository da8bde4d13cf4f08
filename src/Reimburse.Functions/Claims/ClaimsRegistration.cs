using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Storage;

namespace Reimburse.Functions.Claims;

public static class ClaimsRegistration
{
    /// <summary>
    /// Registers the claim workflow runner: its storage, the executor every command goes through, the step handler,
    /// the sweeper and — unless the Functions host owns the queue trigger — the local queue runner.
    /// </summary>
    /// <remarks>Uses the <see cref="Azure.Storage.StorageAccount"/> of <c>AddReimburseStorage</c>, and
    /// <see cref="Reimburse.Incidents.IIncidentStore"/>, <see cref="Reimburse.Customers.IAffectedCustomers"/> and the
    /// <see cref="Reimburse.Statements.IStatementReader"/>s registered by their features; the runner starts without them and a
    /// step that needs a missing one fails loudly (and is flagged after its retries).</remarks>
    public static IServiceCollection AddClaims(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClaimsOptions>()
            .Bind(configuration.GetSection(ClaimsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageResources(
            tables: [ClaimStorage.ClaimsTable, ClaimStorage.OutboxTable, ClaimStorage.IndexTable, ClaimStorage.StatusIndexTable],
            containers: [ClaimStorage.StatementsContainer],
            queues: [ClaimStorage.StepsQueue, ClaimStorage.PoisonQueue]);

        services.AddMetrics();
        services.AddSingleton(sp => new ClaimTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<ClaimStorage>();
        services.AddSingleton(sp => new ClaimStore(sp.GetRequiredService<ClaimStorage>().Claims));
        services.AddSingleton(sp => new ClaimOutbox(sp.GetRequiredService<ClaimStorage>().Outbox));
        services.AddSingleton(sp => new ClaimIndex(sp.GetRequiredService<ClaimStorage>().Index));
        services.AddSingleton(sp => new ClaimStatusIndex(sp.GetRequiredService<ClaimStorage>().StatusIndex));
        services.AddSingleton<IClaimStepScheduler>(sp => new ClaimStepQueue(sp.GetRequiredService<ClaimStorage>().Steps));
        services.AddSingleton<IClaimDocuments>(sp => new BlobClaimDocuments(sp.GetRequiredService<ClaimStorage>().Statements));
        services.AddSingleton<StatementReaders>();
        services.AddSingleton<ClaimValidationInputs>();
        services.AddSingleton<ClaimExecutor>();
        services.AddSingleton<ClaimStepHandler>();
        services.AddSingleton<ClaimSweeper>();
        services.AddSingleton<ClaimTimerCheck>();
        services.AddSingleton<ClaimQueueProcessor>();
        // Always registered; it stays idle when the Functions host owns the queue trigger (decided from options at
        // start, when the configuration is complete).
        services.AddHostedService<ClaimQueueRunner>();
        return services;
    }

    /// <summary>
    /// Maps the custom-handler trigger endpoints the Functions host calls (ClaimSteps, ClaimStepsPoison, ClaimSweeper,
    /// ClaimTimers, RetentionPurge; see functions/*/function.json) — only under the host unless
    /// <c>Claims:MapTriggerEndpoints</c> says so.
    /// </summary>
    public static IEndpointRouteBuilder MapClaimTriggers(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<ClaimsOptions>>().Value;
        if (options.MapTriggerEndpoints ?? UnderFunctionsHost)
        {
            ClaimTriggerEndpoints.Map(endpoints);
        }
        return endpoints;
    }

    internal static bool UnderFunctionsHost => CustomHandlerHosting.UnderFunctionsHost;
}
