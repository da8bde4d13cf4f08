using System.ComponentModel.DataAnnotations;

namespace Reimburse.Functions.Claims;

/// <summary>Settings of the claim workflow runner (section <c>Claims</c>).</summary>
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

    /// <summary>Concurrent step loops in this process (scale out further by running more processes).</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>How long a received step stays invisible while it runs (the host's lease).</summary>
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

    /// <summary>How often the sweeper looks for appends whose steps were not enqueued.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How old an outbox marker must be before the sweeper treats its writer as gone.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SweepAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A marker whose append never happened is dropped after this long (the writer surely died before appending).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan AbandonMarkerAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Expose the Functions host's trigger endpoints (POST /ClaimSteps …). Null: on under the host only.</summary>
    public bool? MapTriggerEndpoints { get; set; }
}
