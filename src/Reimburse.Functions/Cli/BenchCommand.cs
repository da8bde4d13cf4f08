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
        command.Subcommands.Add(Pipeline());
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

    private static Command Pipeline()
    {
        var claims = new Option<int>("--claims") { Description = "Claims (text-PDF statements, local reader) to push through the HTTP API to decision (1–30,000).", DefaultValueFactory = _ => 10_000 };
        var noOp = new Option<int>("--no-op-claims") { Description = "Claims of the second pass with a reader that answers at once (0 skips it).", DefaultValueFactory = _ => 2_000 };
        var inMemory = new Option<bool>("--azurite-in-memory") { Description = "Run the fresh Azurite in memory (the statements then stay in RAM)." };
        var printOnly = new Option<bool>("--print-only") { Description = "Print and cache the statements (.data/pipeline-bench/N), then stop: prepares a timed run." };
        var connection = ConnectionStringOption();
        var command = new Command("pipeline", "Sign in and submit claims through the HTTP API, read by the local reader, to decision; claims/minute, submit→decision p50/p95, workflow overhead per claim.") { claims, noOp, inMemory, printOnly, connection };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var n = parseResult.GetValue(claims);
            if (n is < 1 or > 30_000)
            {
                await Console.Error.WriteLineAsync("--claims must be between 1 and 30,000.").ConfigureAwait(false);
                return 2;
            }
            await PipelineBenchmark.RunAsync(parseResult.GetValue(connection), n, new PipelineBenchmarkOptions { NoOpClaims = parseResult.GetValue(noOp), AzuriteInMemory = parseResult.GetValue(inMemory), PrintOnly = parseResult.GetValue(printOnly) }, Console.Out, cancellationToken).ConfigureAwait(false);
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
