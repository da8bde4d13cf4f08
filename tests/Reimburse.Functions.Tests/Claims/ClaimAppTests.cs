using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Claims;
using Reimburse.Customers;
using Reimburse.Functions.Claims;
using Reimburse.Incidents;
using Reimburse.Money;
using Reimburse.Statements;
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

    [Theory]
    [InlineData("""{"Data":{"step":"{\"x\":1}"},"Metadata":{"DequeueCount":3}}""", "{\"x\":1}", 3)]
    [InlineData("""{"Data":{"step":{"x":1}},"Metadata":{"DequeueCount":"4"}}""", "{\"x\":1}", 4)]
    [InlineData("""{"Data":{"step":"abc"}}""", "abc", 1)]
    [InlineData("""{"data":{"step":"abc"},"metadata":{"dequeueCount":2}}""", "abc", 2)]
    public async Task A_queue_invocation_yields_the_message_and_its_dequeue_count(string body, string message, long dequeueCount)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        Assert.Equal((message, dequeueCount), await ClaimTriggerEndpoints.ReadQueueInvocationAsync(context.Request, CancellationToken.None));
    }

    [Fact]
    public async Task An_invocation_without_the_binding_is_refused()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"Data":{"other":"x"}}"""));
        await Assert.ThrowsAsync<FormatException>(() => ClaimTriggerEndpoints.ReadQueueInvocationAsync(context.Request, CancellationToken.None));
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
        new ReimburseAppFactory(azurite.ConnectionString, settings).WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            var incidents = new InMemoryIncidents();
            incidents.Add(ClaimsHarness.Incident);
            services.AddSingleton<IIncidentStore>(incidents);
            services.AddSingleton<InMemoryCustomers>();
            services.AddSingleton<IAffectedCustomers>(sp => sp.GetRequiredService<InMemoryCustomers>());
            services.AddSingleton<IStatementReader, FakeReader>();
        }));

    private static async Task<string> SubmitAsync(IServiceProvider services)
    {
        var storage = services.GetRequiredService<ClaimStorage>();
        await storage.EnsureCreatedAsync(CancellationToken.None);
        var claimId = "CL-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var customerId = "C-" + claimId;
        services.GetRequiredService<InMemoryCustomers>().Add(new AffectedCustomer(ClaimsHarness.IncidentId, customerId, "山田 太郎", "ヤマダ タロウ",
            null, null, "100-0001", "東京都", true, [new LeakedCard("VISA", "1234")], [DataCategories.Card]));
        var bytes = Encoding.UTF8.GetBytes(FakeReader.Good + "|" + claimId);
        var blobName = claimId + "/d1.pdf";
        await storage.Statements.GetBlobClient(blobName).UploadAsync(new BinaryData(bytes));
        var document = new DocumentRef("d1", blobName, Convert.ToHexStringLower(SHA256.HashData(bytes)), "application/pdf", bytes.Length, null);
        await services.GetRequiredService<ClaimExecutor>().ExecuteAsync(claimId, new SubmitClaim(
            claimId, ClaimsHarness.IncidentId, customerId, "1234", new Yen(1_100), new DateOnly(2026, 2, 10), ClaimsHarness.PayoutAccount, [document],
            ClaimTerms.From(ClaimsHarness.Incident.Policy))
        { Actor = Actor.Claimant(customerId), At = DateTimeOffset.UtcNow }, CancellationToken.None);
        return claimId;
    }
}
