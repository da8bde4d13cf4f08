using Azure.Core;
using Azure.Identity;

namespace Reimburse.Functions.Hosting;

/// <summary>
/// The app's Entra ID credential for Azure resources (Storage, Document Intelligence): in Azure the user-assigned
/// managed identity named by its client id, so that shared keys and API keys can stay disabled.
/// </summary>
public static class AzureCredentials
{
    /// <summary>
    /// The user-assigned managed identity with <paramref name="managedIdentityClientId"/>; without one, the default chain
    /// (environment, workload identity, managed identity, developer tools) minus interactive sign-in, for a developer
    /// trying the Azure resources from their machine.
    /// </summary>
    public static TokenCredential Create(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ExcludeInteractiveBrowserCredential = true })
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId));
}
