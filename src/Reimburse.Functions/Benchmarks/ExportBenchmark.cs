using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Reimburse.Banking;
using Reimburse.Functions.Payouts;
using Reimburse.Money;
using Reimburse.Payouts;

namespace Reimburse.Functions.Benchmarks;

/// <summary>
/// `reimburse bench export`: builds a batch of <c>count</c> generated claims against the real bank list and writes
/// its Zengin file and CSV journal to a temporary folder, printing time and memory. The items are generated as a
/// stream and never held together, as they would be read from storage, so the managed heap must stay flat whatever
/// the count: compare a run at 10,000 with one at 100,000.
/// </summary>
public static class ExportBenchmark
{
    private const int SampleEvery = 1_000;

    // Typical refunds (reissue fees incl. tax) and holder names, cycled through by the generator.
    private static readonly long[] Amounts = [1_100, 1_000, 550, 1_650, 330];

    private static readonly string[] Names =
    [
        "ヤマダ タロウ", "スズキ ハナコ", "サトウ ジロウ", "タカハシ ユウコ", "タナカ ショウタ", "ワタナベ キョウコ",
        "イトウ リョウ", "ヤマモト マユミ", "ナカムラ ケンイチ", "コバヤシ サクラ", "カトウ ユウキ", "ヨシダ ミホ",
    ];

    public static async Task RunAsync(int count, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, ZenginTransferFile.MaxCount);
        ArgumentNullException.ThrowIfNull(output);
        var process = Process.GetCurrentProcess();

        var dataPath = ZenginCodeBankDirectory.Locate(null, out var searched)
            ?? throw new InvalidOperationException("The zengin-code bank list was not found (looked in " + string.Join(", ", searched) + "); run `npm ci`.");
        var heapBeforeList = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var banks = ZenginCodeBankDirectory.Load(dataPath);
        var loadTime = watch.Elapsed;
        var listBytes = GC.GetTotalMemory(forceFullCollection: true) - heapBeforeList;

        var accounts = PickAccounts(banks, 1_000);
        var transferDate = new DateOnly(2026, 3, 2);
        var total = Enumerable.Range(0, count).Sum(i => Amounts[i % Amounts.Length]);
        var manifest = new PayoutManifest("B-BENCH-" + count.ToString(CultureInfo.InvariantCulture), 1, transferDate, count, new Yen(total));
        var requester = ZenginRequesterOptions.Development().ToRequester(banks);

