using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage.Queues;

namespace Reimburse.Functions.Claims;

/// <summary>
/// The local stand-in for the Functions host: <see cref="ClaimsOptions.Workers"/> queue listeners on the step queue
/// (each like one host instance: a batch of <see cref="ClaimsOptions.BatchSize"/> steps run in parallel, the next
/// batch received when <see cref="ClaimsOptions.NewBatchThreshold"/> are still running), one loop flagging poisoned
/// steps, and the timers of the host's ClaimSweeper, ClaimTimers and RetentionPurge functions. Polls back off to
/// <see cref="ClaimsOptions.MaxPollingInterval"/> when idle and ride out storage outages. More capacity: more
/// workers, or more processes (every loop is safe to run anywhere at once).
/// </summary>
public sealed partial class ClaimQueueRunner(
    ClaimStorage storage,
    ClaimQueueProcessor processor,
    ClaimSweeper sweeper,
    ClaimTimerCheck timers,
    IOptions<ClaimsOptions> options,
    ILogger<ClaimQueueRunner> logger) : BackgroundService
{
    private const int PoisonBatchSize = 4;
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
        LogStarted(logger, settings.Workers, settings.BatchSize, settings.NewBatchThreshold);
        var loops = Enumerable.Range(0, settings.Workers)
            .Select(_ => ListenAsync(stoppingToken))
            .Append(PollAsync("poison", ct => processor.ProcessPoisonAsync(PoisonBatchSize, ct), stoppingToken))
            .Append(EveryAsync("sweep", settings.SweepInterval, sweeper.SweepAsync, stoppingToken))
            .Append(EveryAsync("timers", settings.TimerCheckInterval, timers.CheckReviewTimersAsync, stoppingToken))
            .Append(EveryAsync("retention", settings.RetentionCheckInterval, timers.CheckRetentionAsync, stoppingToken));
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // One host instance's queue listener: receive a batch, run it in parallel, receive the next batch once no more
    // than NewBatchThreshold steps are still running; poll less often while the queue is empty.
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var running = new List<Task>();
        var idle = FirstPoll;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                QueueMessage[] batch;
                try
                {
                    batch = await processor.ReceiveStepsAsync(settings.BatchSize, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Storage unreachable: wait and poll again; messages are safe in the queue.
                    LogStorageDown(logger, "steps", ex.GetType().Name);
                    batch = [];
                    idle = settings.MaxPollingInterval;
                }
                running.AddRange(batch.Select(message => processor.ProcessStepAsync(message, stoppingToken)));
                while (running.Count > settings.NewBatchThreshold)
                {
                    running.Remove(await Task.WhenAny(running).ConfigureAwait(false));
                }
                running.RemoveAll(t => t.IsCompleted);
                if (batch.Length > 0)
                {
                    idle = FirstPoll;
                    continue;
                }
                await Task.Delay(idle, stoppingToken).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
            }
        }
        finally
        {
            // Steps in flight finish (or see the cancellation) before the runner reports stopped.
            foreach (var step in running)
            {
                try
                {
                    await step.ConfigureAwait(false);
                }
                catch (Exception) when (stoppingToken.IsCancellationRequested)
                {
                }
            }
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

    // A timer function's schedule: run after every interval; a failed run waits for the next one, as under the host.
    private async Task EveryAsync(string loop, TimeSpan interval, Func<CancellationToken, Task<int>> run, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
            try
            {
                await run(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogStorageDown(logger, loop, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 5400, Level = LogLevel.Information, Message = "Claim queue runner started: {Workers} listener(s), batches of {BatchSize}, next batch at {NewBatchThreshold} running")]
    private static partial void LogStarted(ILogger logger, int workers, int batchSize, int newBatchThreshold);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Information, Message = "Claim queue runner off: the Functions host triggers the claim steps")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning, Message = "Claim queue runner ({Loop}): {ExceptionType}; retrying")]
    private static partial void LogStorageDown(ILogger logger, string loop, string exceptionType);
}
