using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Storage;

namespace Reimburse.Functions.Claims;

public static class ClaimsRegistration
{
    /// <summary>
    /// Registers the claim workflow runner: its storage, the executor every command goes through, the step handler,
    /// the sweeper and — unless the Functions host owns the queue trigger — the local queue runner.
    /// </summary>
    /// <remarks>Needs <see cref="Incidents.IIncidentStore"/>, <see cref="Customers.IAffectedCustomers"/> and the
    /// <see cref="Statements.IStatementReader"/>s, registered by their features.</remarks>
    public static IServiceCollection AddClaims(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClaimsOptions>()
            .Bind(configuration.GetSection(ClaimsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CreateStorageAccount(sp.GetRequiredService<IOptions<StorageOptions>>().Value));

        services.AddSingleton<ClaimStorage>();
        services.AddSingleton(sp => new ClaimStore(sp.GetRequiredService<ClaimStorage>().Claims));
        services.AddSingleton(sp => new ClaimOutbox(sp.GetRequiredService<ClaimStorage>().Outbox));
        services.AddSingleton(sp => new ClaimIndex(sp.GetRequiredService<ClaimStorage>().Index));
        services.AddSingleton<IClaimStepScheduler>(sp => new ClaimStepQueue(sp.GetRequiredService<ClaimStorage>().Steps));
        services.AddSingleton<IClaimDocuments>(sp => new BlobClaimDocuments(sp.GetRequiredService<ClaimStorage>().Statements));
        services.AddSingleton<StatementReaders>();
        services.AddSingleton<ClaimValidationInputs>();
        services.AddSingleton<ClaimExecutor>();
        services.AddSingleton<ClaimStepHandler>();
        services.AddSingleton<ClaimSweeper>();
        services.AddSingleton<ClaimQueueProcessor>();
        if (configuration.GetValue<bool?>(ClaimsOptions.SectionName + ":" + nameof(ClaimsOptions.RunLocalQueues)) ?? !UnderFunctionsHost)
        {
            services.AddHostedService<ClaimQueueRunner>();
        }
        return services;
    }

    /// <summary>
    /// Maps the custom-handler trigger endpoints the Functions host calls (ClaimSteps, ClaimStepsPoison,
    /// ClaimSweeper; see their function.json) — only under the host unless <c>Claims:MapTriggerEndpoints</c> says so.
    /// </summary>
    public static IEndpointRouteBuilder MapClaimTriggers(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration.GetValue<bool?>(ClaimsOptions.SectionName + ":" + nameof(ClaimsOptions.MapTriggerEndpoints)) ?? UnderFunctionsHost)
        {
            ClaimTriggerEndpoints.Map(endpoints);
        }
        return endpoints;
    }

    private static bool UnderFunctionsHost => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CustomHandlerHosting.PortVariable));

    private static StorageAccount CreateStorageAccount(StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return StorageAccount.FromConnectionString(options.ConnectionString);
        }
        var credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? (global::Azure.Core.TokenCredential)new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
        return StorageAccount.FromTokenCredential(
            options.BlobServiceUri ?? throw new InvalidOperationException("Storage:BlobServiceUri is not configured."),
            options.QueueServiceUri ?? throw new InvalidOperationException("Storage:QueueServiceUri is not configured."),
            options.TableServiceUri ?? throw new InvalidOperationException("Storage:TableServiceUri is not configured."),
            credential);
    }
}
