using Reimburse.Functions.Benchmarks;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Benchmarks;

[Collection(Claims.ClaimsAzuriteCollection.Name)]
public sealed class ClaimRunnerBenchTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_claims_benchmark_runs_claims_to_approval_and_prints_its_figures()
    {
        using var output = new StringWriter();
        await ClaimRunnerBench.RunAsync(azurite.ConnectionString, claims: 4, workers: 2, output, CancellationToken.None);
        var text = output.ToString();
        Assert.Contains("4 claims, 2 worker(s)", text, StringComparison.Ordinal);
        Assert.Contains("claims/s to approval", text, StringComparison.Ordinal);
        Assert.Contains("p95", text, StringComparison.Ordinal);
    }
}
