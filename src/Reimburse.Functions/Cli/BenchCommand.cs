using System.CommandLine;
using Reimburse.Functions.Benchmarks;

namespace Reimburse.Functions.Cli;

/// <summary>`reimburse bench …`: the benchmarks whose output the issue notes quote.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Run a benchmark and print its figures (a fresh Azurite is started unless --connection-string is given).");
        command.Subcommands.Add(Storage());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(BenchImportCommand.Create());
        command.Subcommands.Add(Extract());
        command.Subcommands.Add(Claims());
        return command;
    }

    /// <summary>The storage account option shared by the storage-backed benchmarks.</summary>
    internal static Option<string?> ConnectionStringOption() =>
        new("--connection-string") { Description = "Storage connection string (default: a fresh Azurite in a temp folder)." };

    private static Command Extract()
    {
        var command = new Command("extract", "Generate (or reuse) a statement corpus with ground truth; per-reader accuracy, documents/minute, OCR engine pool vs engine per document.");
        command.SetAction((parseResult, cancellationToken) => ExtractBenchmark.RunAsync(CliConfiguration.Build(), null, Console.Out, cancellationToken));
        return command;
    }

    private static Command Claims()
    {
        var claims = new Option<int>("--claims") { Description = "Claims to push through intake to decision.", DefaultValueFactory = _ => 1_000 };
        var workers = new Option<int>("--workers") { Description = "Queue workers.", DefaultValueFactory = _ => 4 };
        var connection = ConnectionStringOption();
        var command = new Command("claims", "Push claims through the durable runner (no-op reader) and print throughput and latency.") { claims, workers, connection };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await ClaimRunnerBench.RunAsync(parseResult.GetValue(connection), parseResult.GetValue(claims), parseResult.GetValue(workers), Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var count = new Option<int>("--count") { Description = "Claims in the batch.", DefaultValueFactory = _ => 100_000 };
        var command = new Command("export", "Build one batch of N approved claims as a Zengin file and a CSV journal; time and peak memory.") { count };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var n = parseResult.GetValue(count);
            if (n is < 1 or > 999_999)
            {
                await Console.Error.WriteLineAsync("--count must be between 1 and 999,999 (the Zengin trailer holds 6 digits).").ConfigureAwait(false);
                return 2;
            }
            await ExportBenchmark.RunAsync(n, Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Storage()
    {
        var count = new Option<int>("--count") { Description = "Entities to insert each way.", DefaultValueFactory = _ => 100_000 };
        var connection = ConnectionStringOption();
        var onDisk = new Option<bool>("--azurite-on-disk") { Description = "Let Azurite persist to disk (its periodic saves then pause both sides)." };
        var command = new Command("storage", "Insert entities one by one vs in transactions of 100 (spread over partitions); rates and ratio.") { count, connection, onDisk };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var n = parseResult.GetValue(count);
            if (n is < 100 or > 10_000_000)
            {
                await Console.Error.WriteLineAsync("--count must be between 100 and 10,000,000.").ConfigureAwait(false);
                return 2;
            }
            await using var storage = await BenchStorage.StartAsync(parseResult.GetValue(connection), cancellationToken, inMemory: !parseResult.GetValue(onDisk)).ConfigureAwait(false);
            Console.WriteLine($"storage: {storage.Description}");
            await StorageBenchmark.RunAsync(storage.ConnectionString, n, Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
