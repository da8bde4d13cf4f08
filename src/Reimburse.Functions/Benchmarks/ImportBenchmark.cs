using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Customers;
using Reimburse.Functions.Customers;
using Reimburse.Functions.Storage;
using Reimburse.Incidents;

namespace Reimburse.Functions.Benchmarks;

/// <summary>
/// <c>reimburse bench import</c>: imports a generated Vector-sized file (261,161 rows) and prints rows/s, the ratio
/// against one-by-one inserts measured on a sample in the same run, peak memory (also for a file a tenth the size,
/// to show it is flat), the idempotent re-import, and raw pre-built <c>$batch</c> posts against the same storage to
/// show how much of the time is the storage's own.
/// </summary>
public static class ImportBenchmark
{
    /// <summary>Vector's leak, 2012.</summary>
    public const int VectorRows = 261_161;

    public static async Task RunAsync(string storageConnectionString, int rows, int oneByOneSample, int parallelism, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var temp = Path.Combine(Path.GetTempPath(), "reimburse-bench-import-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temp);
        try
        {
            await using var services = BuildServices(storageConnectionString, parallelism, temp);
            var storage = services.GetRequiredService<CustomerStorage>();
            await services.ProvisionStorageAsync(cancellationToken).ConfigureAwait(false);
            var runTag = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"Import benchmark: {Environment.ProcessorCount} cores, parallelism {parallelism}, storage {new Uri(Azure.Storage.StorageConnectionString.Parse(storageConnectionString).TableEndpoint.GetLeftPart(UriPartial.Authority))}").ConfigureAwait(false);

            var stopwatch = Stopwatch.StartNew();
            var (fullPath, full) = await CustomerFileGenerator.WriteTempAsync(temp, new CustomerFileSpec(rows), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            var (tenthPath, _) = await CustomerFileGenerator.WriteTempAsync(temp, new CustomerFileSpec(Math.Max(1_000, rows / 10), Seed: 7), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"file: {rows:#,0} rows, {new FileInfo(fullPath).Length / 1e6:0.0} MB UTF-8 (Japanese headers and names, {full.Rejections.Count:#,0} bad rows, {full.MaskedRows:#,0} full card numbers), generated in {stopwatch.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);

            // One-by-one inserts and raw pre-built batches, measured on the empty table now and on the full one at
            // the end: Azurite slows down as a table grows, so comparisons are made at the same size.
            var singleEmpty = await OneByOneAsync(storage, "bench-" + runTag + "-single0", oneByOneSample, temp, cancellationToken).ConfigureAwait(false);
            var rawRows = Math.Max(10_000, rows / 10) / 100 * 100;
            var emptyTable = services.GetRequiredService<Azure.Storage.StorageAccount>().GetTableClient("RawBench" + runTag);
            await emptyTable.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            var rawEmpty = await RawBatchesAsync(emptyTable, "rawbench", rawRows, parallelism, cancellationToken).ConfigureAwait(false);
            await emptyTable.DeleteAsync(cancellationToken).ConfigureAwait(false);

            var small = await ImportMeasuredAsync(services, "bench-" + runTag + "-tenth", tenthPath, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"import {small.Result.Rows:#,0} rows: {small.Seconds:0.0} s, {small.Result.Rows / small.Seconds:#,0} rows/s, peak managed heap {small.PeakHeapMb:0} MB, peak working set {small.PeakWorkingSetMb:0} MB").ConfigureAwait(false);

            var incidentId = "bench-" + runTag;
            var big = await ImportMeasuredAsync(services, incidentId, fullPath, cancellationToken).ConfigureAwait(false);
            var r = big.Result;
            var written = r.Accepted + r.Updated;
            var writeSeconds = big.Seconds - big.StageSeconds;
            var exact = r.Accepted == full.ValidCustomers && r.Rejected == full.Rejections.Count && r.CardNumbersMasked == full.MaskedRows;
            await output.WriteLineAsync($"import {r.Rows:#,0} rows: {big.Seconds:0.0} s, {r.Rows / big.Seconds:#,0} rows/s (read+validate+stage {big.StageSeconds:0.0} s = {r.Rows / big.StageSeconds:#,0} rows/s; write {writeSeconds:0.0} s = {written / writeSeconds:#,0} rows/s)").ConfigureAwait(false);
            await output.WriteLineAsync($"  accepted {r.Accepted:#,0}, updated {r.Updated:#,0}, unchanged {r.Unchanged:#,0}, rejected {r.Rejected:#,0}, card numbers masked {r.CardNumbersMasked:#,0} — {(exact ? "exactly as generated" : "NOT as generated: expected " + full.ValidCustomers + " accepted, " + full.Rejections.Count + " rejected, " + full.MaskedRows + " masked")}").ConfigureAwait(false);
            await output.WriteLineAsync($"  write rate by tenth of the rows (rows/s): {string.Join(" ", big.RateByTenth.Select(x => x.ToString("#,0", CultureInfo.InvariantCulture)))}").ConfigureAwait(false);
            await output.WriteLineAsync($"  peak managed heap {big.PeakHeapMb:0} MB, peak working set {big.PeakWorkingSetMb:0} MB (the {small.Result.Rows:#,0}-row file: {small.PeakHeapMb:0} MB / {small.PeakWorkingSetMb:0} MB)").ConfigureAwait(false);

            var again = await ImportMeasuredAsync(services, incidentId, fullPath, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"re-import of the same file: {again.Seconds:0.0} s, {again.Result.Rows / again.Seconds:#,0} rows/s — accepted {again.Result.Accepted:#,0}, updated {again.Result.Updated:#,0}, unchanged {again.Result.Unchanged:#,0}").ConfigureAwait(false);

            var singleFull = await OneByOneAsync(storage, "bench-" + runTag + "-single1", oneByOneSample, temp, cancellationToken).ConfigureAwait(false);
            var rawFull = await RawBatchesAsync(storage.Customers, "rawbench" + runTag, rawRows, parallelism, cancellationToken).ConfigureAwait(false);
            var firstTenth = big.RateByTenth.Count > 0 ? big.RateByTenth[0] : double.NaN;
            var lastTenth = big.RateByTenth.Count > 0 ? big.RateByTenth[^1] : double.NaN;
            // What inserting every row one by one would have cost, with the rate falling from the first to the last measurement.
            var singleMean = 2 / (1 / singleEmpty + 1 / singleFull);
            await output.WriteLineAsync($"one-by-one inserts ({oneByOneSample:#,0}-row samples): {singleEmpty:#,0} rows/s on the empty table, {singleFull:#,0} rows/s on the full one").ConfigureAwait(false);
            await output.WriteLineAsync($"  import vs one-by-one: {r.Rows / big.Seconds / singleMean:0.0}× end to end; writing at the same table size {firstTenth / singleEmpty:0.0}× (empty) and {lastTenth / singleFull:0.0}× (full)").ConfigureAwait(false);
            await output.WriteLineAsync($"raw pre-built $batch posts of {rawRows:#,0} customer entities, parallelism {parallelism} (no parsing, no reads):").ConfigureAwait(false);
            await output.WriteLineAsync($"  into an empty table:      {rawEmpty:#,0} rows/s   (the import's first tenth: {firstTenth:#,0} rows/s)").ConfigureAwait(false);
            await output.WriteLineAsync($"  into the full table:      {rawFull:#,0} rows/s   (the import's last tenth:  {lastTenth:#,0} rows/s)").ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static ServiceProvider BuildServices(string connectionString, int parallelism, string temp)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["ClaimCodes:HmacKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["CustomerImport:Parallelism"] = parallelism.ToString(CultureInfo.InvariantCulture),
            ["CustomerImport:TempFolder"] = temp,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddReimburseStorage(configuration);
        services.AddCustomers(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task<Measured> ImportMeasuredAsync(IServiceProvider services, string incidentId, string path, CancellationToken cancellationToken)
    {
        var incidents = services.GetRequiredService<IIncidentStore>();
        await incidents.SaveAsync(new Incident(incidentId, "ベンチマーク", new(2012, 6, 29), new(2012, 3, 1), new(2012, 6, 15), new(2012, 7, 1), new(2012, 12, 31), IncidentPolicy.Default), cancellationToken).ConfigureAwait(false);
        var importer = services.GetRequiredService<CustomerImporter>();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var sampler = new MemorySampler();
        var progress = new Timeline();
        var stopwatch = Stopwatch.StartNew();
        progress.Start(stopwatch);
        ImportResult result;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan))
        {
            result = await importer.ImportAsync(incidentId, file, CsvEncoding.Auto, cancellationToken, progress).ConfigureAwait(false);
        }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        sampler.Stop();
        return new Measured(result, seconds, progress.StagedAt ?? 0, progress.RateByTenth(result.Accepted + result.Updated + result.Unchanged), sampler.PeakHeap / 1e6, sampler.PeakWorkingSet / 1e6);
    }

    private static async Task<double> OneByOneAsync(CustomerStorage storage, string incidentId, int sample, string temp, CancellationToken cancellationToken)
    {
        var (path, _) = await CustomerFileGenerator.WriteTempAsync(temp, new CustomerFileSpec(sample, Seed: 11, BadEvery: 0, Duplicates: 0), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        var customers = new List<AffectedCustomer>();
        await using (var file = File.OpenRead(path))
        {
            using var reader = await CustomerFileReader.OpenAsync(file, incidentId, CsvEncoding.Auto, cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } row)
            {
                customers.Add(row.Customer!);
            }
        }
        var stopwatch = Stopwatch.StartNew();
        foreach (var c in customers)
        {
            var entity = TableAffectedCustomerStore.ToEntity(TableAffectedCustomerStore.PartitionOf(incidentId, CustomerBuckets.Of(c.CustomerId)), c, CustomerDigest.Compute(c));
            await storage.Customers.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        return customers.Count / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double> RawBatchesAsync(TableClient table, string partitionPrefix, int rows, int parallelism, CancellationToken cancellationToken)
    {
        var template = new AffectedCustomer("raw", "", "山田\u3000太郎", "ヤマダ\u3000タロウ", "taro.yamada@example.jp", "09012345678", "1000001",
            "東京都千代田区千代田1丁目1-1 サンハイツ 101号室", true, [new LeakedCard("VISA", "1234")], [DataCategories.Name, DataCategories.Address, DataCategories.Card]);
        var batches = Enumerable.Range(0, rows / 100).Select(b =>
        {
            var partition = partitionPrefix + "_" + (b % 256).ToString("x2", CultureInfo.InvariantCulture);
            return Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                TableAffectedCustomerStore.ToEntity(partition, template with { CustomerId = $"R{b:D5}{i:D3}" }, "digest"))).ToList();
        }).ToList();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return rows / stopwatch.Elapsed.TotalSeconds;
    }

    private sealed record Measured(ImportResult Result, double Seconds, double StageSeconds, IReadOnlyList<double> RateByTenth, double PeakHeapMb, double PeakWorkingSetMb);

    /// <summary>When each write-phase progress report arrived, to show how the write rate changes as the table grows.</summary>
    private sealed class Timeline : IProgress<ImportProgress>
    {
        private readonly ConcurrentQueue<(double Seconds, long Done)> _points = new();
        private Stopwatch? _clock;

        public double? StagedAt { get; private set; }

        public void Start(Stopwatch clock) => _clock = clock;

        public void Report(ImportProgress value)
        {
            if (value.Phase != ImportPhase.Writing || _clock is null)
            {
                return;
            }
            var now = _clock.Elapsed.TotalSeconds;
            StagedAt ??= now;
            _points.Enqueue((now, value.Done));
        }

        public List<double> RateByTenth(long total)
        {
            var points = _points.OrderBy(p => p.Seconds).ToList();
            var rates = new List<double>();
            if (points.Count < 2 || total == 0)
            {
                return rates;
            }
            var (lastTime, lastDone) = points[0];
            for (var tenth = 1; tenth <= 10; tenth++)
            {
                var target = total * tenth / 10;
                var point = points.FirstOrDefault(p => p.Done >= target, points[^1]);
                rates.Add((point.Done - lastDone) / Math.Max(0.001, point.Seconds - lastTime));
                (lastTime, lastDone) = point;
            }
            return rates;
        }
    }

    /// <summary>Samples the managed heap and the working set every 20 ms and keeps the peaks.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peakHeap;
        private long _peakWorkingSet;

        public MemorySampler()
        {
            _loop = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
                do
                {
                    _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
                    _peakWorkingSet = Math.Max(_peakWorkingSet, Environment.WorkingSet);
                }
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
            });
        }

        public long PeakHeap => Interlocked.Read(ref _peakHeap);

        public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

        public void Stop()
        {
            _stop.Cancel();
            try
            {
                _loop.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose()
        {
            Stop();
            _stop.Dispose();
        }
    }
}
