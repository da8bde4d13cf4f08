using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
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

namespace Reimburse.Functions.Benchmarks;

/// <summary>
/// `reimburse bench claims`: how fast the durable runner moves claims from submission to automatic approval
/// (submit, read the statement, validate, approve: 4 appends and 3 queue steps per claim) with N workers in one
/// process. The statement reader answers instantly, so the figures are the workflow's and the storage's, not OCR's.
/// Tables and queues get a private suffix and are deleted afterwards.
/// </summary>
public static class ClaimRunnerBench
{
    private const string IncidentId = "bench";

    /// <param name="connectionString">A storage account, or null for a fresh Azurite.</param>
    /// <param name="claims">How many claims to run.</param>
    /// <param name="workers">Step loops in the process.</param>
    /// <param name="output">Where the figures go.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task RunAsync(string? connectionString, int claims, int workers, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(claims, 1);
        await using var storage = await BenchStorage.StartAsync(connectionString, cancellationToken).ConfigureAwait(false);
        var incidents = new Incidents();
        var customers = new Customers();
        var options = new ClaimsOptions { Workers = workers, MaxPollingInterval = TimeSpan.FromMilliseconds(200), RunLocalQueues = true };
        var runtime = new ClaimRuntime(StorageAccount.FromConnectionString(storage.ConnectionString), options,
            "bench" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)), new InstantReader(), incidents, customers);
        await runtime.Storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"claims runner: {claims} claims, {workers} worker(s), {storage.Description}").ConfigureAwait(false);

        var account = new BankAccount("0005", "001", AccountType.Ordinary, "1234567", "ヤマダ タロウ");
        var ids = new string[claims];
        var submitClock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, claims, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var claimId = "CL-B" + i.ToString("D6", CultureInfo.InvariantCulture);
            var customerId = "C" + i.ToString(CultureInfo.InvariantCulture);
            customers.Add(customerId);
            var bytes = Encoding.UTF8.GetBytes("statement " + claimId);
            var blob = claimId + "/d1.pdf";
            await runtime.Storage.Statements.GetBlobClient(blob).UploadAsync(new BinaryData(bytes), cancellationToken: ct).ConfigureAwait(false);
            var document = new DocumentRef("d1", blob, Convert.ToHexStringLower(SHA256.HashData(bytes)), "application/pdf", bytes.Length, null);
            await runtime.Executor.ExecuteAsync(claimId, new SubmitClaim(claimId, IncidentId, customerId, "1234", new Yen(1_100),
                new DateOnly(2026, 2, 10), account, [document], ClaimTerms.From(incidents.Incident.Policy))
            { Actor = Actor.Claimant(customerId), At = DateTimeOffset.UtcNow }, ct).ConfigureAwait(false);
            ids[i] = claimId;
        }).ConfigureAwait(false);
        submitClock.Stop();

        var runClock = Stopwatch.StartNew();
        await runtime.Runner.StartAsync(cancellationToken).ConfigureAwait(false);
        var latencies = new List<TimeSpan>();
        try
        {
            foreach (var claimId in ids)
            {
                ClaimState state;
                while ((state = await runtime.Store.LoadAsync(claimId, cancellationToken).ConfigureAwait(false)).Status != ClaimStatus.Approved)
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }
                latencies.Add(state.UpdatedAt - state.SubmittedAt);
            }
            runClock.Stop();
        }
        finally
        {
            await runtime.Runner.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await DeleteAsync(runtime.Storage).ConfigureAwait(false);
        }
        latencies.Sort();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  submit:   {claims / submitClock.Elapsed.TotalSeconds:0.0} claims/s ({submitClock.Elapsed.TotalSeconds:0.00} s, 8 in parallel)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  workflow: {claims / runClock.Elapsed.TotalSeconds:0.0} claims/s to approval ({runClock.Elapsed.TotalSeconds:0.00} s, {3 * claims} steps)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  submitted→approved: p50 {Percentile(latencies, 0.5).TotalSeconds:0.00} s, p95 {Percentile(latencies, 0.95).TotalSeconds:0.00} s (includes the wait for the runner to start)")).ConfigureAwait(false);
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static async Task DeleteAsync(ClaimStorage storage)
    {
        await Task.WhenAll(
            storage.Claims.DeleteAsync(), storage.Outbox.DeleteAsync(), storage.Index.DeleteAsync(),
            storage.Steps.DeleteIfExistsAsync(), storage.Poison.DeleteIfExistsAsync(), storage.Statements.DeleteIfExistsAsync()).ConfigureAwait(false);
    }

    private sealed class InstantReader : IStatementReader
    {
        public string Name => "local";

        public Task<StatementReadResult> ReadAsync(StatementInput input, CancellationToken cancellationToken)
        {
            var reference = Convert.ToHexStringLower(SHA256.HashData(input.Content.Span))[..8];
            return Task.FromResult(StatementReadResult.Success(new FeeStatementFacts(
                new Fact<Yen>(new Yen(1_100), 0.97), false, new Fact<string>("カード再発行手数料 1,100円 " + reference, 0.95),
                new Fact<DateOnly>(new DateOnly(2026, 2, 27), 0.93), new Fact<string>("smbc", 0.99), new Fact<string>("1234", 0.96),
                new Fact<string>("TARO YAMADA", 0.9), new Fact<bool>(true, 0.98), Name, [], "")));
        }
    }

    private sealed class Incidents : IIncidentStore
    {
        public Incident Incident { get; } = new(IncidentId, "benchmark", new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 5),
            new DateOnly(2026, 1, 25), new DateOnly(2026, 2, 1), new DateOnly(2099, 12, 31), IncidentPolicy.Default);

        public Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken) =>
            Task.FromResult(incidentId == IncidentId ? Incident : null);

        public Task<bool> SaveAsync(Incident incident, CancellationToken cancellationToken) => Task.FromResult(false);
    }

    private sealed class Customers : IAffectedCustomers
    {
        private readonly ConcurrentDictionary<string, AffectedCustomer> _customers = new(StringComparer.Ordinal);

        public void Add(string customerId) => _customers[customerId] = new AffectedCustomer(IncidentId, customerId, "山田 太郎", "ヤマダ タロウ",
            null, null, "100-0001", "東京都", true, [new LeakedCard("VISA", "1234")], [DataCategories.Card]);

        public Task<AffectedCustomer?> FindAsync(string incidentId, string customerId, CancellationToken cancellationToken) =>
            Task.FromResult(incidentId == IncidentId ? _customers.GetValueOrDefault(customerId) : null);
    }
}
