using Reimburse.Functions.Benchmarks;

namespace Reimburse.Functions.Tests.Benchmarks;

public sealed class ExportBenchmarkTests
{
    [Fact]
    public async Task A_small_run_writes_both_files_and_reports_a_matching_trailer()
    {
        // Not a timing test: it keeps the benchmark itself working; the figures come from `reimburse bench export`.
        using var output = new StringWriter();

        await ExportBenchmark.RunAsync(300, output, CancellationToken.None);

        var text = output.ToString();
        Assert.Contains("36,966 bytes = 303 records x 122 (ok)", text, StringComparison.Ordinal);
        Assert.Contains("trailer 300 / ¥277,800 (matches)", text, StringComparison.Ordinal);
        Assert.Contains("301 rows incl. header", text, StringComparison.Ordinal);
    }
}
