using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Finance;

namespace Reimburse.Functions.Cli;

/// <summary>
/// `reimburse settle FILE --batch ID`: records the bank's result for a batch from a CSV (請求ID, 結果, 不能事由) — the
/// same service as <c>POST /api/finance/batches/{id}/settlement</c>. A file with any error is refused whole, with
/// every error's line. Exit codes: 0 recorded; 1 refused (or a claim changed meanwhile: import the file again);
/// 2 configuration.
/// </summary>
public static class SettleCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The bank's result as CSV with the columns 請求ID, 結果, 不能事由 (UTF-8 or Shift_JIS)." };
        var batch = new Option<string>("--batch") { Description = "The batch the results are for.", Required = true };
        var actor = FinanceCommandServices.AsOption();
        var command = new Command("settle", "Record the bank's result for a batch: paid, or returned with a reason (exit 0 recorded, 1 refused with line numbers, 2 configuration).")
        {
            file, batch, actor,
        };
        command.SetAction((parseResult, cancellationToken) => CustomerCommandServices.RunAsync(FinanceCommandServices.Register, async services =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName}: no such file.").ConfigureAwait(false);
                return FinanceCommandServices.Refused;
            }
            var limit = services.GetRequiredService<IOptions<FinanceOptions>>().Value.MaxSettlementMegabytes;
            if (path.Length > limit * 1024L * 1024L)
            {
                await Console.Error.WriteLineAsync($"{path.Name} is larger than {limit} MB.").ConfigureAwait(false);
                return FinanceCommandServices.Refused;
            }
            await FinanceCommandServices.EnsureStorageAsync(services, cancellationToken).ConfigureAwait(false);
            var batchId = parseResult.GetValue(batch)!;
            var content = await File.ReadAllBytesAsync(path.FullName, cancellationToken).ConfigureAwait(false);
            var report = await services.GetRequiredService<BatchSettlements>()
                .ImportAsync(batchId, content, FinanceCommandServices.Actor(parseResult.GetValue(actor)), cancellationToken).ConfigureAwait(false);
            if (report is null)
            {
                await Console.Error.WriteLineAsync($"There is no batch \"{batchId}\".").ConfigureAwait(false);
                return FinanceCommandServices.Refused;
            }
            if (!report.Recorded)
            {
                await Console.Error.WriteLineAsync($"{path.Name} was not recorded (nothing was changed); correct these lines and run it again:").ConfigureAwait(false);
            }
            foreach (var error in report.Errors)
            {
                await Console.Error.WriteLineAsync($"  {path.Name}: {error}").ConfigureAwait(false);
            }
            if (report.Recorded)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Batch {report.BatchId}: {report.Lines:N0} result line(s) — paid {report.Paid:N0}, returned {report.Returned:N0} (each claimant is asked for a corrected account), already recorded {report.Unchanged:N0}."));
            }
            return report.Applied ? FinanceCommandServices.Ok : FinanceCommandServices.Refused;
        }, cancellationToken));
        return command;
    }
}
