using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Local;
using Reimburse.Incidents;
using Reimburse.LocalReader.Corpus;
using Reimburse.Money;
using Reimburse.Statements;

namespace Reimburse.Functions.Benchmarks;

/// <summary>How <see cref="PipelineBenchmark"/> runs.</summary>
public sealed class PipelineBenchmarkOptions
{
    /// <summary>Cardholders signing in and submitting at the same time.</summary>
    public int SubmitConcurrency { get; set; } = 4;

    /// <summary>The app's queue workers (<see cref="ClaimsOptions.Workers"/>).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>Claims of the second pass, with a reader that answers at once (the workflow's own cost); 0 skips it.</summary>
    public int NoOpClaims { get; set; } = 2_000;

    /// <summary>Claims sent one at a time with the no-op reader, each waiting for its decision: the chain's latency without queueing.</summary>
    public int SequentialClaims { get; set; } = 20;

    /// <summary>Run Azurite in memory (its periodic saves to disk then pause nothing; the statements stay in RAM).</summary>
    public bool AzuriteInMemory { get; set; }

    /// <summary>Print (and cache) the statements, then stop: prepares a timed run.</summary>
    public bool PrintOnly { get; set; }

    /// <summary>Where printed statements are kept between runs (printing 10,000 takes minutes).</summary>
    public string StatementCache { get; set; } = Path.Combine(".data", "pipeline-bench");

