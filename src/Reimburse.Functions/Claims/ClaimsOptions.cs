using System.ComponentModel.DataAnnotations;

namespace Reimburse.Functions.Claims;

/// <summary>Settings of the claim workflow runner (section <c>Claims</c>).</summary>
/// <remarks>
/// The queue settings mirror host.json's <c>extensions.queues</c> (and <c>functionTimeout</c>), so that the local runner
/// behaves as the Functions host does in Azure; a test compares their defaults with host.json.
/// </remarks>
public sealed class ClaimsOptions
{
    public const string SectionName = "Claims";

    /// <summary>
    /// The statement reader extraction uses, by <c>IStatementReader.Name</c> ("local" or "azure"); empty: the one the
    /// app registers (Document Intelligence when <c>DocumentIntelligence:Endpoint</c> is set, else local).
    /// </summary>
    public string? Reader { get; set; }

    /// <summary>
    /// Run the queue runner inside this process (local, `reimburse up`, tests). Off under the Functions host, which
    /// owns the queue trigger and calls the trigger endpoints instead. Null: on unless the host's port variable is set.
    /// </summary>
    public bool? RunLocalQueues { get; set; }

    /// <summary>
    /// Queue listeners in this process, each behaving like one Functions host instance (scale out further by running
    /// more processes).
    /// </summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 1;

    /// <summary>Steps a listener receives at once and runs in parallel (host.json queues.batchSize).</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 8;

    /// <summary>
    /// A listener receives the next batch when this few steps are still running (host.json queues.newBatchThreshold),
    /// so that at most <see cref="BatchSize"/> + <see cref="NewBatchThreshold"/> run at once.
    /// </summary>
    [Range(0, 64)]
    public int NewBatchThreshold { get; set; } = 4;

    /// <summary>
    /// How long a received step stays invisible while it runs (the host's lease), and the longest a step may run
    /// (host.json functionTimeout).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed step waits before it is tried again (host.json queues.visibilityTimeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before a step moves to the poison queue (host.json queues.maxDequeueCount).</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Longest wait between polls of an empty queue (host.json queues.maxPollingInterval).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the sweeper looks for appends whose steps were not enqueued (the ClaimSweeper timer's schedule).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How old an outbox marker must be before the sweeper treats its writer as gone.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SweepAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A marker whose append never happened is dropped after this long (the writer surely died before appending).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan AbandonMarkerAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often reminder and information-request timers are checked for ones whose queue message never came (the
    /// ClaimTimers timer's schedule).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan TimerCheckInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often retention purges are checked for ones whose queue message never came (the RetentionPurge timer's schedule).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long past its due time a timer must be before the check schedules it again (its own message is normally on the way).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan OverdueTimerGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Expose the Functions host's trigger endpoints (POST /ClaimSteps …). Null: on under the host only.</summary>
    public bool? MapTriggerEndpoints { get; set; }
}
