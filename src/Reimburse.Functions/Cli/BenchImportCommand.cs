using System.CommandLine;
using Reimburse.Functions.Benchmarks;

namespace Reimburse.Functions.Cli;

/// <summary>
/// `reimburse bench import`: the affected-customer import at Vector's size against the storage given, or a fresh
/// Azurite (in memory unless --azurite-on-disk) started for the run and removed afterwards.
/// </summary>
public static class BenchImportCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows in the generated file.", DefaultValueFactory = _ => ImportBenchmark.VectorRows };
        var sample = new Option<int>("--sample") { Description = "Rows inserted one by one for the comparison (at the start and at the end).", DefaultValueFactory = _ => 5_000 };
        var parallelism = new Option<int>("--parallelism") { Description = "Partitions written at the same time.", DefaultValueFactory = _ => 8 };
        var connection = BenchCommand.ConnectionStringOption();
        var onDisk = new Option<bool>("--azurite-on-disk") { Description = "Let Azurite persist to disk (it re-saves its whole database every 5 s, which slows everything as the table grows)." };
        var command = new Command("import", "Import a generated 261,161-row affected-customer file: rows/s, ratio to one-by-one inserts, peak memory, raw $batch rate.")
        {
            rows, sample, parallelism, connection, onDisk,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(rows) is < 1_000 or > 10_000_000 || parseResult.GetValue(sample) is < 100 or > 100_000 || parseResult.GetValue(parallelism) is < 1 or > 64)
            {
                await Console.Error.WriteLineAsync("--rows must be 1,000–10,000,000, --sample 100–100,000, --parallelism 1–64.").ConfigureAwait(false);
                return 2;
            }
            await using var storage = await BenchStorage.StartAsync(parseResult.GetValue(connection), cancellationToken, inMemory: !parseResult.GetValue(onDisk)).ConfigureAwait(false);
            Console.WriteLine($"storage: {storage.Description}");
            await ImportBenchmark.RunAsync(storage.ConnectionString, parseResult.GetValue(rows), parseResult.GetValue(sample), parseResult.GetValue(parallelism), Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
