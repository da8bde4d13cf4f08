using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Claims;

/// <summary>
/// The runner against Azurite under faults: duplicate deliveries, a crash between append and enqueue, two workers on
/// one claim, a step that always fails, storage down mid-run. In every case: no claim lost, no event twice, no
/// second approval.
/// </summary>
[Collection(ClaimsAzuriteCollection.Name)]
public sealed class ClaimRunnerFaultTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_clean_claim_runs_from_submission_to_automatic_approval()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(documents: 2);
        await h.RunUntilStatusAsync(claimId, ClaimStatus.Approved);
        await h.AssertCleanAsync(claimId, ClaimStatus.Approved);
        Assert.Equal(
            ["claim-submitted", "extraction-succeeded", "extraction-succeeded", "claim-validated", "claim-auto-approved"],
            (await h.HistoryAsync(claimId)).Select(e => e.Type));
        Assert.Equal(2, h.Reader.Reads.Count);
    }

    [Fact]
    public async Task An_unreadable_document_asks_the_claimant_and_arms_the_expiry_timer()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(content: FakeReader.Blurry);
        await h.RunUntilStatusAsync(claimId, ClaimStatus.InformationRequested);
        await h.AssertCleanAsync(claimId, ClaimStatus.InformationRequested);
        // The expiry step waits in the queue, invisible for the 7 days a message can be delayed.
        var properties = (await h.Storage.Steps.GetPropertiesAsync()).Value;
        Assert.Equal(1, properties.ApproximateMessagesCount);
        Assert.Empty((await h.Storage.Steps.PeekMessagesAsync(32)).Value);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Every_step_delivered_several_times_is_applied_once(int deliveries)
    {
        var h = new ClaimsHarness(azurite.ConnectionString, wrapScheduler: inner => new RepeatingScheduler(inner, deliveries));
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(documents: 2);
        await h.RunUntilStatusAsync(claimId, ClaimStatus.Approved);
        // Let the remaining copies arrive too: each must be dropped or change nothing.
        await h.RunUntilAsync(async () => (await h.Storage.Steps.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(60));
        await h.AssertCleanAsync(claimId, ClaimStatus.Approved);
        Assert.Equal(5, (await h.HistoryAsync(claimId)).Count);
    }

    [Fact]
    public async Task The_same_message_handled_again_after_success_is_dropped_as_stale()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        var state = await h.Store.LoadAsync(claimId, CancellationToken.None);
        var message = ClaimJson.Serialize(Assert.Single(ClaimWorkflow.NextSteps(state, h.Time.GetUtcNow())));
        Assert.Equal(StepOutcome.Done, await h.Handler.HandleAsync(message, 1, CancellationToken.None));
        for (var delivery = 2; delivery <= 5; delivery++)
        {
            Assert.Equal(StepOutcome.Stale, await h.Handler.HandleAsync(message, delivery, CancellationToken.None));
        }
        Assert.Single(h.Reader.Reads);
        Assert.Single((await h.HistoryAsync(claimId)).OfType<ExtractionSucceeded>());
    }

    [Fact]
    public async Task A_crash_between_append_and_enqueue_is_recovered_by_the_sweeper()
    {
        var crashing = new CrashingScheduler();
        var h = new ClaimsHarness(azurite.ConnectionString, wrapScheduler: inner => crashing.Wrap(inner));
        await h.CreateAsync();

        // The submission is appended, then the process "dies" before its step is enqueued.
        crashing.CrashNext = 1;
        await Assert.ThrowsAsync<CrashException>(() => h.SubmitAsync());
        var claimId = crashing.LastClaimId!;
        Assert.Equal(ClaimStatus.Extracting, (await h.Store.LoadAsync(claimId, CancellationToken.None)).Status);
        Assert.Equal(0, await h.Processor.ProcessStepsAsync(16, CancellationToken.None));

        Assert.Equal(1, await h.Sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await h.Sweeper.SweepAsync(CancellationToken.None));

        // The extraction is appended, then the worker dies before the validation step is enqueued: the message
        // comes back, finds the document read (stale), and only the sweeper brings the validation.
        crashing.CrashNext = 1;
        await h.RunUntilAsync(async () => (await h.Store.LoadAsync(claimId, CancellationToken.None)).Status == ClaimStatus.Validating
            && (await h.Storage.Steps.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(60));
        Assert.Equal(1, await h.Sweeper.SweepAsync(CancellationToken.None));
        await h.RunUntilStatusAsync(claimId, ClaimStatus.Approved);
        await h.AssertCleanAsync(claimId, ClaimStatus.Approved);
    }

    [Fact]
    public async Task The_sweeper_keeps_a_fresh_marker_whose_writer_has_not_appended_yet()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        var state = await h.Store.LoadAsync(claimId, CancellationToken.None);
        var marker = await h.Outbox.MarkAsync(claimId, state.Version, h.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, await h.Sweeper.SweepAsync(CancellationToken.None));
        // The writer may still append at this version: its marker must stay until it can no longer.
        Assert.Equal(1, await h.Sweeper.SweepAsync(CancellationToken.None));
        await h.RunUntilStatusAsync(claimId, ClaimStatus.Approved);
        Assert.Equal(1, await h.Sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await h.Sweeper.SweepAsync(CancellationToken.None));
        await h.Outbox.ClearAsync(marker, CancellationToken.None);
        await h.AssertCleanAsync(claimId, ClaimStatus.Approved);
    }

    [Fact]
    public async Task Two_workers_racing_on_one_claim_append_once()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        var state = await h.Store.LoadAsync(claimId, CancellationToken.None);
        var extract = ClaimJson.Serialize(Assert.Single(ClaimWorkflow.NextSteps(state, h.Time.GetUtcNow())));

        // Both workers read the claim at the same version, then both try to record the extraction.
        h.Reader.Hold();
        var first = h.Handler.HandleAsync(extract, 1, CancellationToken.None);
        var second = h.Handler.HandleAsync(extract, 2, CancellationToken.None);
        await WaitAsync(() => h.Reader.Waiting == 2);
        h.Reader.Release();
        var outcomes = await Task.WhenAll(first, second);
        Assert.Equal([StepOutcome.Done, StepOutcome.NoChange], outcomes.Order());

        // The same for validation: both build their report from the same version; the second append collides.
        state = await h.Store.LoadAsync(claimId, CancellationToken.None);
        var validate = ClaimJson.Serialize(Assert.Single(ClaimWorkflow.NextSteps(state, h.Time.GetUtcNow())));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Incidents.Gate = gate;
        var a = h.Handler.HandleAsync(validate, 1, CancellationToken.None);
        var b = h.Handler.HandleAsync(validate, 1, CancellationToken.None);
        await Task.Delay(300);
        gate.SetResult();
        var validated = await Task.WhenAll(a, b);
        Assert.Equal([StepOutcome.Done, StepOutcome.NoChange], validated.Order());
        await h.AssertCleanAsync(claimId, ClaimStatus.Approved);
    }

    [Fact]
    public async Task A_step_that_always_fails_lands_in_poison_and_flags_the_claim()
    {
        var h = new ClaimsHarness(azurite.ConnectionString, o => o.VisibilityTimeout = TimeSpan.FromSeconds(2));
        await h.CreateAsync();
        h.Reader.Broken = true;
        var claimId = await h.SubmitAsync();

        await h.RunUntilAsync(async () => (await h.Store.LoadAsync(claimId, CancellationToken.None)).Attention is not null, TimeSpan.FromSeconds(90));

        Assert.Equal(5, h.Reader.Reads.Count);
        var state = await h.Store.LoadAsync(claimId, CancellationToken.None);
        Assert.Equal("ExtractDocument:d1", state.Attention!.StepKey);
        Assert.Equal(5, state.Attention.Attempts);
        Assert.Equal(nameof(InvalidOperationException), state.Attention.Problem);
        Assert.Equal(ClaimStatus.Extracting, state.Status);
        Assert.Empty(ClaimWorkflow.NextSteps(state, h.Time.GetUtcNow()));
        Assert.Single((await h.HistoryAsync(claimId)).OfType<FlaggedForAttention>());
        Assert.Equal(0, (await h.Storage.Steps.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, (await h.Storage.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        // Once the reader is fixed, clearing the flag schedules the step again and the claim completes.
        h.Reader.Broken = false;
        await h.Executor.ExecuteAsync(claimId, new ClearAttention("reader fixed") { Actor = Actor.Operator("op-1"), At = h.Time.GetUtcNow() }, CancellationToken.None);
        await h.RunUntilStatusAsync(claimId, ClaimStatus.Approved);
        await h.AssertCleanAsync(claimId, ClaimStatus.Approved);
        Assert.Equal(6, h.Reader.Reads.Count);
    }

    [Fact]
    public async Task A_poisoned_step_is_flagged_from_the_poison_queue_when_the_worker_could_not()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        var state = await h.Store.LoadAsync(claimId, CancellationToken.None);
        // As the Functions host does it: the message is copied verbatim to the poison queue.
        await h.Storage.Poison.SendMessageAsync(ClaimJson.Serialize(ClaimWorkflow.NextSteps(state, h.Time.GetUtcNow())[0]));
        await h.Storage.Poison.SendMessageAsync("not a step");
        Assert.Equal(2, await h.Processor.ProcessPoisonAsync(16, CancellationToken.None));
        var flagged = await h.Store.LoadAsync(claimId, CancellationToken.None);
        Assert.Equal(h.Options.MaxDequeueCount, flagged.Attention!.Attempts);
        // The unreadable one stays for a person.
        Assert.Equal(1, (await h.Storage.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_message_handed_out_too_often_without_a_recorded_failure_goes_to_poison_unrun()
    {
        var h = new ClaimsHarness(azurite.ConnectionString, o =>
        {
            o.MaxDequeueCount = 2;
            o.VisibilityTimeout = TimeSpan.FromSeconds(1);
        });
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        // Two receives whose worker "died" (the message is never deleted nor failed).
        for (var i = 0; i < 2; i++)
        {
            Assert.Single((await h.Storage.Steps.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);
            await Task.Delay(1_200);
        }
        await h.RunUntilAsync(async () => (await h.Store.LoadAsync(claimId, CancellationToken.None)).Attention is not null, TimeSpan.FromSeconds(30));
        Assert.Empty(h.Reader.Reads);
    }

    [Theory]
    [InlineData(3, 1, 3)]
    [InlineData(2, 2, 4)]
    public async Task A_listener_runs_a_batch_at_once_and_receives_the_next_when_few_enough_still_run(int batchSize, int newBatchThreshold, int running)
    {
        var h = new ClaimsHarness(azurite.ConnectionString, o =>
        {
            o.Workers = 1;
            o.BatchSize = batchSize;
            o.NewBatchThreshold = newBatchThreshold;
        });
        await h.CreateAsync();
        var claims = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            claims.Add(await h.SubmitAsync());
        }
        h.Reader.Hold();
        using var stop = new CancellationTokenSource();
        await h.Runner.StartAsync(stop.Token);
        try
        {
            // As the host: at most batchSize + newBatchThreshold steps at once, and a new batch only at the threshold.
            await WaitAsync(() => h.Reader.Waiting == running);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(running, h.Reader.Waiting);
            h.Reader.Release();
            foreach (var claimId in claims)
            {
                await WaitAsync(async () => (await h.Store.LoadAsync(claimId, CancellationToken.None)).Status == ClaimStatus.Approved);
            }
        }
        finally
        {
            await h.Runner.StopAsync(CancellationToken.None);
            h.Reader.Release();
        }
    }

    [Fact]
    public async Task Storage_down_mid_run_loses_no_claim_and_duplicates_nothing()
    {
        var h = new ClaimsHarness(azurite.ConnectionString, o =>
        {
            o.VisibilityTimeout = TimeSpan.FromSeconds(4);
            o.SweepInterval = TimeSpan.FromSeconds(2);
            o.SweepAge = TimeSpan.FromSeconds(1);
            // Two listeners running one step at a time: exactly two steps are caught by the outage.
            o.Workers = 2;
            o.BatchSize = 1;
            o.NewBatchThreshold = 0;
        });
        await h.CreateAsync();
        var claims = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            claims.Add(await h.SubmitAsync(documents: 1 + (i % 2)));
        }
        h.Reader.Hold();
        using var stop = new CancellationTokenSource();
        var runner = h.Runner;
        await runner.StartAsync(stop.Token);
        try
        {
            // Both workers are inside a step. Azurite saves its data every 5 s: wait for a save, so that stopping
            // it loses nothing that was acknowledged (Azure Storage never loses acknowledged writes).
            await WaitAsync(() => h.Reader.Waiting == 2);
            await Task.Delay(TimeSpan.FromSeconds(6));
            await azurite.Azurite.StopAsync();
            // The steps in flight now try to record their results against a storage that is gone.
            h.Reader.Release();
            await Task.Delay(TimeSpan.FromSeconds(6));
            await azurite.Azurite.StartAgainAsync();

            var deadline = DateTime.UtcNow.AddSeconds(120);
            foreach (var claimId in claims)
            {
                while ((await LoadOrEmptyAsync(h, claimId)).Status != ClaimStatus.Approved)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"claim {claimId} did not finish");
                    await Task.Delay(250);
                }
            }
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
            h.Reader.Release();
            if (!azurite.Azurite.IsRunning)
            {
                await azurite.Azurite.StartAgainAsync();
            }
        }
        foreach (var claimId in claims)
        {
            await h.AssertCleanAsync(claimId, ClaimStatus.Approved);
        }
        // The two steps caught by the outage could not record their reads and ran again.
        Assert.True(h.Reader.Reads.Count >= 9 + 2, $"{h.Reader.Reads.Count} reads");
    }

    private static async Task<ClaimState> LoadOrEmptyAsync(ClaimsHarness h, string claimId)
    {
        try
        {
            return await h.Store.LoadAsync(claimId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is global::Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            return ClaimState.Empty;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }

    /// <summary>Enqueues every step several times: the queue's at-least-once delivery at its worst.</summary>
    private sealed class RepeatingScheduler(IClaimStepScheduler inner, int times) : IClaimStepScheduler
    {
        public async Task ScheduleAsync(ClaimStep step, DateTimeOffset now, CancellationToken cancellationToken)
        {
            for (var i = 0; i < times; i++)
            {
                await inner.ScheduleAsync(step, now, cancellationToken);
            }
        }
    }

    private sealed class CrashException : Exception;

    /// <summary>"Kills the process" (throws) instead of enqueuing, for the next <see cref="CrashNext"/> steps.</summary>
    private sealed class CrashingScheduler
    {
        public int CrashNext { get; set; }

        public string? LastClaimId { get; private set; }

        public IClaimStepScheduler Wrap(IClaimStepScheduler inner) => new Wrapper(this, inner);

        private sealed class Wrapper(CrashingScheduler owner, IClaimStepScheduler inner) : IClaimStepScheduler
        {
            public Task ScheduleAsync(ClaimStep step, DateTimeOffset now, CancellationToken cancellationToken)
            {
                owner.LastClaimId = step.ClaimId;
                if (owner.CrashNext > 0)
                {
                    owner.CrashNext--;
                    throw new CrashException();
                }
                return inner.ScheduleAsync(step, now, cancellationToken);
            }
        }
    }
}
