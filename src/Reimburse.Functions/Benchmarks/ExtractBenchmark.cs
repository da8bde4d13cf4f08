using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Extraction;
using Reimburse.LocalReader;
using Reimburse.LocalReader.Corpus;
using Reimburse.LocalReader.Ocr;
using Reimburse.Privacy;
using Reimburse.Statements;

namespace Reimburse.Functions.Benchmarks;

/// <summary>What <see cref="ExtractBenchmark"/> generates and measures.</summary>
public sealed class ExtractBenchmarkOptions
{
    /// <summary>Where corpora are generated and reused (one subfolder per seed and size).</summary>
    public string CorpusRoot { get; set; } = Path.Combine(".data", "corpus-bench");

    public int Seed { get; set; } = 20240510;

    public int TextPdfs { get; set; } = 150;

    public int Csvs { get; set; } = 150;

    public int Photos { get; set; } = 100;

    public int Heics { get; set; } = 10;

    public int Scans { get; set; } = 15;

    public int ScannedPdfs { get; set; } = 20;

    /// <summary>Photos read twice for the engine-pool comparison (once pooled, once with an engine per document).</summary>
    public int PoolComparisonPhotos { get; set; } = 24;

    /// <summary>Documents read at once (the pool has as many engines).</summary>
    public int Parallelism { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Confidence below which a claim escalates (IncidentPolicy.MinConfidence).</summary>
    public double EscalationThreshold { get; set; } = 0.8;

    /// <summary>Most misses listed in the report.</summary>
    public int ListMisses { get; set; } = 20;
}

/// <summary>
/// <c>reimburse bench extract</c>: generates (or reuses) a corpus of fee statements with ground truth, reads it with
/// every configured reader, and prints per-kind accuracy (fee exact, waived detected, last 4), confident misses
/// (must be 0), documents per minute, and OCR throughput with the engine pool versus an engine per document.
/// </summary>
public static class ExtractBenchmark
{
    /// <summary>Runs the benchmark; returns 0, or 1 when a reader output a full card number or a confident wrong fee.</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, ExtractBenchmarkOptions? options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new ExtractBenchmarkOptions();
        NativeLibraries.EnsureInitialized();

        var corpus = await CorpusAsync(options, output, cancellationToken);
        var services = new ServiceCollection().AddLogging().AddStatementReaders(configuration);
        await using var provider = services.BuildServiceProvider();
        var localOptions = provider.GetRequiredService<IOptions<LocalReaderOptions>>().Value;
        localOptions.EnginePoolSize = options.Parallelism;

        var failed = false;
        var readers = new List<IStatementReader> { provider.GetRequiredKeyedService<IStatementReader>(StatementReaderRegistration.Local) };
        if (StatementReaderRegistration.IsDocumentIntelligenceConfigured(configuration))
        {
            readers.Add(provider.GetRequiredService<IStatementReader>());
        }
        foreach (var reader in readers)
        {
            var documents = reader.Name == StatementReaderRegistration.Local ? corpus.Documents : corpus.Documents.Where(d => d.Kind is not (CorpusKind.CsvUtf8 or CorpusKind.CsvShiftJis)).ToList();
            var (results, elapsed) = await ReadAllAsync(reader, corpus, documents, options.Parallelism, cancellationToken);
            failed |= Report(reader.Name, results, elapsed, options, output);
        }

        await ComparePoolAsync(corpus, localOptions, options, output, cancellationToken);
        return failed ? 1 : 0;
    }

