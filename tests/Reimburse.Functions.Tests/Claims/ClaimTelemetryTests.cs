using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Claims;

/// <summary>The pipeline's metrics and traces, observed with the BCL listeners an OpenTelemetry exporter uses.</summary>
[Collection(ClaimsAzuriteCollection.Name)]
public sealed class ClaimTelemetryTests(AzuriteFixture azurite) : IDisposable
{
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly MeterListener _listener = new();

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    private ClaimTelemetry Listen()
    {
        var factory = _metrics.GetRequiredService<IMeterFactory>();
        var telemetry = new ClaimTelemetry(factory);
        // Only this test's meter: other tests run pipelines at the same time.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ClaimTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
        return telemetry;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }
        _measurements.Enqueue((instrument.Name, value, copy));
    }

    private double Sum(string instrument, string? tag = null, string? value = null) =>
        _measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);

    private int Count(string instrument, string? tag = null, string? value = null) =>
        _measurements.Count(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value)));

    [Fact]
    public async Task Submissions_decisions_statuses_and_step_latency_are_measured()
    {
        var h = new ClaimsHarness(azurite.ConnectionString, telemetry: Listen());
        await h.CreateAsync();
        var approved = new[] { await h.SubmitAsync(), await h.SubmitAsync() };
        var asked = await h.SubmitAsync(content: FakeReader.Blurry);

        foreach (var claimId in approved)
        {
            await h.RunUntilStatusAsync(claimId, ClaimStatus.Approved);
        }
        await h.RunUntilStatusAsync(asked, ClaimStatus.InformationRequested);

        Assert.Equal(3, Sum("reimburse.claims.submitted"));
        Assert.Equal(2, Sum("reimburse.claims.decisions", "outcome", "approved"));
        Assert.Equal(1, Sum("reimburse.claims.decisions", "outcome", "information-requested"));
        Assert.Equal(2, Count("reimburse.claims.decision.latency", "outcome", "approved"));
        Assert.All(_measurements.Where(m => m.Instrument == "reimburse.claims.decision.latency"), m => Assert.InRange(m.Value, 0, 60));
        // Claims per status: entering adds one, leaving takes one away.
        Assert.Equal(2, Sum("reimburse.claims.status", "status", "approved"));
        Assert.Equal(1, Sum("reimburse.claims.status", "status", "information-requested"));
        Assert.Equal(0, Sum("reimburse.claims.status", "status", "extracting"));
        Assert.Equal(0, Sum("reimburse.claims.status", "status", "validating"));
        Assert.Equal(3, Count("reimburse.claims.step.duration", "step", "extract-document"));
        Assert.Equal(3, Count("reimburse.claims.step.duration", "step", "validate-claim"));
        Assert.Equal(0, Sum("reimburse.claims.step.retries"));
        Assert.DoesNotContain(_measurements, m => m.Tags.Values.OfType<string>().Any(v => v.StartsWith("CL-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Retries_and_poisoned_steps_are_counted()
    {
        var h = new ClaimsHarness(azurite.ConnectionString, o =>
        {
            o.VisibilityTimeout = TimeSpan.FromSeconds(2);
            o.MaxDequeueCount = 3;
        }, telemetry: Listen());
        await h.CreateAsync();
        h.Reader.Broken = true;
        var claimId = await h.SubmitAsync();

        await h.RunUntilAsync(async () => (await h.Store.LoadAsync(claimId, CancellationToken.None)).Attention is not null, TimeSpan.FromSeconds(60));

        Assert.Equal(3, Count("reimburse.claims.step.duration", "outcome", "failed"));
        Assert.Equal(2, Sum("reimburse.claims.step.retries", "step", "extract-document"));
        Assert.Equal(1, Sum("reimburse.claims.step.poisoned", "step", "extract-document"));
    }

    [Fact]
    public async Task Steps_and_commands_are_traced_with_the_claim_id()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ClaimTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();

        await h.RunUntilStatusAsync(claimId, ClaimStatus.Approved);

        var mine = activities.Where(a => Equals(a.GetTagItem("claim.id"), claimId)).ToList();
        Assert.Contains(mine, a => a.OperationName == "claim.step" && Equals(a.GetTagItem("claim.step"), "ExtractDocument:d1"));
        Assert.Contains(mine, a => a.OperationName == "claim.step" && ((string)a.GetTagItem("claim.step")!).StartsWith("ValidateClaim", StringComparison.Ordinal));
        var execute = mine.Where(a => a.OperationName == "claim.execute").ToList();
        Assert.Contains(execute, a => Equals(a.GetTagItem("claim.command"), nameof(SubmitClaim)));
        // A command run inside a step is a child of the step's span.
        var step = mine.First(a => a.OperationName == "claim.step" && Equals(a.GetTagItem("claim.step"), "ExtractDocument:d1"));
        Assert.Contains(execute, a => a.ParentSpanId == step.SpanId);
    }
}
