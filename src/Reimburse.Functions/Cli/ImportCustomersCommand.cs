using System.CommandLine;
using System.Globalization;
using Reimburse.Customers;
using Reimburse.Functions.Customers;

namespace Reimburse.Functions.Cli;

/// <summary>`reimburse import-customers --incident ID FILE`: imports an affected-customer CSV and writes its error report.</summary>
public static class ImportCustomersCommand
{
    public static Command Create()
    {
        var incident = new Option<string>("--incident") { Description = "The incident to import into.", Required = true };
        var encoding = new Option<string>("--encoding") { Description = "auto (default), utf-8 or shift_jis.", DefaultValueFactory = _ => "auto" };
        var report = new Option<FileInfo?>("--report") { Description = "Where to write the error report (default: FILE.errors.csv beside the file)." };
        var file = new Argument<FileInfo>("FILE") { Description = "The CSV file (UTF-8 with or without BOM, or Shift_JIS)." };
        var command = new Command("import-customers", "Import an incident's affected-customer list (idempotent: re-importing updates, never duplicates).")
        {
            incident, encoding, report, file,
        };
        command.SetAction((parseResult, cancellationToken) => CustomerCommandServices.RunAsync(async services =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName}: no such file.").ConfigureAwait(false);
                return 1;
            }
            if (!CustomerEndpoints.TryParseEncoding(parseResult.GetValue(encoding), out var csvEncoding))
            {
                await Console.Error.WriteLineAsync("--encoding must be auto, utf-8 or shift_jis.").ConfigureAwait(false);
                return 1;
            }
            var reportPath = parseResult.GetValue(report)?.FullName ?? Path.ChangeExtension(path.FullName, ".errors.csv");
            var incidentId = parseResult.GetValue(incident)!;
            ImportResult result;
            await using (var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan))
            {
                try
                {
                    result = await services.GetRequiredService<CustomerImporter>().ImportAsync(incidentId, stream, csvEncoding, cancellationToken).ConfigureAwait(false);
                }
                catch (CustomerFileException ex)
                {
                    await Console.Error.WriteLineAsync($"{path.Name} was not imported (nothing was written):").ConfigureAwait(false);
                    foreach (var problem in ex.Problems)
                    {
                        await Console.Error.WriteLineAsync("  " + problem).ConfigureAwait(false);
                    }
                    return 1;
                }
            }
            var files = services.GetRequiredService<ICustomerFiles>();
            await using (var stored = await files.OpenImportReportAsync(incidentId, result.ImportId, cancellationToken).ConfigureAwait(false))
            await using (var local = File.Create(reportPath))
            {
                await stored!.CopyToAsync(local, cancellationToken).ConfigureAwait(false);
            }
            var n = (long v) => v.ToString("#,0", CultureInfo.InvariantCulture).PadLeft(9);
            Console.WriteLine($"Imported {path.Name} into {incidentId} ({result.Encoding}), import {result.ImportId}: {result.Rows:#,0} rows");
            Console.WriteLine($"  accepted (new)       {n(result.Accepted)}");
            Console.WriteLine($"  updated              {n(result.Updated)}");
            Console.WriteLine($"  unchanged            {n(result.Unchanged)}");
            Console.WriteLine($"  rejected             {n(result.Rejected)}   report: {reportPath}");
            Console.WriteLine($"  card numbers masked  {n(result.CardNumbersMasked)}");
            if (result.IgnoredColumns.Count > 0)
            {
                Console.WriteLine($"  ignored columns: {string.Join(", ", result.IgnoredColumns)}");
            }
            return 0;
        }, cancellationToken));
        return command;
    }
}
