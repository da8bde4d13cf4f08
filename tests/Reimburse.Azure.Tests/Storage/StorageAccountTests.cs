using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Reimburse.Azure.Storage;
using Reimburse.Testing;

namespace Reimburse.Azure.Tests.Storage;

public sealed class StorageAccountTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Clients_from_one_account_reach_all_three_services()
    {
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        var suffix = Guid.NewGuid().ToString("N")[..10];

        await account.GetTableClient("claims" + suffix).CreateIfNotExistsAsync();
        await account.GetBlobContainerClient("statements-" + suffix).CreateIfNotExistsAsync();
        await account.GetQueueClient("steps-" + suffix).CreateIfNotExistsAsync();
        await account.GetQueueClient("steps-" + suffix).SendMessageAsync("hello");

        Assert.Equal(1, (await account.GetQueueClient("steps-" + suffix).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.True((await account.GetBlobContainerClient("statements-" + suffix).ExistsAsync()).Value);
    }

    [Fact]
    public async Task Health_check_reports_all_three_services_healthy_on_azurite()
    {
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);

        var report = await account.CheckHealthAsync();

        Assert.True(report.IsHealthy, string.Join("; ", report.Services.Select(s => $"{s.Service}: {s.Description}")));
        Assert.Equal([StorageService.Blob, StorageService.Queue, StorageService.Table], report.Services.Select(s => s.Service));
        Assert.All(report.Services, s => Assert.Equal(200, s.Status));
    }

    [Fact]
    public async Task Health_check_reports_a_dead_endpoint_quickly_without_retrying()
    {
        var dead = ClosedPort();
        var connectionString = azurite.ConnectionString.Replace(
            $"127.0.0.1:{azurite.Azurite.QueuePort}", $"127.0.0.1:{dead}", StringComparison.Ordinal);
        var account = StorageAccount.FromConnectionString(connectionString, new StorageAccountOptions { HealthCheckTimeout = TimeSpan.FromSeconds(10) });

        var clock = Stopwatch.StartNew();
        var report = await account.CheckHealthAsync();

        Assert.False(report.IsHealthy);
        var queue = report.Services.Single(s => s.Service == StorageService.Queue);
        Assert.False(queue.IsHealthy);
        Assert.Null(queue.Status);
        Assert.StartsWith("unreachable", queue.Description, StringComparison.Ordinal);
        Assert.True(report.Services.Single(s => s.Service == StorageService.Table).IsHealthy);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Health_check_reports_a_wrong_key_as_403()
    {
        var wrongKey = azurite.ConnectionString.Replace(AzuriteProcess.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);

        var report = await StorageAccount.FromConnectionString(wrongKey).CheckHealthAsync();

        Assert.All(report.Services, s => Assert.Equal((false, 403), (s.IsHealthy, s.Status)));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
