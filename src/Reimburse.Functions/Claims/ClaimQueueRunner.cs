using Microsoft.Extensions.Options;

namespace Reimburse.Functions.Claims;

/// <summary>
/// The local stand-in for the Functions host: <see cref="ClaimsOptions.Workers"/> loops polling the step queue,
/// one loop flagging poisoned steps, one loop sweeping the outbox. Polls back off to
/// <see cref="ClaimsOptions.MaxPollingInterval"/> when idle and ride out storage outages. More capacity: more
/// workers, or more processes (every loop is safe to run anywhere at once).
/// </summary>
public sealed partial class ClaimQueueRunner(
    ClaimStorage storage,
    ClaimQueueProcessor processor,
    ClaimSweeper sweeper,
    IOptions<ClaimsOptions> options,
    ILogger<ClaimQueueRunner> logger) : BackgroundService
{
    private const int BatchSize = 4;
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether this process runs the queues (<see cref="ClaimsOptions.RunLocalQueues"/>; not under the Functions host by default).</summary>
    public bool Enabled => options.Value.RunLocalQueues ?? !ClaimsRegistration.UnderFunctionsHost;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!Enabled)
        {
            LogDisabled(logger);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await storage.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogStorageDown(logger, "create", ex.GetType().Name);
                await Task.Delay(settings.MaxPollingInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        LogStarted(logger, settings.Workers);
        var loops = Enumerable.Range(0, settings.Workers)
            .Select(_ => PollAsync("steps", ct => processor.ProcessStepsAsync(BatchSize, ct), stoppingToken))
            .Append(PollAsync("poison", ct => processor.ProcessPoisonAsync(BatchSize, ct), stoppingToken))
            .Append(SweepAsync(stoppingToken));
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PollAsync(string queue, Func<CancellationToken, Task<int>> poll, CancellationToken stoppingToken)
    {
        var idle = FirstPoll;
        var max = options.Value.MaxPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await poll(stoppingToken).ConfigureAwait(false) > 0)
                {
                    idle = FirstPoll;
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage unreachable (or another failure around the handler): wait and poll again; messages are safe in the queue.
                LogStorageDown(logger, queue, ex.GetType().Name);
                idle = max;
            }
            await Task.Delay(idle, stoppingToken).ConfigureAwait(false);
            idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, max.Ticks));
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.SweepInterval, stoppingToken).ConfigureAwait(false);
            try
            {
                await sweeper.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogStorageDown(logger, "sweep", ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 5400, Level = LogLevel.Information, Message = "Claim queue runner started with {Workers} worker(s)")]
    private static partial void LogStarted(ILogger logger, int workers);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Information, Message = "Claim queue runner off: the Functions host triggers the claim steps")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning, Message = "Claim queue runner ({Loop}): {ExceptionType}; retrying")]
    private static partial void LogStorageDown(ILogger logger, string loop, string exceptionType);
}
