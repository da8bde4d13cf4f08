using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Queues;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Functions.Claims;

/// <summary>
/// The tables, queues and container of the claim workflow, created once per process on first use.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Claims</c>: one partition per claim — event rows <c>e-0000000001</c>…, personal-data copies <c>p-…</c>, one <c>state</c> row.</item>
/// <item><c>ClaimOutbox</c>: a marker per append in flight, so the sweeper can schedule steps lost between append and enqueue.</item>
/// <item><c>ClaimIndex</c>: document fingerprints and claims per card, for the duplicate and one-refund-per-card rules.</item>
/// <item><c>ClaimStatusIndex</c>: the claims by status (a projection of the state rows) for the staff queues.</item>
/// <item><c>claim-steps</c> and <c>claim-steps-poison</c>: the step queue and where the host (or the local runner) moves a step that failed five times.</item>
/// <item><c>statements</c>: the claimants' documents (written once by intake; read by extraction; deleted by the retention purge).</item>
/// </list>
/// </remarks>
public sealed class ClaimStorage
{
    public const string ClaimsTable = "Claims";
    public const string OutboxTable = "ClaimOutbox";
    public const string IndexTable = "ClaimIndex";
    public const string StatusIndexTable = "ClaimStatusIndex";
    public const string StepsQueue = "claim-steps";

    /// <summary>The Functions host's poison queue name for <see cref="StepsQueue"/> ("-poison" appended).</summary>
    public const string PoisonQueue = StepsQueue + "-poison";
    public const string StatementsContainer = "statements";

    private readonly Lock _lock = new();
    private Task? _creation;

    public ClaimStorage(StorageAccount account)
        : this(account, "")
    {
    }

    /// <summary>With every name suffixed (letters and digits, lower case): tests share one Azurite without sharing queues.</summary>
    internal ClaimStorage(StorageAccount account, string suffix)
    {
        ArgumentNullException.ThrowIfNull(account);
        var queueSuffix = suffix.Length == 0 ? "" : "-" + suffix;
        Claims = account.GetTableClient(ClaimsTable + suffix);
        Outbox = account.GetTableClient(OutboxTable + suffix);
        Index = account.GetTableClient(IndexTable + suffix);
        StatusIndex = account.GetTableClient(StatusIndexTable + suffix);
        Steps = account.GetQueueClient(StepsQueue + queueSuffix);
        Poison = account.GetQueueClient(StepsQueue + queueSuffix + "-poison");
        Statements = account.GetBlobContainerClient(StatementsContainer + queueSuffix);
    }

    public TableClient Claims { get; }

    public TableClient Outbox { get; }

    public TableClient Index { get; }

    public TableClient StatusIndex { get; }

    public QueueClient Steps { get; }

    public QueueClient Poison { get; }

    public BlobContainerClient Statements { get; }

    /// <summary>Creates everything once per process; after a failure (storage down at start) the next call tries again.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                _creation = CreateAsync();
            }
            return _creation.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateAsync()
    {
        await Task.WhenAll(
            Claims.CreateIfNotExistsAsync(),
            Outbox.CreateIfNotExistsAsync(),
            Index.CreateIfNotExistsAsync(),
            StatusIndex.CreateIfNotExistsAsync(),
            Steps.CreateIfNotExistsAsync(),
            Poison.CreateIfNotExistsAsync(),
            Statements.CreateIfNotExistsAsync()).ConfigureAwait(false);
    }
}
