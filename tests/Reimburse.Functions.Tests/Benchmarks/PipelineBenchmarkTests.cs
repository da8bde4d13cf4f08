using Reimburse.Functions.Benchmarks;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Benchmarks;

public sealed class PipelineBenchmarkTests
{
    [Fact]
    public async Task A_small_run_decides_every_claim_in_all_three_passes_and_prints_its_figures()
    {
        // Not a timing test: it keeps `reimburse bench pipeline` working as the app's required settings grow (the app
        // it builds must start); the figures come from the command itself.
        using var output = new StringWriter();
        var options = new PipelineBenchmarkOptions
        {
            NoOpClaims = 3,
            SequentialClaims = 2,
            AzuriteInMemory = true,
            StatementCache = RepoPaths.NewTempFolder("pipeline-bench"),
            DecisionTimeout = TimeSpan.FromMinutes(3),
        };

        await PipelineBenchmark.RunAsync(null, 4, options, output, CancellationToken.None);

        var text = output.ToString();
        Assert.Contains("statements: 4 text PDFs", text, StringComparison.Ordinal);
        Assert.Matches(@"\[local reader\] decided 4 \(", text);
        Assert.Matches(@"\[no-op reader\] decided 3 \(", text);
        Assert.Contains("[no-op reader, one claim at a time] 2 claims: submit→decision p50", text, StringComparison.Ordinal);
    }
}
