using System.CommandLine;
using Reimburse.Azure.Emulator;
using Reimburse.Functions.Benchmarks;
using Reimburse.Functions.Local;

namespace Reimburse.Functions.Cli;

/// <summary>
/// `reimburse bench import`: the affected-customer import at Vector's size against the configured storage
/// (<c>Storage__ConnectionString</c>), or a private Azurite started for the run and removed afterwards.
/// </summary>
public static class BenchImportCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows in the generated file.", DefaultValueFactory = _ => ImportBenchmark.VectorRows };
        var sample = new Option<int>("--sample") { Description = "Rows inserted one by one for the comparison.", DefaultValueFactory = _ => 5_000 };
        var parallelism = new Option<int>("--parallelism") { Description = "Partitions written at the same time.", DefaultValueFactory = _ => 8 };
        var command = new Command("import", "Import a generated 261,161-row affected-customer file: rows/s, ratio to one-by-one inserts, peak memory, raw $batch rate.")
        {
            rows, sample, parallelism,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configured = Environment.GetEnvironmentVariable("Storage__ConnectionString");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                await ImportBenchmark.RunAsync(configured, parseResult.GetValue(rows), parseResult.GetValue(sample), parseResult.GetValue(parallelism), Console.Out, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            var dev = DevEnvironment.Locate();
            var location = Path.Combine(Path.GetTempPath(), "reimburse-bench-azurite-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                await using var azurite = await AzuriteEmulator.StartAsync(dev.RepositoryRoot, location, cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"(a private Azurite in {location})");
                await ImportBenchmark.RunAsync(azurite.ConnectionString, parseResult.GetValue(rows), parseResult.GetValue(sample), parseResult.GetValue(parallelism), Console.Out, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            finally
            {
                try
                {
                    Directory.Delete(location, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        });
        return command;
    }
}
