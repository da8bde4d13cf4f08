using System.Diagnostics;
using System.Globalization;
using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Functions.Benchmarks;

/// <summary>
/// Table insert throughput: the same entities inserted one request each versus entity-group transactions of 100
/// (one partition per transaction), with the same degree of parallelism on both sides, in one run.
/// Wired as <c>reimburse bench storage</c>.
/// </summary>
public static class StorageBenchmark
{
    /// <summary>The default number of entities per side.</summary>
    public const int DefaultCount = 100_000;

    /// <summary>Concurrent requests in flight, the same for both sides.</summary>
    public const int Parallelism = 8;

    private const int BatchSize = 100;

    /// <summary>
    /// Inserts <paramref name="count"/> entities into a fresh table one by one, then the same entities into another fresh
    /// table in transactions of 100, prints both rates, elapsed times and the ratio, and checks that both tables held
    /// <paramref name="count"/> entities. Each table is dropped after its side, before the next side starts.
    /// </summary>
    /// <param name="connectionString">A storage connection string (Azurite or an account).</param>
    /// <param name="count">Entities per side (default <see cref="DefaultCount"/>).</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task RunAsync(string connectionString, int count, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(output);
        var account = StorageAccount.FromConnectionString(connectionString);
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
        var single = account.GetTableClient("benchsingle" + run);
        var batched = account.GetTableClient("benchbatch" + run);
        var partitions = (count + BatchSize - 1) / BatchSize;

        await WriteAsync(output, $"Table insert benchmark: {count:N0} entities per side, {partitions:N0} partitions of up to {BatchSize}, {Parallelism} requests in flight on both sides, endpoint {account.TableService.Uri}.");
        await WriteAsync(output, $"Each side fills its own empty table; the first table is counted and dropped before the second side starts, so both sides run against the same amount of stored data.");
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

        var (singleElapsed, singleStored) = await MeasureAsync(single, cancellationToken, async () =>
            await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, ct) =>
                await single.AddEntityAsync(NewEntity(i), ct)));

        var (batchElapsed, batchStored) = await MeasureAsync(batched, cancellationToken, async () =>
            await Parallel.ForEachAsync(Enumerable.Range(0, partitions), parallel, async (p, ct) =>
                await batched.SubmitTransactionAsync(
                    Enumerable.Range(p * BatchSize, Math.Min(BatchSize, count - (p * BatchSize)))
                        .Select(i => new TableTransactionAction(TableTransactionActionType.Add, NewEntity(i))),
                    ct)));

        var singleRate = count / singleElapsed.TotalSeconds;
        var batchRate = count / batchElapsed.TotalSeconds;
        await WriteAsync(output, $"one by one:          {count:N0} entities in {singleElapsed.TotalSeconds:N2} s = {singleRate:N0} entities/s ({count:N0} requests)");
        await WriteAsync(output, $"transactions of {BatchSize}: {count:N0} entities in {batchElapsed.TotalSeconds:N2} s = {batchRate:N0} entities/s ({partitions:N0} requests)");
        await WriteAsync(output, $"ratio (transactions / one by one): {batchRate / singleRate:N1}x");
        await WriteAsync(output, $"check: {singleStored:N0} and {batchStored:N0} entities stored (expected {count:N0} each){(singleStored == count && batchStored == count ? string.Empty : " MISMATCH")}");
    }

    /// <summary>Creates the table, warms up on a partition the run does not use, times <paramref name="run"/>, counts, drops the table.</summary>
    private static async Task<(TimeSpan Elapsed, int Stored)> MeasureAsync(TableClient table, CancellationToken cancellationToken, Func<Task> run)
    {
        try
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            await table.AddEntityAsync(Row("warmup", "single", 0), cancellationToken);
            await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, Row("warmup", "transaction", 0))], cancellationToken);
            var clock = Stopwatch.StartNew();
            await run();
            clock.Stop();
            return (clock.Elapsed, await CountAsync(table, cancellationToken) - 2);
        }
        finally
        {
            await table.DeleteAsync(CancellationToken.None);
        }
    }

    private static TableEntity NewEntity(int i) => Row(
        "claim-" + (i / BatchSize).ToString("D6", CultureInfo.InvariantCulture),
        (i % BatchSize).ToString("D10", CultureInfo.InvariantCulture),
        i);

    // The shape of a claim event row: keys, a few strings, an amount in yen, a time, a sequence number.
    private static TableEntity Row(string partitionKey, string rowKey, int i) => new(partitionKey, rowKey)
    {
        ["Kind"] = "StatementSubmitted",
        ["Actor"] = "bench",
        ["Reason"] = "benchmark row",
        ["AmountYen"] = 1_100L,
        ["At"] = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
        ["Sequence"] = i,
    };

    private static async Task<int> CountAsync(TableClient table, CancellationToken cancellationToken)
    {
        var total = 0;
        await foreach (var page in table.QueryAsync(select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
        {
            total += page.Values.Count;
        }
        return total;
    }

    private static Task WriteAsync(TextWriter output, FormattableString line) =>
        output.WriteLineAsync(line.ToString(CultureInfo.InvariantCulture));
}