    /// <summary>The longest wait for the last decision after the last submission.</summary>
    public TimeSpan DecisionTimeout { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// <c>reimburse bench pipeline</c>: N cardholders each sign in with their claim code and submit a claim with a text-PDF
/// statement through the HTTP API of the app (in process, on Kestrel, with its own queue runner and the local reader
/// on poppler), against Azurite; prints claims per minute from the first submission to the last decision, the
/// submit→decision latency (p50/p95/max, from the app's own <c>reimburse.claims.decision.latency</c> metric), and,
/// with a reader that answers at once, the workflow's own overhead per claim.
/// </summary>
/// <remarks>
/// Everything a run needs is made by the run: statements printed by Chromium (cached, they take minutes), an incident,
/// N affected customers imported as CSV and their claim codes issued through the operator API.
/// </remarks>
public static class PipelineBenchmark
{
    private static readonly string[] Layouts = ["letter", "statement", "notice", "web"];

    private static readonly string[] IssuerIds = ["jcb", "smbc", "saison", "aeon", "mufg", "epos", "orico", "view", "docomo"];

    private static readonly (string Kanji, string Kana)[] Names =
    [
        ("山田 太郎", "ヤマダ タロウ"), ("佐藤 花子", "サトウ ハナコ"), ("鈴木 一郎", "スズキ イチロウ"), ("高橋 健太", "タカハシ ケンタ"),
        ("田中 美咲", "タナカ ミサキ"), ("伊藤 陽子", "イトウ ヨウコ"), ("渡辺 翔", "ワタナベ ショウ"), ("中村 結衣", "ナカムラ ユイ"),
        ("小林 大輔", "コバヤシ ダイスケ"), ("加藤 直子", "カトウ ナオコ"), ("吉田 拓也", "ヨシダ タクヤ"), ("山本 恵", "ヤマモト メグミ"),
    ];

    /// <summary>Runs the benchmark with the default options.</summary>
    public static Task RunAsync(string? connectionString, int claims, TextWriter output, CancellationToken ct) =>
        RunAsync(connectionString, claims, new PipelineBenchmarkOptions(), output, ct);

    public static async Task RunAsync(string? connectionString, int claims, PipelineBenchmarkOptions options, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(claims, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(claims, 30_000);
        if (options.PrintOnly)
        {
            var started = Stopwatch.StartNew();
            var (cached, fresh) = await StatementsAsync(claims, options.StatementCache, ct).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"statements: {claims} text PDFs {(fresh ? "printed" : "already there")} in {started.Elapsed.TotalSeconds:0.0} s ({cached})")).ConfigureAwait(false);
            return;
        }
        // The statements (about 190 KB each) go to Azurite's disk, not its memory.
        await using var storage = await BenchStorage.StartAsync(connectionString, ct, inMemory: options.AzuriteInMemory).ConfigureAwait(false);
        await output.WriteLineAsync($"pipeline: {claims} claims through the HTTP API to decision; {storage.Description}; {Environment.ProcessorCount} cores, load average {LoadAverage()}").ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var (folder, printed) = await StatementsAsync(claims, options.StatementCache, ct).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  statements: {claims} text PDFs ({Layouts.Length} layouts, {IssuerIds.Length} issuers, ¥550/¥1,100) {(printed ? "printed" : "reused")} in {clock.Elapsed.TotalSeconds:0.0} s ({folder})")).ConfigureAwait(false);

        var real = await RunPassAsync(storage, claims, options, noOpReader: false, sequential: false, folder, ct).ConfigureAwait(false);
        await WriteAsync(output, "local reader", claims, real).ConfigureAwait(false);

        if (options.NoOpClaims > 0)
        {
            var n = Math.Min(options.NoOpClaims, claims);
            var noOp = await RunPassAsync(storage, n, options, noOpReader: true, sequential: false, folder, ct).ConfigureAwait(false);
            await WriteAsync(output, "no-op reader", n, noOp).ConfigureAwait(false);
        }
        if (options.SequentialClaims > 0)
        {
            var n = options.SequentialClaims;
            var chain = await RunPassAsync(storage, n, options, noOpReader: true, sequential: true, folder, ct).ConfigureAwait(false);
            // Per claim: intake's append, then 3 queue steps (extract, validate) with their appends up to the decision.
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  [no-op reader, one claim at a time] {n} claims: submit→decision p50 {chain.P50.TotalMilliseconds:0} ms, p95 {chain.P95.TotalMilliseconds:0} ms for 2 queue steps and 3 appends each: {2 / chain.P50.TotalSeconds:0.0} sequential steps/s per claim (Durable Functions publishes ~5 sequential activities/s per instance)")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  workflow overhead per claim (no-op reader): {chain.CpuPerClaim.TotalMilliseconds:0} ms CPU one at a time; see the no-op pass above for its share under load")).ConfigureAwait(false);
        }
        await output.WriteLineAsync($"  load average at the end: {LoadAverage()} (figures on a machine shared with other work are lower bounds)").ConfigureAwait(false);
    }

    private static async Task WriteAsync(TextWriter output, string label, int claims, PassResult r)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  [{label}] world: incident, {claims} customers imported from CSV and their codes issued in {r.Setup.TotalSeconds:0.0} s")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  [{label}] intake: {claims} sign-ins + submissions in {r.Intake.TotalSeconds:0.0} s ({claims / r.Intake.TotalSeconds:0.0}/s, {r.Concurrency} at a time)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  [{label}] decided {r.Decided} ({string.Join(", ", r.Outcomes.OrderByDescending(o => o.Value).Select(o => o.Value + " " + o.Key))}) in {r.Pipeline.TotalSeconds:0.0} s from the first submission: {claims / r.Pipeline.TotalMinutes:0} claims/minute")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  [{label}] submit→decision: p50 {r.P50.TotalSeconds:0.00} s, p95 {r.P95.TotalSeconds:0.00} s, max {r.Max.TotalSeconds:0.00} s")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  [{label}] CPU per claim: {r.CpuPerClaim.TotalMilliseconds:0} ms ({r.AppCpu.TotalMilliseconds / claims:0} app incl. HTTP client, {r.ToolCpu.TotalMilliseconds / claims:0} poppler, {r.StorageCpu.TotalMilliseconds / claims:0} Azurite): {Environment.ProcessorCount * 60_000 / r.CpuPerClaim.TotalMilliseconds:0} claims/minute if this machine's {Environment.ProcessorCount} cores were ours alone")).ConfigureAwait(false);
    }

    private sealed record PassResult(
        TimeSpan Setup, TimeSpan Intake, TimeSpan Pipeline, int Decided, IReadOnlyDictionary<string, int> Outcomes,
        TimeSpan P50, TimeSpan P95, TimeSpan Max, int Concurrency, TimeSpan AppCpu, TimeSpan ToolCpu, TimeSpan StorageCpu)
    {
        public TimeSpan CpuPerClaim => (AppCpu + ToolCpu + StorageCpu) / Math.Max(1, Decided);
    }

    private static async Task<PassResult> RunPassAsync(BenchStorage storage, int claims, PipelineBenchmarkOptions options, bool noOpReader, bool sequential, string folder, CancellationToken ct)
    {
        var connectionString = storage.ConnectionString;
        var staffKey = RandomNumberGenerator.GetBytes(32);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["StaffTokens:SigningKey"] = Convert.ToBase64String(staffKey),
            ["ClaimCodes:HmacKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cardholders:SessionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Review:DocumentLinkKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Eligibility:MinimumResponseMilliseconds"] = "0",
            ["Eligibility:PermitsPerClientPerMinute"] = "10000",
            ["Claims:Workers"] = options.Workers.ToString(CultureInfo.InvariantCulture),
            ["Claims:MaxPollingInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (noOpReader)
        {
            settings["Claims:Reader"] = NoOpReader.ReaderName;
        }
        var app = ReimburseApp.Build(["--environment", "Development", "--contentRoot", AppContext.BaseDirectory], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            if (noOpReader)
            {
                builder.Services.AddSingleton<IStatementReader, NoOpReader>();
            }
        });
        await app.StartAsync(ct).ConfigureAwait(false);
        try
        {
            using var decisions = new DecisionListener(app.Services.GetRequiredService<IMeterFactory>());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(5) };
            var setup = Stopwatch.StartNew();
            var incident = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
            var api = new ReimburseApiClient(http, ReimburseApiClient.OperatorToken(staffKey, DateTimeOffset.UtcNow));
            var codes = await PrepareWorldAsync(api, incident, claims, ct).ConfigureAwait(false);
            setup.Stop();

            var first = decisions.Now;
            var (appCpu, toolCpu, storageCpu) = (AppCpu(), ChildrenCpu(), storage.EmulatorProcessorTime ?? TimeSpan.Zero);
            var intake = Stopwatch.StartNew();
            var concurrency = sequential ? 1 : options.SubmitConcurrency;
            await Parallel.ForAsync(0, claims, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
            {
                var (code, postal) = codes[CustomerId(i)];
                var statement = noOpReader ? NoOpReader.Statement(i) : await File.ReadAllBytesAsync(Path.Combine(folder, StatementId(i) + ".pdf"), token).ConfigureAwait(false);
                await SubmitAsync(api, i, code, postal, statement, noOpReader ? "text/csv" : "application/pdf", token).ConfigureAwait(false);
                if (sequential)
                {
                    await decisions.WaitForAsync(i + 1, options.DecisionTimeout, token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            intake.Stop();

            await decisions.WaitForAsync(claims, options.DecisionTimeout, ct).ConfigureAwait(false);
            var pipeline = decisions.LastDecision - first;
            (appCpu, toolCpu, storageCpu) = (AppCpu() - appCpu, ChildrenCpu() - toolCpu, (storage.EmulatorProcessorTime ?? TimeSpan.Zero) - storageCpu);
            var latencies = decisions.Latencies.Order().ToList();
            return new PassResult(setup.Elapsed, intake.Elapsed, pipeline, latencies.Count, decisions.Outcomes,
                Percentile(latencies, 0.50), Percentile(latencies, 0.95), latencies.Count == 0 ? TimeSpan.Zero : latencies[^1], concurrency, appCpu, toolCpu, storageCpu);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<Dictionary<string, (string Code, string PostalCode)>> PrepareWorldAsync(ReimburseApiClient api, string incidentId, int claims, CancellationToken ct)
    {
        var incident = new Incident(incidentId, "ベンチマーク 不正アクセス", new DateOnly(2026, 7, 1), new DateOnly(2026, 1, 5), new DateOnly(2026, 6, 30),
            new DateOnly(2026, 7, 1), new DateOnly(2027, 12, 31), IncidentPolicy.Default);
        await api.PutIncidentAsync(incident, ct).ConfigureAwait(false);
        await api.ImportCustomersAsync(incidentId, Enumerable.Range(0, claims).Select(i =>
        {
            var (kanji, kana) = Names[i % Names.Length];
            return string.Create(CultureInfo.InvariantCulture, $"{CustomerId(i)},{kanji},{kana},{Postal(i)},東京都千代田区{i},あり,VISA:{Last4(i)}");
        }), ct).ConfigureAwait(false);
        return await api.IssueCodesAsync(incidentId, null, ct).ConfigureAwait(false);
    }

    private static async Task SubmitAsync(ReimburseApiClient api, int i, string code, string postal, byte[] statement, string contentType, CancellationToken ct)
    {
        var session = await api.SignInAsync(code, postal, ct).ConfigureAwait(false);
        var input = new ClaimFormInput(Date(i).AddDays(-2), Fee(i), Last4(i), ((i % 9_000_000) + 1_000_000).ToString(CultureInfo.InvariantCulture), Names[i % Names.Length].Kana);
        await api.SubmitClaimAsync(session, input, statement, contentType, "statement-" + i.ToString(CultureInfo.InvariantCulture) + (contentType == "text/csv" ? ".csv" : ".pdf"), ct).ConfigureAwait(false);
    }

    /// <summary>Prints the statements once per size; a later run with the same size reuses them.</summary>
    private static async Task<(string Folder, bool Printed)> StatementsAsync(int claims, string cache, CancellationToken ct)
    {
        var root = Path.IsPathRooted(cache) ? cache : Path.Combine(TryRepositoryRoot() ?? Environment.CurrentDirectory, cache);
        var folder = Path.Combine(root, claims.ToString(CultureInfo.InvariantCulture));
        var done = Path.Combine(folder, "complete");
        if (File.Exists(done))
        {
            return (folder, false);
        }
        var orders = Enumerable.Range(0, claims).Select(i =>
        {
            var (kanji, _) = Names[i % Names.Length];
            return new StatementOrder(StatementId(i), IssuerIds[i % IssuerIds.Length], Layouts[(i / IssuerIds.Length) % Layouts.Length], Fee(i), false, Last4(i), kanji, Date(i), Seed: i);
        }).ToList();
        await StatementPrinter.PrintAsync(orders, folder, null, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(done, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        return (folder, true);
    }

    private static TimeSpan AppCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    // CPU of finished child processes (the poppler tools the reader and intake start): utime+stime of waited-for
    // children in /proc/self/stat (fields 16 and 17, in clock ticks of 1/100 s on Linux).
    private static TimeSpan ChildrenCpu()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", fields start at 3 (state): cutime is field 16, cstime field 17.
        var ticks = long.Parse(fields[16 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[17 - 3], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static string LoadAverage() =>
        OperatingSystem.IsLinux() ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? TryRepositoryRoot()
    {
        try
        {
            return DevEnvironment.Locate().RepositoryRoot;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string CustomerId(int i) => "P" + i.ToString("D6", CultureInfo.InvariantCulture);

    private static string StatementId(int i) => "s" + i.ToString("D6", CultureInfo.InvariantCulture);

    // Unique card and date per claim: no two claims share a statement's content (fee line, date, last four).
    private static string Last4(int i) => (i % 10_000).ToString("D4", CultureInfo.InvariantCulture);

    private static DateOnly Date(int i) => new DateOnly(2026, 6, 1).AddDays(i % 150);

    private static long Fee(int i) => i % 3 == 0 ? 550 : 1_100;

    private static string Postal(int i) => "1" + (i % 100).ToString("D2", CultureInfo.InvariantCulture) + "-" + (i % 10_000).ToString("D4", CultureInfo.InvariantCulture);

    private static TimeSpan Percentile(List<TimeSpan> sorted, double p) => sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>Listens to the app's decision metric: one measurement per automatic decision, with its latency.</summary>
    private sealed class DecisionListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<TimeSpan> _latencies = new();
        private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastTicks;

        public DecisionListener(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ClaimTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "reimburse.claims.decision.latency")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
            {
                var outcome = "decided";
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome")
                    {
                        outcome = tag.Value as string ?? outcome;
                    }
                }
                _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                _latencies.Enqueue(TimeSpan.FromSeconds(seconds));
                Interlocked.Exchange(ref _lastTicks, _clock.Elapsed.Ticks);
            });
            _listener.Start();
        }

        public IReadOnlyCollection<TimeSpan> Latencies => _latencies;

        public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

        /// <summary>Time on the listener's clock (started before the world was set up).</summary>
        public TimeSpan Now => _clock.Elapsed;

        /// <summary>When the last decision was measured, on the same clock.</summary>
        public TimeSpan LastDecision => TimeSpan.FromTicks(Interlocked.Read(ref _lastTicks));

        public async Task WaitForAsync(int count, TimeSpan timeout, CancellationToken ct)
        {
            var deadline = Stopwatch.StartNew();
            while (_latencies.Count < count)
            {
                if (deadline.Elapsed > timeout)
                {
                    throw new TimeoutException($"Only {_latencies.Count} of {count} claims were decided within {timeout}.");
                }
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>A reader that answers at once from a line the benchmark wrote into a CSV: the workflow without reading.</summary>
    private sealed class NoOpReader : IStatementReader
    {
        public const string ReaderName = "noop";

        public string Name => ReaderName;

        public static byte[] Statement(int i)
        {
            var (kanji, _) = Names[i % Names.Length];
            return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"ref,last4,holder,fee,date\n{StatementId(i)},{Last4(i)},{kanji},{Fee(i)},{Date(i):yyyy-MM-dd}\n"));
        }

        public Task<StatementReadResult> ReadAsync(StatementInput input, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(input);
            var fields = Encoding.UTF8.GetString(input.Content.Span).Split('\n')[1].Split(',');
            var fee = long.Parse(fields[3], CultureInfo.InvariantCulture);
            var date = DateOnly.ParseExact(fields[4], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return Task.FromResult(StatementReadResult.Success(new FeeStatementFacts(
                new Fact<Yen>(new Yen(fee), 0.97), false, new Fact<string>($"カード再発行手数料 {fee}円 {fields[0]}", 0.95),
                new Fact<DateOnly>(date, 0.95), new Fact<string>("smbc", 0.98), new Fact<string>(fields[1], 0.95),
                new Fact<string>(fields[2], 0.9), new Fact<bool>(true, 0.97), ReaderName, [], "")));
        }
    }
}
