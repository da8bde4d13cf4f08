namespace Reimburse.Functions.Storage;

public static class StorageRegistration
{
    /// <summary>Registers the storage options (validated on start) and the storage clients.</summary>
    public static IServiceCollection AddReimburseStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => o.IsValid(), "Configure Storage:ConnectionString, or Storage:BlobServiceUri, Storage:QueueServiceUri and Storage:TableServiceUri (managed identity).")
            .ValidateOnStart();
        return services;
    }
}
