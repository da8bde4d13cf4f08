using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Hosting;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Claims;

/// <summary>
/// The custom-handler contract with the Azure Functions host: invocations shaped exactly as the host posts them for the
/// queue and timer triggers of functions/*, answered with Outputs/Logs/ReturnValue on success and a server error on
/// failure — through the same processor code the local runner uses.
/// </summary>
[Collection(ClaimsAzuriteCollection.Name)]
public sealed class ClaimTriggerContractTests(AzuriteFixture azurite)
{
    private readonly LogCapture _logs = new();

    [Fact]
    public async Task A_queue_invocation_exactly_as_the_host_sends_it_runs_the_step_with_the_local_runners_code()
    {
        using var app = HostedApp();
        using var client = app.CreateClient();
        var claimId = await ClaimApp.SubmitAsync(app.Services);
        var step = await NextStepAsync(app, claimId);
        var messageId = Guid.NewGuid().ToString();

        using var response = await client.PostAsync(new Uri("/" + ClaimTriggerEndpoints.StepsFunction, UriKind.Relative), QueueInvocation(ClaimJson.Serialize(step), 1, messageId));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var answer = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, answer.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal("Claim step: Done", Assert.Single(answer.RootElement.GetProperty("Logs").EnumerateArray()).GetString());
        Assert.Equal(JsonValueKind.Null, answer.RootElement.GetProperty("ReturnValue").ValueKind);
        Assert.Equal(ClaimStatus.Validating, (await app.Services.GetRequiredService<ClaimStore>().LoadAsync(claimId, CancellationToken.None)).Status);
        // The processor's own record of a delivery, with the host's message id: the runner's code path ran.
        Assert.Contains(_logs.Entries, e => e.Event.Id == 5300 && e.Message.Contains(messageId, StringComparison.Ordinal) && e.Message.Contains("Done (delivery 1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_the_host_hands_over_already_parsed_runs_the_same_way()
    {
        using var app = HostedApp();
        using var client = app.CreateClient();
        var claimId = await ClaimApp.SubmitAsync(app.Services);
        var step = await NextStepAsync(app, claimId);
        var invocation = "{\"Data\":{\"step\":" + ClaimJson.Serialize(step) + "},\"Metadata\":{\"DequeueCount\":1,\"Id\":\"m-1\"}}";

        using var response = await client.PostAsync(new Uri("/" + ClaimTriggerEndpoints.StepsFunction, UriKind.Relative), new StringContent(invocation, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ClaimStatus.Validating, (await app.Services.GetRequiredService<ClaimStore>().LoadAsync(claimId, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_failing_step_answers_a_server_error_so_that_the_host_retries_it_and_poisons_it_after_five_attempts()
    {
        using var app = HostedApp();
        using var client = app.CreateClient();
        var claimId = await ClaimApp.SubmitAsync(app.Services, FakeReader.Boom);
        var message = ClaimJson.Serialize(await NextStepAsync(app, claimId));
        var store = app.Services.GetRequiredService<ClaimStore>();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var failed = await client.PostAsync(new Uri("/" + ClaimTriggerEndpoints.StepsFunction, UriKind.Relative), QueueInvocation(message, attempt, "m-boom"));
            // Non-success fails the invocation: the host makes the message visible again after host.json's
            // visibilityTimeout and, after maxDequeueCount (5), moves it to claim-steps-poison. The handler never
            // poisons on its own under the host.
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Contains(_logs.Entries, e => e.Event.Id == 5301 && e.Message.Contains("m-boom failed on delivery " + attempt.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            Assert.Null((await store.LoadAsync(claimId, CancellationToken.None)).Attention);
        }
        // The reader's message (which may quote the document) is in no log line: failures are logged by type only.
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("The reader crashed", StringComparison.Ordinal));

        // The host's ClaimStepsPoison function receives the message from the poison queue (its own first delivery).
        using var poisoned = await client.PostAsync(new Uri("/" + ClaimTriggerEndpoints.PoisonFunction, UriKind.Relative), QueueInvocation(message, 1, "m-poison", ClaimTriggerEndpoints.PoisonFunction));
        Assert.Equal(HttpStatusCode.OK, poisoned.StatusCode);
        var flagged = await store.LoadAsync(claimId, CancellationToken.None);
        Assert.Equal("ExtractDocument:d1", flagged.Attention!.StepKey);
        Assert.Equal(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClaimsOptions>>().Value.MaxDequeueCount, flagged.Attention.Attempts);
    }

    [Theory]
    [InlineData(ClaimTriggerEndpoints.SweeperFunction)]
    [InlineData(ClaimTriggerEndpoints.TimersFunction)]
    [InlineData(ClaimTriggerEndpoints.RetentionFunction)]
    public async Task A_timer_invocation_exactly_as_the_host_sends_it_runs_its_job(string function)
    {
        using var app = HostedApp();
        using var client = app.CreateClient();

        using var response = await client.PostAsync(new Uri("/" + function, UriKind.Relative), TimerInvocation(function));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var answer = JsonDocument.Parse(body);
        Assert.StartsWith(function + ": ", Assert.Single(answer.RootElement.GetProperty("Logs").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reimburse.azurewebsites.net", null)]
    [InlineData("127.0.0.1:7071", "X-Forwarded-For")]
    [InlineData("localhost", "X-ARR-LOG-ID")]
    [InlineData("127.0.0.1", "X-Original-URL")]
    [InlineData("127.0.0.1", "X-Original-For")]
    public async Task A_public_request_forwarded_by_the_catch_all_function_never_reaches_a_trigger(string host, string? header)
    {
        using var app = HostedApp();
        using var client = app.CreateClient();
        var claimId = await ClaimApp.SubmitAsync(app.Services);
        var message = ClaimJson.Serialize(await NextStepAsync(app, claimId));

        foreach (var (function, content) in new[] { (ClaimTriggerEndpoints.StepsFunction, QueueInvocation(message, 1, "m-1")), (ClaimTriggerEndpoints.PoisonFunction, QueueInvocation(message, 1, "m-2")), (ClaimTriggerEndpoints.SweeperFunction, TimerInvocation("x")) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/" + function, UriKind.Relative)) { Content = content };
            request.Headers.Host = host;
            if (header is not null)
            {
                request.Headers.Add(header, "203.0.113.9");
            }
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        var state = await app.Services.GetRequiredService<ClaimStore>().LoadAsync(claimId, CancellationToken.None);
        Assert.Equal((ClaimStatus.Extracting, (AttentionFlag?)null), (state.Status, state.Attention));
    }

    [Fact]
    public async Task Without_the_forwarding_headers_the_same_request_is_the_hosts_and_is_served()
    {
        using var app = HostedApp();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/" + ClaimTriggerEndpoints.SweeperFunction, UriKind.Relative)) { Content = TimerInvocation("x") };
        request.Headers.Host = "127.0.0.1:7071";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"Data":{"step":"{\"x\":1}"},"Metadata":{"DequeueCount":3,"Id":"a"}}""", "{\"x\":1}", 3L, "a")]
    [InlineData("""{"Data":{"step":{"x":1}},"Metadata":{"DequeueCount":"4"}}""", "{\"x\":1}", 4L, null)]
    [InlineData("""{"Data":{"step":"abc"}}""", "abc", null, null)]
    [InlineData("""{"data":{"step":"abc"},"metadata":{"dequeueCount":2,"id":"b"}}""", "abc", 2L, "b")]
    public async Task An_invocation_yields_the_binding_value_and_the_trigger_metadata(string body, string message, long? dequeueCount, string? id)
    {
        var invocation = await ReadAsync(body);
        Assert.Equal((message, dequeueCount, id), (invocation.Text("step"), invocation.MetadataNumber("DequeueCount"), invocation.Metadata("Id")));
    }

    [Theory]
    [InlineData("""{"Data":{"other":"x"}}""")]
    [InlineData("""{"Data":{"step":null}}""")]
    [InlineData("""{"Metadata":{}}""")]
    [InlineData("""not json""")]
    public async Task An_invocation_without_the_binding_is_refused(string body) =>
        await Assert.ThrowsAsync<FormatException>(async () => (await ReadAsync(body)).Text("step"));

    private static async Task<CustomHandlerInvocation> ReadAsync(string body)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return await CustomHandlerInvocation.ReadAsync(context.Request, CancellationToken.None);
    }

    private WebApplicationFactory<Program> HostedApp() =>
        ClaimApp.Create(azurite.ConnectionString, new() { ["Claims:RunLocalQueues"] = "false", ["Claims:MapTriggerEndpoints"] = "true" }, _logs);

    private static async Task<ClaimStep> NextStepAsync(WebApplicationFactory<Program> app, string claimId)
    {
        var state = await app.Services.GetRequiredService<ClaimStore>().LoadAsync(claimId, CancellationToken.None);
        return Assert.Single(ClaimWorkflow.NextSteps(state, DateTimeOffset.UtcNow));
    }

    // A queue-trigger invocation as the Functions host posts it to /{FunctionName}: the message (decoded from base64,
    // host.json messageEncoding) as a JSON string under the binding's name, the trigger metadata beside it.
    private static StringContent QueueInvocation(string message, int dequeueCount, string id, string function = ClaimTriggerEndpoints.StepsFunction)
    {
        var now = DateTimeOffset.UtcNow;
        var json = $$"""
            {
              "Data": {
                "step": {{JsonSerializer.Serialize(message)}}
              },
              "Metadata": {
                "DequeueCount": {{dequeueCount}},
                "ExpirationTime": "9999-12-31T23:59:59+00:00",
                "Id": "{{id}}",
                "InsertionTime": "{{now.AddMinutes(-1):yyyy-MM-ddTHH:mm:ss+00:00}}",
                "NextVisibleTime": "{{now.AddMinutes(10):yyyy-MM-ddTHH:mm:ss+00:00}}",
                "PopReceipt": "AgAAAAMAAAAAAAAAAgtnj8x+1QE=",
                "sys": {
                  "MethodName": "{{function}}",
                  "UtcNow": "{{now:O}}",
                  "RandGuid": "{{Guid.NewGuid()}}"
                }
              }
            }
            """;
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    // A timer-trigger invocation: the TimerInfo under the binding's name, only sys in the metadata.
    private static StringContent TimerInvocation(string function)
    {
        var now = DateTimeOffset.UtcNow;
        var json = $$"""
            {
              "Data": {
                "timer": {
                  "Schedule": { "AdjustForDST": true },
                  "ScheduleStatus": { "Last": "{{now.AddMinutes(-1):O}}", "Next": "{{now.AddMinutes(1):O}}", "LastUpdated": "{{now.AddMinutes(-1):O}}" },
                  "IsPastDue": false
                }
              },
              "Metadata": {
                "sys": { "MethodName": "{{function}}", "UtcNow": "{{now:O}}", "RandGuid": "{{Guid.NewGuid()}}" }
              }
            }
            """;
        return new StringContent(json, Encoding.UTF8, "application/json");
    }
}
