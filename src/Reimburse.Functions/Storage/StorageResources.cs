namespace Reimburse.Functions.Storage;

/// <summary>
/// The tables, blob containers and queues the app needs. Features add theirs at registration
/// (<c>services.AddStorageResources(tables: ["customers"])</c>); <see cref="StorageProvisioner"/> creates them at start.
/// </summary>
public sealed class StorageResources
{
    public ISet<string> Tables { get; } = new SortedSet<string>(StringComparer.Ordinal);

    public ISet<string> Containers { get; } = new SortedSet<string>(StringComparer.Ordinal);

    public ISet<string> Queues { get; } = new SortedSet<string>(StringComparer.Ordinal);
}

public static class StorageResourcesExtensions
{
    /// <summary>Declares storage resources a feature needs; they are created if missing when the app starts.</summary>
    public static IServiceCollection AddStorageResources(this IServiceCollection services, IEnumerable<string>? tables = null, IEnumerable<string>? containers = null, IEnumerable<string>? queues = null)
    {
        services.Configure<StorageResources>(r =>
        {
            foreach (var t in tables ?? [])
            {
                r.Tables.Add(t);
            }
            foreach (var c in containers ?? [])
            {
                r.Containers.Add(c);
            }
            foreach (var q in queues ?? [])
            {
                r.Queues.Add(q);
            }
        });
        return services;
    }
}
