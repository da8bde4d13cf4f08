using Azure;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage;

namespace Reimburse.Functions.Storage;

/// <summary>
/// Creates the declared tables, containers and queues when the app starts (idempotent). The host waits for it
/// before serving, so no request or queue step meets a missing table. Retries while storage is not reachable yet.
/// </summary>
public sealed partial class StorageProvisioner(StorageAccount storage, IOptions<StorageResources> resources, ILogger<StorageProvisioner> logger) : IHostedService
{
    private const int Attempts = 6;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var wanted = resources.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Task.WhenAll(
                    wanted.Tables.Select(t => (Task)storage.TableService.CreateTableIfNotExistsAsync(t, cancellationToken))
                        .Concat(wanted.Containers.Select(c => (Task)storage.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken)))
                        .Concat(wanted.Queues.Select(q => (Task)storage.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken)))).ConfigureAwait(false);
                LogProvisioned(logger, wanted.Tables.Count, wanted.Containers.Count, wanted.Queues.Count);
                return;
            }
            catch (Exception ex) when (attempt < Attempts && ex is RequestFailedException or HttpRequestException)
            {
                LogRetry(logger, attempt, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Storage ready: {Tables} tables, {Containers} containers, {Queues} queues")]
    private static partial void LogProvisioned(ILogger logger, int tables, int containers, int queues);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Storage not ready (attempt {Attempt}, {Error}); retrying")]
    private static partial void LogRetry(ILogger logger, int attempt, string error);
}
