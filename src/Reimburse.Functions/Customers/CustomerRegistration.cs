using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Functions.Storage;
using Reimburse.Incidents;

namespace Reimburse.Functions.Customers;

public static class CustomerRegistration
{
    /// <summary>
    /// Registers incidents, affected customers, claim codes and eligibility: options (validated on start), the
    /// Table/Blob-backed stores, the importer, the issuer and the eligibility check.
    /// </summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClaimCodeOptions>()
            .Bind(configuration.GetSection(ClaimCodeOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.HasValidKey(), $"ClaimCodes:HmacKey must be base64 of at least {ClaimCodeHasher.MinKeyBytes} random bytes.")
            .ValidateOnStart();
        services.AddOptions<CustomerImportOptions>()
            .Bind(configuration.GetSection(CustomerImportOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<IncidentDefaultsOptions>()
            .Bind(configuration.GetSection(IncidentDefaultsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<EligibilityOptions>()
            .Bind(configuration.GetSection(EligibilityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddStorageResources(tables: CustomerStorage.Tables, containers: CustomerStorage.Containers);
        services.AddSingleton<CustomerStorage>();
        services.AddSingleton<TableIncidentStore>();
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<TableIncidentStore>());
        services.AddSingleton<IIncidentCatalog>(sp => sp.GetRequiredService<TableIncidentStore>());
        services.AddSingleton<TableAffectedCustomerStore>();
        services.AddSingleton<IAffectedCustomerStore>(sp => sp.GetRequiredService<TableAffectedCustomerStore>());
        services.AddSingleton<IAffectedCustomers>(sp => sp.GetRequiredService<TableAffectedCustomerStore>());
        services.AddSingleton<IClaimCodeStore, TableClaimCodeStore>();
        services.AddSingleton<ICustomerRunStore, TableCustomerRunStore>();
        services.AddSingleton<ICustomerFiles, BlobCustomerFiles>();

        services.AddSingleton(sp => ClaimCodeHasher.FromBase64(sp.GetRequiredService<IOptions<ClaimCodeOptions>>().Value.HmacKey!));
        services.AddSingleton<EligibilityChecker>();
        services.AddSingleton<EligibilityRateLimiter>();
        services.AddSingleton<EligibilityCheck>();
        services.AddSingleton<ClaimCodeVerifier>();
        services.AddSingleton<CustomerImporter>();
        services.AddSingleton<ClaimCodeIssuer>();
        return services;
    }

    /// <summary>
    /// Creates the declared tables and containers where no host runs the provisioner (the command line, benchmarks).
    /// </summary>
    public static async Task ProvisionStorageAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (var provisioner in services.GetServices<IHostedService>().OfType<StorageProvisioner>())
        {
            await provisioner.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
