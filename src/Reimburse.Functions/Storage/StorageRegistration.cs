using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage;
using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// Registers the storage account (Shared Key from a connection string locally, the managed identity in Azure),
    /// its options (validated on start) and the provisioner that creates the declared tables, containers and queues.
    /// </summary>
    public static IServiceCollection AddReimburseStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => o.IsValid(), "Configure Storage:ConnectionString, or Storage:BlobServiceUri, Storage:QueueServiceUri and Storage:TableServiceUri (managed identity).")
            .ValidateOnStart();
        services.AddSingleton(sp => CreateAccount(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddHostedService<StorageProvisioner>();
        return services;
    }

    /// <summary>The account for <paramref name="options"/>: Shared Key from a connection string, else the service URIs with the managed identity.</summary>
    /// <param name="options">Where the account is.</param>
    /// <param name="clientOptions">Client options (transport, retries); the defaults when null.</param>
    internal static StorageAccount CreateAccount(StorageOptions options, StorageAccountOptions? clientOptions = null)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return StorageAccount.FromConnectionString(options.ConnectionString, clientOptions);
        }
        return StorageAccount.FromTokenCredential(options.BlobServiceUri!, options.QueueServiceUri!, options.TableServiceUri!,
            AzureCredentials.Create(options.ManagedIdentityClientId), clientOptions);
    }
}
