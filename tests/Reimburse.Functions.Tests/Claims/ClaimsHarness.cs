using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Reimburse.Azure.Storage;
using Reimburse.Banking;
using Reimburse.Claims;
using Reimburse.Customers;
using Reimburse.Functions.Claims;
using Reimburse.Incidents;
using Reimburse.Money;
using Reimburse.Statements;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Claims;

/// <summary>One Azurite for every claim-runner test, run one class after another (the outage test stops it).</summary>
[CollectionDefinition(Name)]
public sealed class ClaimsAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "claims-azurite";
}

/// <summary>
/// The claim runner's parts wired by hand against Azurite, with private queue and table names, in-memory incidents
/// and customers, and a scriptable statement reader.
/// </summary>
internal sealed class ClaimsHarness
{
    public const string IncidentId = "inc-2026-01";

    public static readonly Incident Incident = new(
        IncidentId, "テスト株式会社 情報流出",
        new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 25), new DateOnly(2026, 2, 1), new DateOnly(2099, 7, 31),
        IncidentPolicy.Default);

    public static readonly BankAccount PayoutAccount = new("0005", "001", AccountType.Ordinary, "1234567", "ヤマダ タロウ");

    private readonly ClaimRuntime _runtime;

    public ClaimsHarness(string connectionString, Action<ClaimsOptions>? configure = null, Func<IClaimStepScheduler, IClaimStepScheduler>? wrapScheduler = null, TimeProvider? time = null, ClaimTelemetry? telemetry = null)
    {
        var options = new ClaimsOptions
        {
            VisibilityTimeout = TimeSpan.FromSeconds(5),
            RetryDelay = TimeSpan.Zero,
            MaxPollingInterval = TimeSpan.FromMilliseconds(200),
            SweepInterval = TimeSpan.FromMilliseconds(500),
            SweepAge = TimeSpan.Zero,
            Workers = 2,
        };
        configure?.Invoke(options);
        var accountOptions = new StorageAccountOptions();
        foreach (var client in new global::Azure.Core.ClientOptions[] { accountOptions.Tables, accountOptions.Queues, accountOptions.Blobs })
        {
            // Fail fast while storage is down; the runner's own loops do the waiting.
            client.Retry.MaxRetries = 1;
            client.Retry.Delay = TimeSpan.FromMilliseconds(100);
            client.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        }
        var account = StorageAccount.FromConnectionString(connectionString, accountOptions);
        _runtime = new ClaimRuntime(account, options, "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), Reader, Incidents, Customers, time, wrapScheduler, telemetry: telemetry);
        Incidents.Add(Incident);
    }

    public ClaimsOptions Options => _runtime.Options;

    public TimeProvider Time => _runtime.Time;

    public ClaimStorage Storage => _runtime.Storage;

    public ClaimStore Store => _runtime.Store;

    public ClaimOutbox Outbox => _runtime.Outbox;

    public ClaimStatusIndex StatusIndex => _runtime.StatusIndex;

    public ClaimStepQueue Queue => _runtime.Queue;

    public ClaimExecutor Executor => _runtime.Executor;

    public ClaimStepHandler Handler => _runtime.Handler;

    public ClaimSweeper Sweeper => _runtime.Sweeper;

    public ClaimTimerCheck Timers => _runtime.Timers;

    public ClaimQueueProcessor Processor => _runtime.Processor;

    public FakeReader Reader { get; } = new();

    public InMemoryIncidents Incidents { get; } = new();

    public InMemoryCustomers Customers { get; } = new();

    public ClaimQueueRunner Runner => _runtime.Runner;

    public Task CreateAsync() => Storage.EnsureCreatedAsync(CancellationToken.None);

    /// <summary>Uploads the documents and submits a claim for a fresh customer; returns the claim id.</summary>
    public async Task<string> SubmitAsync(int documents = 1, string content = FakeReader.Good, long declaredFee = 1_100)
    {
        var claimId = "CL-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var customerId = "C-" + claimId;
        Customers.Add(new AffectedCustomer(IncidentId, customerId, "山田 太郎", "ヤマダ タロウ", null, null, "100-0001", "東京都",
            true, [new LeakedCard("VISA", "1234")], [DataCategories.Name, DataCategories.Card]));
        var refs = new List<DocumentRef>();
        for (var i = 1; i <= documents; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(content + "|" + claimId + "|d" + i);
            var blobName = claimId + "/d" + i + ".pdf";
            await Storage.Statements.GetBlobClient(blobName).UploadAsync(new BinaryData(bytes)).ConfigureAwait(false);
            refs.Add(new DocumentRef("d" + i, blobName, Convert.ToHexStringLower(SHA256.HashData(bytes)), "application/pdf", bytes.Length, "明細" + i + ".pdf"));
        }
        var submit = new SubmitClaim(claimId, IncidentId, customerId, "1234", new Yen(declaredFee), new DateOnly(2026, 2, 10), PayoutAccount, refs, ClaimTerms.From(Incident.Policy))
        {
            Actor = Actor.Claimant(customerId),
            At = Time.GetUtcNow(),
        };
        await Executor.ExecuteAsync(claimId, submit, CancellationToken.None).ConfigureAwait(false);
        return claimId;
    }

    public async Task<IReadOnlyList<ClaimEvent>> HistoryAsync(string claimId)
    {
        var stored = await Store.ReadHistoryAsync(claimId, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(s => s.Sequence));
        return [.. stored.Select(s => s.Event)];
    }

    /// <summary>Polls the step and poison queues until <paramref name="done"/> holds.</summary>
    public async Task RunUntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The claims did not get there in time.");
            }
            var handled = await Processor.ProcessStepsAsync(16, CancellationToken.None).ConfigureAwait(false)
                + await Processor.ProcessPoisonAsync(16, CancellationToken.None).ConfigureAwait(false);
            if (handled == 0)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    public Task RunUntilStatusAsync(string claimId, ClaimStatus status, TimeSpan? timeout = null) =>
        RunUntilAsync(async () => (await Store.LoadAsync(claimId, CancellationToken.None).ConfigureAwait(false)).Status == status, timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>The invariants every run must keep, whatever failed: contiguous history, each thing recorded once, one approval.</summary>
    public async Task AssertCleanAsync(string claimId, ClaimStatus expected)
    {
        var state = await Store.LoadAsync(claimId, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(expected, state.Status);
        var history = await HistoryAsync(claimId).ConfigureAwait(false);
        Assert.Equal(state.Version, history.Count);
        Assert.Equal(ClaimJson.Serialize(state), ClaimJson.Serialize(ClaimWorkflow.Replay(history)));
        Assert.Single(history.OfType<ClaimSubmitted>());
        foreach (var document in state.Documents)
        {
            Assert.Equal(1, history.Count(e => e is ExtractionSucceeded s && s.DocumentId == document.DocumentId || e is ExtractionFailed f && f.DocumentId == document.DocumentId));
        }
        Assert.True(history.OfType<ClaimValidated>().Count() <= 1, "validated more than once");
        Assert.True(history.Count(e => e is ClaimAutoApproved or ReviewerApproved or ApprovalConfirmed) <= 1, "approved more than once");
    }
}

/// <summary>
/// A statement reader scripted by the document's bytes: "good…" reads a fee statement, "blurry…" is unreadable,
/// "boom…" throws. It can hold every read at a gate and counts the reads.
/// </summary>
internal sealed class FakeReader : IStatementReader
{
    public const string Good = "good";
    public const string Blurry = "blurry";
    public const string Boom = "boom";

    private readonly ConcurrentQueue<string> _reads = new();
    private TaskCompletionSource _gate = Open();
    private int _waiting;

    public string Name => "local";

    public IReadOnlyCollection<string> Reads => _reads;

    /// <summary>How many reads wait at the gate right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>From now on reads wait until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    /// <summary>Every read fails from now on (or reads again when false).</summary>
    public bool Broken { get; set; }

    public async Task<StatementReadResult> ReadAsync(StatementInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = Encoding.UTF8.GetString(input.Content.Span);
        _reads.Enqueue(text);
        Interlocked.Increment(ref _waiting);
        try
        {
            await _gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        if (Broken || text.StartsWith(Boom, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The reader crashed.");
        }
        if (text.StartsWith(Blurry, StringComparison.Ordinal))
        {
            return StatementReadResult.Failed(ReadFailure.Unreadable, "too blurry");
        }
        // A reference number from the bytes makes each statement's content key its own.
        var reference = Convert.ToHexStringLower(SHA256.HashData(input.Content.Span))[..8];
        return StatementReadResult.Success(new FeeStatementFacts(
            new Fact<Yen>(new Yen(1_100), 0.97), false,
            new Fact<string>("カード再発行手数料 1,100円 受付" + reference, 0.95),
            new Fact<DateOnly>(new DateOnly(2026, 2, 27), 0.93),
            new Fact<string>("smbc", 0.99),
            new Fact<string>("1234", 0.96),
            new Fact<string>("TARO YAMADA", 0.9),
            new Fact<bool>(true, 0.98),
            Name, [], "カード再発行手数料 1,100円"));
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}

internal sealed class InMemoryIncidents : IIncidentStore
{
    private readonly ConcurrentDictionary<string, Incident> _incidents = new(StringComparer.Ordinal);

    public TaskCompletionSource? Gate { get; set; }

    public void Add(Incident incident) => _incidents[incident.Id] = incident;

    public async Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        return _incidents.GetValueOrDefault(incidentId);
    }

    public Task<bool> SaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var created = !_incidents.ContainsKey(incident.Id);
        _incidents[incident.Id] = incident;
        return Task.FromResult(created);
    }
}

internal sealed class InMemoryCustomers : IAffectedCustomers
{
    private readonly ConcurrentDictionary<(string, string), AffectedCustomer> _customers = new();

    public void Add(AffectedCustomer customer) => _customers[(customer.IncidentId, customer.CustomerId)] = customer;

    public Task<AffectedCustomer?> FindAsync(string incidentId, string customerId, CancellationToken cancellationToken) =>
        Task.FromResult(_customers.GetValueOrDefault((incidentId, customerId)));
}

/// <summary>A clock the test moves.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset now) => _now = now;
}
