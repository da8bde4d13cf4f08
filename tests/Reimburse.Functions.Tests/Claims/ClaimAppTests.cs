using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Claims;

/// <summary>The runner inside the app: the local queue runner as `reimburse up` starts it, and the endpoints the Functions host calls.</summary>
[Collection(ClaimsAzuriteCollection.Name)]
public sealed class ClaimAppTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_app_runs_submitted_claims_to_approval_with_its_own_queue_runner()
    {
        using var factory = App(new() { ["Claims:MaxPollingInterval"] = "00:00:00.200" });
        var services = factory.Services;
        var claimId = await SubmitAsync(services);
        var store = services.GetRequiredService<ClaimStore>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await store.LoadAsync(claimId, CancellationToken.None)).Status != ClaimStatus.Approved)
        {
            Assert.True(DateTime.UtcNow < deadline, "the app's runner did not approve the claim");
            await Task.Delay(100);
        }
        Assert.True(services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ClaimQueueRunner>().Single().Enabled);
    }

    [Fact]
    public async Task The_trigger_endpoints_exist_only_when_asked_for()
    {
        using var factory = App(new() { ["Claims:RunLocalQueues"] = "false" });
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync(new Uri("/ClaimSteps", UriKind.Relative), new { Data = new { step = "{}" } });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ClaimQueueRunner>().Single().Enabled);
    }

    [Fact]
    public async Task The_functions_host_drives_steps_poison_and_sweeper_through_the_trigger_endpoints()
    {
        using var factory = App(new() { ["Claims:RunLocalQueues"] = "false", ["Claims:MapTriggerEndpoints"] = "true" });
        using var client = factory.CreateClient();
        var services = factory.Services;
        var claimId = await SubmitAsync(services);
        var store = services.GetRequiredService<ClaimStore>();
        var state = await store.LoadAsync(claimId, CancellationToken.None);
        var step = ClaimJson.Serialize(Assert.Single(ClaimWorkflow.NextSteps(state, DateTimeOffset.UtcNow)));

        // As the host sends it: the message as a JSON string under the binding's name, the dequeue count in Metadata.
        using (var done = await client.PostAsync(new Uri("/ClaimSteps", UriKind.Relative), Invocation(step, 1)))
        {
            Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
            Assert.Contains("\"Outputs\"", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(ClaimStatus.Validating, (await store.LoadAsync(claimId, CancellationToken.None)).Status);

        // A failure answers 500, so that the host retries and finally moves the message to the poison queue.
        using (var failed = await client.PostAsync(new Uri("/ClaimSteps", UriKind.Relative), Invocation("not a step", 2)))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using (var poisoned = await client.PostAsync(new Uri("/ClaimStepsPoison", UriKind.Relative), Invocation(step, 1)))
        {
            Assert.Equal(HttpStatusCode.OK, poisoned.StatusCode);
        }
        var flagged = await store.LoadAsync(claimId, CancellationToken.None);
        Assert.Equal("ExtractDocument:d1", flagged.Attention!.StepKey);

        using var swept = await client.PostAsync(new Uri("/ClaimSweeper", UriKind.Relative), new StringContent("""{"Data":{"timer":{}},"Metadata":{}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, swept.StatusCode);
    }

    // The shape the Functions host posts (PascalCase members, the message as a JSON string).
    private static StringContent Invocation(string message, long dequeueCount) => new(
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Data"] = new Dictionary<string, object> { ["step"] = message },
            ["Metadata"] = new Dictionary<string, object> { ["DequeueCount"] = dequeueCount, ["Id"] = Guid.NewGuid().ToString() },
        }),
        Encoding.UTF8,
        "application/json");

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> App(Dictionary<string, string?> settings) =>
        ClaimApp.Create(azurite.ConnectionString, settings);

    private static Task<string> SubmitAsync(IServiceProvider services) => ClaimApp.SubmitAsync(services);
}
