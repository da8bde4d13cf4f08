using System.Net;
using System.Text.Json;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_reports_healthy_while_storage_answers_and_unhealthy_with_503_when_it_does_not()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        using var factory = new ReimburseAppFactory(azurite.ConnectionString);
        using var client = factory.CreateClient();

        var healthy = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        using (var json = JsonDocument.Parse(await healthy.Content.ReadAsStringAsync()))
        {
            Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("healthy", json.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        }

        await azurite.StopAsync();
        var unhealthy = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        var body = await unhealthy.Content.ReadAsStringAsync();
        Assert.Contains("\"unhealthy\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteProcess.AccountKey, body, StringComparison.Ordinal);
    }
}