    private static async Task<CorpusManifest> CorpusAsync(ExtractBenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var corpusOptions = new CorpusOptions
        {
            Seed = options.Seed,
            TextPdfs = options.TextPdfs,
            Csvs = options.Csvs,
            Photos = options.Photos,
            Heics = options.Heics,
            Scans = options.Scans,
            ScannedPdfs = options.ScannedPdfs,
        };
        corpusOptions.OutputFolder = Path.Combine(options.CorpusRoot, string.Create(
            CultureInfo.InvariantCulture,
            $"seed{options.Seed}-t{options.TextPdfs}-c{options.Csvs}-p{options.Photos}-h{options.Heics}-s{options.Scans}-sp{options.ScannedPdfs}"));
        var existing = await StatementCorpus.LoadAsync(corpusOptions.OutputFolder, cancellationToken);
        if (existing is not null && existing.Documents.Count == corpusOptions.Total && existing.Documents.All(d => File.Exists(existing.PathOf(d))))
        {
            await output.WriteLineAsync($"Corpus: {existing.Documents.Count} documents reused from {existing.Folder} (seed {existing.Seed}).");
            return existing;
        }
        var watch = Stopwatch.StartNew();
        var manifest = await StatementCorpus.GenerateAsync(corpusOptions, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Corpus: {manifest.Documents.Count} documents generated in {watch.Elapsed.TotalSeconds:F0} s into {manifest.Folder} (seed {manifest.Seed})."));
        return manifest;
    }

    private static async Task<(List<(CorpusTruth Truth, StatementReadResult Result)> Results, TimeSpan Elapsed)> ReadAllAsync(
        IStatementReader reader, CorpusManifest corpus, IReadOnlyList<CorpusTruth> documents, int parallelism, CancellationToken cancellationToken)
    {
        var results = new (CorpusTruth, StatementReadResult)[documents.Count];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, documents.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var truth = documents[i];
                var bytes = await File.ReadAllBytesAsync(corpus.PathOf(truth), ct);
                results[i] = (truth, await reader.ReadAsync(new StatementInput(bytes, "application/octet-stream", truth.File), ct));
            });
        return (results.ToList(), watch.Elapsed);
    }

    private static bool FeeExact(CorpusTruth truth, FeeStatementFacts? facts) =>
        facts is not null && (truth.Fee is null ? facts.Fee is null : facts.Fee?.Value.Amount == truth.Fee && facts.FeeWaived == truth.Waived);

    private static bool Report(string reader, List<(CorpusTruth Truth, StatementReadResult Result)> results, TimeSpan elapsed, ExtractBenchmarkOptions options, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"Reader {reader}: {results.Count} documents in {elapsed.TotalSeconds:F1} s = {results.Count / elapsed.TotalMinutes:F0} documents/minute ({options.Parallelism} at a time, load average {LoadAverage()})"));
        output.WriteLine("kind           docs  fee exact   waived found  last 4      escalated  confident misses  card numbers out");
        var groups = results.GroupBy(r => r.Truth.Kind).OrderBy(g => g.Key).Select(g => (Name: g.Key.ToString(), Items: g.ToList())).ToList();
        groups.Add(("all", results));
        var failed = false;
        foreach (var (name, items) in groups)
        {
            var exact = items.Count(r => FeeExact(r.Truth, r.Result.Facts));
            var waived = items.Where(r => r.Truth.Waived).ToList();
            var waivedFound = waived.Count(r => r.Result.Facts?.FeeWaived == true);
            var withLast4 = items.Where(r => r.Truth.Last4 is not null).ToList();
            var last4Right = withLast4.Count(r => r.Result.Facts?.CardLast4?.Value == r.Truth.Last4);
            var escalated = items.Count(r => r.Result.Facts?.Fee is not { } f || f.Confidence < options.EscalationThreshold);
            var confidentMisses = items.Count(r => !FeeExact(r.Truth, r.Result.Facts) && r.Result.Facts?.Fee is { } f && f.Confidence >= options.EscalationThreshold);
            var leaks = items.Count(r => LeaksCardNumber(r.Truth, r.Result.Facts));
            failed |= name == "all" && (confidentMisses > 0 || leaks > 0);
            output.WriteLine(string.Create(c,
                $"{name,-13} {items.Count,5}  {Percent(exact, items.Count),9}  {waivedFound,5}/{waived.Count,-6}  {Percent(last4Right, withLast4.Count),9}  {Percent(escalated, items.Count),9}  {confidentMisses,16}  {leaks,16}"));
        }
        var misses = results.Where(r => !FeeExact(r.Truth, r.Result.Facts)).Take(options.ListMisses).ToList();
        if (misses.Count > 0)
        {
            output.WriteLine("misses (truth → read @ confidence):");
            foreach (var (truth, result) in misses)
            {
                var read = result.Facts is { } facts ? (facts.Fee is { } fee ? string.Create(c, $"{(facts.FeeWaived ? "waived" : fee.Value.ToString())} @ {fee.Confidence:F2}") : "no fee") : $"{result.Failure}: {result.Message}";
                output.WriteLine($"  {truth.Id,-16} {truth.Layout,-12} {(truth.Fee is null ? "no fee" : truth.Waived ? "waived" : "¥" + truth.Fee.Value.ToString("#,0", c)),-8} → {read}   {truth.Effects}");
            }
        }
        return failed;
    }

    private static bool LeaksCardNumber(CorpusTruth truth, FeeStatementFacts? facts)
    {
        if (facts is null)
        {
            return false;
        }
        string[] texts = [facts.Text, facts.FeeLine?.Value ?? "", facts.HolderName?.Value ?? "", .. facts.Warnings];
        return texts.Any(t => CardNumbers.ContainsCardNumber(t)
            || (truth.FullCardNumber is { } pan && new string(t.Where(char.IsAsciiDigit).ToArray()).Contains(pan[..12], StringComparison.Ordinal)));
    }

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <remarks>
    /// The machine may be shared: the two modes run interleaved in rounds over the same photos (alternating which
    /// goes first), and CPU time is reported beside wall-clock time because other processes inflate the latter.
    /// </remarks>
    private static async Task ComparePoolAsync(CorpusManifest corpus, LocalReaderOptions localOptions, ExtractBenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var photos = corpus.Documents.Where(d => d.Kind == CorpusKind.Photo).Take(options.PoolComparisonPhotos).ToList();
        if (photos.Count == 0)
        {
            return;
        }
        const int Rounds = 4;
        var batches = photos.Chunk(Math.Max(1, (photos.Count + Rounds - 1) / Rounds)).ToList();
        var wall = new Dictionary<bool, TimeSpan> { [true] = TimeSpan.Zero, [false] = TimeSpan.Zero };
        var cpu = new Dictionary<bool, TimeSpan> { [true] = TimeSpan.Zero, [false] = TimeSpan.Zero };
        using var pooled = new LocalStatementReader(localOptions, poolEngines: true);
        using var perDocument = new LocalStatementReader(localOptions, poolEngines: false);
        for (var round = 0; round < batches.Count; round++)
        {
            foreach (var pool in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var (_, elapsed) = await ReadAllAsync(pool ? pooled : perDocument, corpus, batches[round], options.Parallelism, cancellationToken);
                cpu[pool] += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                wall[pool] += elapsed;
            }
        }
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"OCR throughput, {photos.Count} photos in {batches.Count} interleaved rounds, {options.Parallelism} at a time, OMP_THREAD_LIMIT=1 (omp_get_thread_limit() = {NativeLibraries.OmpThreadLimit}), Tesseract {NativeLibraries.TesseractVersion}, load average {LoadAverage()}:"));
        output.WriteLine("                       documents/minute   CPU s/document");
        foreach (var pool in new[] { false, true })
        {
            output.WriteLine(string.Create(c, $"  {(pool ? $"engine pool ({options.Parallelism})" : "engine per document"),-20} {photos.Count / wall[pool].TotalMinutes,16:F1}   {cpu[pool].TotalSeconds / photos.Count,14:F2}"));
        }
        output.WriteLine(string.Create(c,
            $"  pool vs per document: {wall[false] / wall[true]:F2}× by wall clock, {cpu[false] / cpu[true]:F2}× by CPU time"));
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
