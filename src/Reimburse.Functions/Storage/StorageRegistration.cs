using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage;

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

    internal static StorageAccount CreateAccount(StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return StorageAccount.FromConnectionString(options.ConnectionString);
        }
        return StorageAccount.FromTokenCredential(options.BlobServiceUri!, options.QueueServiceUri!, options.TableServiceUri!, CreateCredential(options.ManagedIdentityClientId));
    }

    /// <summary>The managed identity (user-assigned when a client id is given); never an interactive credential.</summary>
    internal static TokenCredential CreateCredential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ExcludeInteractiveBrowserCredential = true })
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId));
}
