using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Reimburse.Customers;
using Reimburse.Functions.Hosting;
using Reimburse.Incidents;

namespace Reimburse.Functions.Customers;

/// <summary>A problem that makes a file unreadable as a whole, with where it is.</summary>
public sealed record CustomerFileProblem(long Line, string Reason)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Reason}" : Reason;
}

/// <summary>The file cannot be imported at all (encoding, header, quoting, ragged rows); nothing was written.</summary>
public sealed class CustomerFileException(IReadOnlyList<CustomerFileProblem> problems)
    : InputException("The file was not imported (nothing was written): " + string.Join("; ", problems) + ".", "The affected-customer file cannot be read.")
{
    public IReadOnlyList<CustomerFileProblem> Problems { get; } = problems;
}

/// <summary>
/// Imports an affected-customer file in two passes over a staged copy, so that memory stays flat and a malformed
/// file writes nothing:
/// <list type="number">
/// <item>read and validate every row (streaming), append valid rows to one staging file per bucket and rejected rows
/// to the report; stop without writing if the file is malformed;</item>
/// <item>per bucket, in parallel: drop rows repeated in the file and write in batches of up to 100 — plain inserts
/// while the partition is empty; after the first collision, classified against the partition's stored digests so
/// that only new (insert) and changed (update) customers are written and unchanged ones cost nothing.</item>
/// </list>
/// Re-importing the same or a corrected file is idempotent: rows are keyed by customer id.
/// </summary>
public sealed partial class CustomerImporter(
    IIncidentStore incidents,
    IAffectedCustomerStore customers,
    ICustomerRunStore runs,
    ICustomerFiles files,
    IOptions<CustomerImportOptions> options,
    TimeProvider time,
    ILogger<CustomerImporter> logger)
{
    /// <summary>Most structural problems listed before giving up on a file.</summary>
    public const int MaxProblems = 10;

    /// <summary>Rows read in pass 1 between progress callbacks.</summary>
    private const int ProgressEvery = 10_000;

    /// <summary>Imports <paramref name="file"/> into <paramref name="incidentId"/>; the error report is stored under the result's import id.</summary>
    /// <exception cref="InputException">Unknown incident.</exception>
    /// <exception cref="CustomerFileException">The file is malformed; nothing was written.</exception>
    public async Task<ImportResult> ImportAsync(string incidentId, Stream file, CsvEncoding encoding, CancellationToken cancellationToken, IProgress<ImportProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        _ = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false)
            ?? throw new InputException($"There is no incident \"{incidentId}\"; create it first (reimburse incident set FILE, or PUT /api/incidents/{{id}}).", "Unknown incident.");
        var importId = RunIds.New(time.GetUtcNow());
        var stopwatch = Stopwatch.StartNew();
        using var staging = new StagingFolder(options.Value.TempFolder, "import-" + importId);
        LogImportStarted(logger, incidentId, importId);

        var pass1 = await StageAsync(incidentId, file, encoding, staging, progress, cancellationToken).ConfigureAwait(false);
        LogStaged(logger, importId, pass1.Rows, pass1.Rejected, stopwatch.ElapsedMilliseconds);
        progress?.Report(new ImportProgress(ImportPhase.Writing, 0, pass1.Rows));

        var counts = new BucketCounts();
        await Parallel.ForEachAsync(pass1.Buckets, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (bucket, ct) =>
            {
                var bucketCounts = await WriteBucketAsync(incidentId, bucket, staging, ct).ConfigureAwait(false);
                counts.Add(bucketCounts);
                progress?.Report(new ImportProgress(ImportPhase.Writing, counts.Written, pass1.Rows));
            }).ConfigureAwait(false);

        var reportPath = staging.PathOf("report.csv");
        await MergeReportAsync(staging, pass1.Buckets, reportPath, cancellationToken).ConfigureAwait(false);
        var result = new ImportResult(importId, incidentId, pass1.Encoding, pass1.Rows, counts.Accepted, counts.Updated, counts.Unchanged,
            pass1.Rejected + counts.Duplicates, pass1.Masked, pass1.IgnoredColumns);
        await using (var report = File.OpenRead(reportPath))
        {
            await files.SaveImportReportAsync(incidentId, importId, report, cancellationToken).ConfigureAwait(false);
        }
        await runs.SaveImportAsync(result, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogImported(logger, incidentId, importId, result.Accepted, result.Updated, result.Unchanged, result.Rejected, stopwatch.ElapsedMilliseconds);
        return result;
    }

    private static async Task<StageResult> StageAsync(string incidentId, Stream file, CsvEncoding encoding, StagingFolder staging, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var problems = new List<CustomerFileProblem>();
        var writers = new StreamWriter?[CustomerBuckets.Count];
        long rows = 0, rejected = 0, masked = 0;
        try
        {
            using var reader = await OpenAsync(file, incidentId, encoding, cancellationToken).ConfigureAwait(false);
            await using var report = staging.CreateText("report-rows.csv");
            while (true)
            {
                CustomerRow? row;
                try
                {
                    row = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (CsvFormatException ex)
                {
                    problems.Add(new CustomerFileProblem(ex.Line, ex.Reason));
                    break;
                }
                if (row is null)
                {
                    break;
                }
                rows++;
                if (rows % ProgressEvery == 0)
                {
                    progress?.Report(new ImportProgress(ImportPhase.Reading, rows, null));
                }
                if (row.Malformed is not null)
                {
                    problems.Add(new CustomerFileProblem(row.Line, row.Malformed));
                    if (problems.Count == MaxProblems)
                    {
                        break;
                    }
                    continue;
                }
                if (problems.Count > 0)
                {
                    // The file will not be imported: keep scanning only for further structural problems.
                    continue;
                }
                foreach (var issue in row.Issues)
                {
                    new ImportReportLine(row.Line, row.CustomerId, issue.Kind, issue.Field, issue.Reason).WriteTo(report);
                }
                if (row.Customer is not { } customer)
                {
                    rejected++;
                    continue;
                }
                if (row.Issues.Count > 0)
                {
                    masked++;
                }
                var bucket = CustomerBuckets.Of(customer.CustomerId);
                var writer = writers[bucket] ??= staging.CreateText(BucketFile(bucket));
                await writer.WriteLineAsync(JsonSerializer.Serialize(new StagedCustomer(row.Line, customer), StagingJson.Default.StagedCustomer).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            if (problems.Count > 0)
            {
                throw new CustomerFileException(problems);
            }
            return new StageResult(reader.EncodingName, rows, rejected, masked, [.. reader.Columns.Ignored],
                [.. Enumerable.Range(0, CustomerBuckets.Count).Where(b => writers[b] is not null)]);
        }
        finally
        {
            foreach (var writer in writers)
            {
                if (writer is not null)
                {
                    await writer.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<CustomerFileReader> OpenAsync(Stream file, string incidentId, CsvEncoding encoding, CancellationToken cancellationToken)
    {
        try
        {
            return await CustomerFileReader.OpenAsync(file, incidentId, encoding, cancellationToken).ConfigureAwait(false);
        }
        catch (CsvFormatException ex)
        {
            throw new CustomerFileException([new CustomerFileProblem(ex.Line, ex.Reason)]);
        }
    }

    // A first import finds every partition empty: its rows go in as plain inserts without reading anything. The
    // first insert that collides (a re-import, or a corrected file) reads the partition's digests once, and from then
    // on rows are classified new / changed / unchanged and only new and changed ones are written.
    private async Task<BucketCounts> WriteBucketAsync(string incidentId, int bucket, StagingFolder staging, CancellationToken cancellationToken)
    {
        var counts = new BucketCounts();
        Dictionary<string, string>? stored = null;
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        var pending = new List<CustomerWrite>(100);
        await using var duplicates = staging.CreateText(DuplicatesFile(bucket));
        using var input = staging.OpenText(BucketFile(bucket));
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } json)
        {
            var staged = JsonSerializer.Deserialize(json, StagingJson.Default.StagedCustomer)!;
            var customer = staged.Customer;
            if (firstLine.TryGetValue(customer.CustomerId, out var first))
            {
                counts.Duplicates++;
                new ImportReportLine(staged.Line, customer.CustomerId, RowIssueKind.Rejected, CustomerField.CustomerId,
                    $"customer_id appears again; the row at line {first.ToString(CultureInfo.InvariantCulture)} was imported.").WriteTo(duplicates);
                continue;
            }
            firstLine[customer.CustomerId] = staged.Line;
            pending.Add(new CustomerWrite(customer, CustomerDigest.Compute(customer), IsNew: true));
            if (pending.Count == 100)
            {
                stored = await FlushAsync(incidentId, bucket, pending, stored, counts, cancellationToken).ConfigureAwait(false);
                pending.Clear();
            }
        }
        await FlushAsync(incidentId, bucket, pending, stored, counts, cancellationToken).ConfigureAwait(false);
        return counts;
    }

    private async Task<Dictionary<string, string>?> FlushAsync(
        string incidentId, int bucket, List<CustomerWrite> pending, Dictionary<string, string>? stored, BucketCounts counts, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return stored;
        }
        if (stored is null)
        {
            if (await customers.TryInsertAsync(incidentId, bucket, pending, cancellationToken).ConfigureAwait(false))
            {
                counts.Accepted += pending.Count;
                return null;
            }
            stored = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var digest in customers.ListDigestsAsync(incidentId, bucket, cancellationToken).ConfigureAwait(false))
            {
                stored[digest.CustomerId] = digest.Digest;
            }
        }
        var writes = new List<CustomerWrite>(pending.Count);
        foreach (var write in pending)
        {
            if (!stored.TryGetValue(write.Customer.CustomerId, out var storedDigest))
            {
                counts.Accepted++;
                writes.Add(write);
            }
            else if (storedDigest == write.Digest)
            {
                counts.Unchanged++;
            }
            else
            {
                counts.Updated++;
                writes.Add(write with { IsNew = false });
            }
        }
        if (writes.Count > 0)
        {
            await customers.WriteAsync(incidentId, bucket, writes, cancellationToken).ConfigureAwait(false);
        }
        return stored;
    }

    // The report lists rows in file order: the pass-1 lines and each bucket's duplicate lines are each in file order,
    // so a k-way merge on the leading line number keeps memory flat.
    private static async Task MergeReportAsync(StagingFolder staging, IReadOnlyList<int> buckets, string path, CancellationToken cancellationToken)
    {
        var sources = new List<StreamReader> { staging.OpenText("report-rows.csv") };
        sources.AddRange(buckets.Select(b => staging.OpenText(DuplicatesFile(b))));
        try
        {
            var queue = new PriorityQueue<(string Text, int Source), long>();
            for (var i = 0; i < sources.Count; i++)
            {
                await EnqueueNextAsync(i).ConfigureAwait(false);
            }
            await using var output = new StreamWriter(path, append: false, CsvText.Utf8WithBom);
            CsvText.WriteLine(output, ImportReportLine.Header);
            while (queue.TryDequeue(out var next, out _))
            {
                await output.WriteAsync(next.Text.AsMemory(), cancellationToken).ConfigureAwait(false);
                await output.WriteAsync("\r\n".AsMemory(), cancellationToken).ConfigureAwait(false);
                await EnqueueNextAsync(next.Source).ConfigureAwait(false);
            }

            async Task EnqueueNextAsync(int source)
            {
                // Report lines never span lines: reasons and customer ids hold no line breaks.
                if (await sources[source].ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
                {
                    var comma = text.IndexOf(',', StringComparison.Ordinal);
                    queue.Enqueue((text, source), long.Parse(text.AsSpan(0, comma), CultureInfo.InvariantCulture));
                }
            }
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }
        }
    }

    private static string BucketFile(int bucket) => "bucket-" + bucket.ToString("x2", CultureInfo.InvariantCulture) + ".jsonl";

    private static string DuplicatesFile(int bucket) => "duplicates-" + bucket.ToString("x2", CultureInfo.InvariantCulture) + ".csv";

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Import {ImportId} into incident {IncidentId} started")]
    private static partial void LogImportStarted(ILogger logger, string incidentId, string importId);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Import {ImportId} staged {Rows} rows ({Rejected} rejected) in {ElapsedMs} ms")]
    private static partial void LogStaged(ILogger logger, string importId, long rows, long rejected, long elapsedMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Import {ImportId} into incident {IncidentId}: {Accepted} new, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected in {ElapsedMs} ms")]
    private static partial void LogImported(ILogger logger, string incidentId, string importId, long accepted, long updated, long unchanged, long rejected, long elapsedMs);

    private sealed record StageResult(string Encoding, long Rows, long Rejected, long Masked, IReadOnlyList<string> IgnoredColumns, IReadOnlyList<int> Buckets);

    private sealed class BucketCounts
    {
        public long Accepted;
        public long Updated;
        public long Unchanged;
        public long Duplicates;

        public long Written => Interlocked.Read(ref Accepted) + Interlocked.Read(ref Updated) + Interlocked.Read(ref Unchanged);

        public void Add(BucketCounts other)
        {
            Interlocked.Add(ref Accepted, other.Accepted);
            Interlocked.Add(ref Updated, other.Updated);
            Interlocked.Add(ref Unchanged, other.Unchanged);
            Interlocked.Add(ref Duplicates, other.Duplicates);
        }
    }
}

/// <summary>Where an import is.</summary>
public enum ImportPhase
{
    Reading,
    Writing,
}

/// <summary>Progress of an import: rows read (pass 1) or rows written (pass 2) of <see cref="Total"/>.</summary>
public readonly record struct ImportProgress(ImportPhase Phase, long Done, long? Total);

internal sealed record StagedCustomer(long Line, AffectedCustomer Customer);

[JsonSerializable(typeof(StagedCustomer))]
internal sealed partial class StagingJson : JsonSerializerContext;

/// <summary>A private temporary folder (mode 0700) deleted with everything in it on dispose: staged rows are personal data.</summary>
internal sealed class StagingFolder : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public StagingFolder(string? parent, string name)
    {
        Path = System.IO.Path.Combine(parent ?? System.IO.Path.GetTempPath(), "reimburse-" + name);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Path { get; }

    public string PathOf(string file) => System.IO.Path.Combine(Path, file);

    public StreamWriter CreateText(string file) => new(PathOf(file), append: false, Utf8, bufferSize: 16 * 1024);

    public StreamReader OpenText(string file) =>
        File.Exists(PathOf(file)) ? new StreamReader(PathOf(file), Utf8) : new StreamReader(Stream.Null, Utf8);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the folder is in the temp area and holds nothing reachable.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
