using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Queues;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Azure.Storage;

/// <summary>Options for the clients a <see cref="StorageAccount"/> hands out, and for its health check.</summary>
public sealed class StorageAccountOptions
{
    /// <summary>Options of the Table clients.</summary>
    public TableClientOptions Tables { get; set; } = new();

    /// <summary>Options of the Blob clients.</summary>
    public BlobClientOptions Blobs { get; set; } = new();

    /// <summary>Options of the Queue clients (message encoding: Base64 by default).</summary>
    public QueueClientOptions Queues { get; set; } = new();

    /// <summary>How long <see cref="StorageAccount.CheckHealthAsync"/> waits for each service (default 5 s). Probes do not retry.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
