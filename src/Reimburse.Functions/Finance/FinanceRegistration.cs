using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reimburse.Functions.Security;
using Reimburse.Functions.Storage;

namespace Reimburse.Functions.Finance;

/// <summary>Authorization policies of finance's API.</summary>
public static class FinancePolicies
{
    /// <summary>Finance staff who are not also reviewers (separation of duties: who pays does not approve).</summary>
    public const string Finance = "finance:finance";

    // Options only: the authorization services come with AddStaffAuthentication (the command line has none).
    internal static void Add(IServiceCollection services) =>
        services.Configure<AuthorizationOptions>(options => options.AddPolicy(Finance, p => p
            .AddAuthenticationSchemes(StaffTokenHandler.SchemeName)
            .RequireRole(Roles.Finance)
            .RequireAssertion(c => !c.User.IsInRole(Roles.Reviewer) && !c.User.IsInRole(Roles.SeniorReviewer))));
}

public static class FinanceRegistration
{
    /// <summary>
    /// Registers finance's batches, settlements and reconciliation, their storage and options and the policy. Needs
    /// <c>AddReimburseStorage</c>, <c>AddClaims</c>, <c>AddReimburseBanking</c> and <c>AddReimbursePayouts</c>; the
    /// command line (`reimburse export`, `settle`) uses the same services.
    /// </summary>
    public static IServiceCollection AddFinance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FinanceOptions>()
            .Bind(configuration.GetSection(FinanceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageResources(tables: [FinanceStorage.BatchesTable], containers: [FinanceStorage.PayoutsContainer]);
        services.AddSingleton<FinanceStorage>();
        services.AddSingleton<PayoutBatchStore>();
        services.AddSingleton<PayoutBatches>();
        services.AddSingleton<BatchSettlements>();
        services.AddSingleton<FinanceReconciliation>();
        FinancePolicies.Add(services);
        return services;
    }

    /// <summary>Maps <c>/api/finance/…</c> (see <see cref="FinanceEndpoints"/>).</summary>
    public static IEndpointRouteBuilder MapFinanceEndpoints(this IEndpointRouteBuilder endpoints) => FinanceEndpoints.Map(endpoints);
}