        var folder = Path.Combine(Path.GetTempPath(), "reimburse-bench-export-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var heap = new HeapSampler(count);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            heap.Sample();
            heap.SampleLive();

            var zenginPath = Path.Combine(folder, "batch.zengin.txt");
            watch.Restart();
            ZenginFileSummary zengin;
            var zenginStream = File.Create(zenginPath);
            await using (zenginStream.ConfigureAwait(false))
            {
                zengin = await PayoutExport.WriteZenginAsync(zenginStream, manifest, requester, heap.Watch(Generate(count, accounts, cancellationToken)), banks, cancellationToken).ConfigureAwait(false);
            }
            var zenginTime = watch.Elapsed;

            var journalPath = Path.Combine(folder, "batch.journal.csv");
            watch.Restart();
            PayoutJournalSummary journal;
            var journalStream = File.Create(journalPath);
            await using (journalStream.ConfigureAwait(false))
            {
                journal = await PayoutExport.WriteJournalAsync(journalStream, manifest, heap.Watch(Generate(count, accounts, cancellationToken)), banks, cancellationToken).ConfigureAwait(false);
            }
            var journalTime = watch.Elapsed;

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var heapAfter = GC.GetTotalMemory(forceFullCollection: false);
            var trailer = await ReadTrailerAsync(zenginPath, cancellationToken).ConfigureAwait(false);
            var trailerOk = trailer == (count, total) && zengin.Count == count && zengin.Total.Amount == total;
            var sizeOk = new FileInfo(zenginPath).Length == (count + 3L) * ZenginTransferFile.LineLength;
            process.Refresh();

            var inv = CultureInfo.InvariantCulture;
            output.WriteLine(string.Create(inv, $"bench export: {count:N0} claims in one batch, transfer date {transferDate:yyyy-MM-dd}"));
            output.WriteLine(string.Create(inv, $"  bank list    zengin-code {banks.Version}: {banks.BankCount:N0} banks, {banks.BranchCount:N0} branches; loaded in {loadTime.TotalMilliseconds:N0} ms, retains {Mb(listBytes)} managed"));
            output.WriteLine(string.Create(inv, $"  zengin file  {zengin.Bytes:N0} bytes = {count + 3:N0} records x 122 {(sizeOk ? "(ok)" : "(WRONG SIZE)")}; trailer {trailer.Count:N0} / {new Yen(trailer.Total)} {(trailerOk ? "(matches)" : "(MISMATCH)")}; {zenginTime.TotalSeconds:N2} s, {count / zenginTime.TotalSeconds:N0} transfers/s"));
            output.WriteLine(string.Create(inv, $"  csv journal  {journal.Bytes:N0} bytes, {journal.Count + 1:N0} rows incl. header; {journalTime.TotalSeconds:N2} s, {count / journalTime.TotalSeconds:N0} rows/s"));
            output.WriteLine(string.Create(inv, $"  total        {(zenginTime + journalTime).TotalSeconds:N2} s for both files"));
            output.WriteLine(string.Create(inv, $"  memory       live managed heap {Mb(heap.LiveMin)}–{Mb(heap.LiveMax)} (after a full GC, at the start and at every {Math.Max(count / 10, 1):N0}th item of both files; the bank list included)"));
            output.WriteLine(string.Create(inv, $"               managed heap incl. uncollected garbage: peak {Mb(heap.Peak)} (every {SampleEvery:N0} items), {Mb(heapAfter)} after"));
            output.WriteLine(string.Create(inv, $"               allocated {Mb(allocated)} in total = {allocated / count:N0} bytes per claim, all short-lived; GCs gen0 {GC.CollectionCount(0) - gcBefore.Item1}, gen1 {GC.CollectionCount(1) - gcBefore.Item2}, gen2 {GC.CollectionCount(2) - gcBefore.Item3} (incl. those forced by the {heap.LiveSamples} live samples)"));
            output.WriteLine(string.Create(inv, $"               process peak working set {Mb(process.PeakWorkingSet64)}, working set now {Mb(process.WorkingSet64)}"));
            if (!trailerOk || !sizeOk)
            {
                throw new InvalidOperationException("The exported file does not match the batch.");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MB";

    // A spread of real bank/branch pairs, so the exporter's lookups hit the whole index.
    private static (string Bank, string Branch)[] PickAccounts(IBankDirectory banks, int how)
    {
        var all = banks.SearchBanks("", int.MaxValue);
        var picked = new List<(string, string)>(how);
        for (var i = 0; picked.Count < how && i < how * 4; i++)
        {
            var bank = all[(i * 7919) % all.Count];
            var branches = banks.SearchBranches(bank.Code, "", 50);
            if (branches.Count > 0)
            {
                picked.Add((bank.Code, branches[i % branches.Count].Code));
            }
        }
        return [.. picked];
    }

    private static async IAsyncEnumerable<PayoutItem> Generate(
        int count, (string Bank, string Branch)[] accounts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (bank, branch) = accounts[i % accounts.Length];
            var line = i + 1;
            yield return new PayoutItem(
                line,
                "CLM" + line.ToString("D8", CultureInfo.InvariantCulture),
                "bench-incident",
                "CUST" + line.ToString("D8", CultureInfo.InvariantCulture),
                new BankAccount(bank, branch, AccountType.Ordinary, ((i * 7_654_321L) % 10_000_000).ToString("D7", CultureInfo.InvariantCulture), Names[i % Names.Length]),
                new Yen(Amounts[i % Amounts.Length]));
            if (line % 4_096 == 0)
            {
                // As a storage page boundary would: the consumer continues asynchronously.
                await Task.Yield();
            }
        }
    }

    private static async Task<(int Count, long Total)> ReadTrailerAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[ZenginTransferFile.LineLength];
            stream.Seek(-2L * ZenginTransferFile.LineLength, SeekOrigin.End);
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            var record = ZenginTransferFile.ShiftJis.GetString(buffer, 0, ZenginTransferFile.RecordLength);
            if (record[0] != '8')
            {
                throw new InvalidOperationException("The second-last record is not the trailer.");
            }
            return (int.Parse(record.AsSpan(1, 6), NumberStyles.None, CultureInfo.InvariantCulture),
                long.Parse(record.AsSpan(7, 12), NumberStyles.None, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Samples the managed heap while items stream through: cheaply every <see cref="SampleEvery"/> items (a figure
    /// that includes garbage not yet collected, so it depends on the GC's budget), and after a full collection ten
    /// times per pass (what is really held: this is the figure that must not grow with the count).
    /// </summary>
    private sealed class HeapSampler(int count)
    {
        private readonly int _liveEvery = Math.Max(count / 10, 1);

        public long Peak { get; private set; }

        public long LiveMin { get; private set; } = long.MaxValue;

        public long LiveMax { get; private set; }

        public int LiveSamples { get; private set; }

        public void Sample() => Peak = Math.Max(Peak, GC.GetTotalMemory(forceFullCollection: false));

        public void SampleLive()
        {
            var live = GC.GetTotalMemory(forceFullCollection: true);
            LiveMin = Math.Min(LiveMin, live);
            LiveMax = Math.Max(LiveMax, live);
            LiveSamples++;
        }

        public async IAsyncEnumerable<PayoutItem> Watch(IAsyncEnumerable<PayoutItem> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var n = 0;
            await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                n++;
                if (n % SampleEvery == 0)
                {
                    Sample();
                }
                if (n % _liveEvery == 0)
                {
                    SampleLive();
                }
                yield return item;
            }
            Sample();
        }
    }
}
