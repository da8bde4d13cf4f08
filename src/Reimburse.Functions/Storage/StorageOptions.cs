namespace Reimburse.Functions.Storage;

/// <summary>
/// Where the app's Azure Storage account is. Either a connection string (Shared Key; Azurite locally), or the
/// service URIs with a managed identity (Azure: shared-key access is disabled on the account).
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Shared Key connection string, incl. `UseDevelopmentStorage=true`.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob service URI when using a managed identity.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Queue service URI when using a managed identity.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Table service URI when using a managed identity.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity (empty: the default credential chain).</summary>
    public string? ManagedIdentityClientId { get; set; }

    internal bool IsValid() =>
        !string.IsNullOrWhiteSpace(ConnectionString) || (BlobServiceUri is not null && QueueServiceUri is not null && TableServiceUri is not null);
}
