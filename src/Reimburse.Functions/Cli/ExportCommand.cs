using System.CommandLine;
using System.Globalization;
using Reimburse.Functions.Finance;

namespace Reimburse.Functions.Cli;

/// <summary>
/// `reimburse export [--incident ID] [--max N] [--transfer-date YYYY-MM-DD] [--out DIR]`: finance's batch from the
/// command line — the same service as <c>POST /api/finance/batches</c> — and its two files written to a folder.
/// <c>--batch ID</c> writes an exported batch's files again (the same bytes); <c>--complete ID</c> completes a batch
/// whose builder stopped half-way. Exit codes: 0 done; 1 refused (bad input, nothing to export, a file already there:
/// the message says which); 2 configuration (no storage, invalid settings).
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var incident = new Option<string?>("--incident") { Description = "Only this incident's approved claims." };
        var max = new Option<int?>("--max") { Description = "At most N claims (default: all waiting, up to 999,999)." };
        var transferDate = new Option<string?>("--transfer-date") { Description = "振込指定日, YYYY-MM-DD, a weekday (default: the second weekday from today in Japan)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for the Zengin file and the journal (default: the current folder)." };
        var batch = new Option<string?>("--batch") { Description = "Write the files of this exported batch again (identical bytes) instead of creating a batch." };
        var complete = new Option<string?>("--complete") { Description = "Complete this batch, whose builder stopped half-way, and write its files." };
        var actor = FinanceCommandServices.AsOption();
        var command = new Command("export", "Create a batch of approved, unbatched claims; write its Zengin 総合振込 file and CSV journal (exit 0 done, 1 refused, 2 configuration).")
        {
            incident, max, transferDate, output, batch, complete, actor,
        };
        command.SetAction((parseResult, cancellationToken) => CustomerCommandServices.RunAsync(FinanceCommandServices.Register, async services =>
        {
            var folder = parseResult.GetValue(output)?.FullName ?? Environment.CurrentDirectory;
            if (!Directory.Exists(folder))
            {
                await Console.Error.WriteLineAsync($"{folder}: no such folder.").ConfigureAwait(false);
                return FinanceCommandServices.Refused;
            }
            if (parseResult.GetValue(batch) is not null && parseResult.GetValue(complete) is not null)
            {
                await Console.Error.WriteLineAsync("Give --batch or --complete, not both.").ConfigureAwait(false);
                return FinanceCommandServices.Refused;
            }
            await FinanceCommandServices.EnsureStorageAsync(services, cancellationToken).ConfigureAwait(false);
            var batches = services.GetRequiredService<PayoutBatches>();
            PayoutBatch? made;
            if (parseResult.GetValue(batch) is { } existing)
            {
                made = await batches.GetAsync(existing, cancellationToken).ConfigureAwait(false);
            }
            else if (parseResult.GetValue(complete) is { } stopped)
            {
                made = await batches.CompleteAsync(stopped, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                made = await batches.CreateAsync(parseResult.GetValue(incident), parseResult.GetValue(max),
                    FinanceEndpoints.ParseDate(parseResult.GetValue(transferDate)), FinanceCommandServices.Actor(parseResult.GetValue(actor)), cancellationToken).ConfigureAwait(false);
            }
            if (made is null)
            {
                await Console.Error.WriteLineAsync($"There is no batch \"{parseResult.GetValue(batch) ?? parseResult.GetValue(complete)}\".").ConfigureAwait(false);
                return FinanceCommandServices.Refused;
            }
            if (made.Zengin is null || made.Journal is null)
            {
                await Console.Error.WriteLineAsync($"Batch {made.BatchId} is still being built; if its builder stopped, run: reimburse export --complete {made.BatchId}").ConfigureAwait(false);
                return FinanceCommandServices.Refused;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Batch {made.BatchId} (number {made.Number}): {made.Count:N0} transfers, {made.Total}, transfer date {made.TransferDate:yyyy-MM-dd}."));
            var store = services.GetRequiredService<PayoutBatchStore>();
            var failed = false;
            foreach (var (label, file) in new[] { ("Zengin file ", made.Zengin), ("CSV journal ", made.Journal) })
            {
                var path = Path.Combine(folder, Path.GetFileName(file.BlobName));
                if (!await WriteAsync(store, file, path, cancellationToken).ConfigureAwait(false))
                {
                    await Console.Error.WriteLineAsync($"{path} already exists and was not overwritten; write the files elsewhere: reimburse export --batch {made.BatchId} --out DIR").ConfigureAwait(false);
                    failed = true;
                    continue;
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label} {path}  ({file.Bytes:N0} bytes, sha256 {file.Sha256})"));
            }
            Console.WriteLine($"Upload the Zengin file to the bank; record its result with: reimburse settle RESULT.csv --batch {made.BatchId}");
            return failed ? FinanceCommandServices.Refused : FinanceCommandServices.Ok;
        }, cancellationToken));
        return command;
    }

    // The stored bytes, into a new file only this user can read (it holds account numbers).
    private static async Task<bool> WriteAsync(PayoutBatchStore store, BatchFile file, string path, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        FileStream target;
        try
        {
            target = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        await using (target.ConfigureAwait(false))
        {
            var stored = await store.OpenAsync(file.BlobName, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{file.BlobName} is missing from storage.");
            await using (stored.ConfigureAwait(false))
            {
                await stored.Content.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }
        return true;
    }
}
