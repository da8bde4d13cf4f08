using System.Collections.Concurrent;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Banking;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Claims;

/// <summary>Timer steps (request expiry, reviewer reminders, retention purge) and the corrected-account check, with a hand-moved clock.</summary>
[Collection(ClaimsAzuriteCollection.Name)]
public sealed class ClaimTimerAndRetentionTests(AzuriteFixture azurite)
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly RecordingScheduler _recorder = new();

    private ClaimsHarness NewHarness() =>
        new(azurite.ConnectionString, time: _clock, wrapScheduler: inner => _recorder.Wrap(inner));

    [Fact]
    public async Task An_expiry_further_than_the_queue_can_delay_is_re_armed_until_its_deadline()
    {
        var h = NewHarness();
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(content: FakeReader.Blurry);
        await h.RunUntilStatusAsync(claimId, ClaimStatus.InformationRequested);
        var state = await h.Store.LoadAsync(claimId, CancellationToken.None);
        var expire = Assert.Single(ClaimWorkflow.NextSteps(state, _clock.GetUtcNow()));
        Assert.Equal(ClaimStepKind.ExpireInformationRequest, expire.Kind);
        Assert.True(expire.DueAt - _clock.GetUtcNow() > ClaimStepQueue.MaxDelay);
        Assert.Contains(_recorder.Steps, s => s.Key == expire.Key);

        _recorder.Clear();
        Assert.Equal(StepOutcome.Rearmed, await h.Handler.HandleAsync(ClaimJson.Serialize(expire), 1, CancellationToken.None));
        Assert.Equal(expire, Assert.Single(_recorder.Steps));
        _clock.Advance(ClaimStepQueue.MaxDelay);
        Assert.Equal(StepOutcome.Rearmed, await h.Handler.HandleAsync(ClaimJson.Serialize(expire), 1, CancellationToken.None));

        _clock.Set(expire.DueAt);
        Assert.Equal(StepOutcome.Done, await h.Handler.HandleAsync(ClaimJson.Serialize(expire), 1, CancellationToken.None));
        Assert.Equal(StepOutcome.Stale, await h.Handler.HandleAsync(ClaimJson.Serialize(expire), 2, CancellationToken.None));
        var escalated = await h.Store.LoadAsync(claimId, CancellationToken.None);
        Assert.Equal(ClaimStatus.UnderReview, escalated.Status);

        // The escalation armed the reviewer reminder, due one SLA later.
        var remind = Assert.Single(ClaimWorkflow.NextSteps(escalated, _clock.GetUtcNow()));
        Assert.Equal(ClaimStepKind.RemindReviewers, remind.Kind);
        Assert.Contains(_recorder.Steps, s => s.Key == remind.Key);
        Assert.Equal(StepOutcome.Rearmed, await h.Handler.HandleAsync(ClaimJson.Serialize(remind), 1, CancellationToken.None));
        _clock.Set(remind.DueAt);
        Assert.Equal(StepOutcome.Done, await h.Handler.HandleAsync(ClaimJson.Serialize(remind), 1, CancellationToken.None));
        var reminded = await h.Store.LoadAsync(claimId, CancellationToken.None);
        Assert.Equal(remind.DueAt, reminded.LastReminderAt);
        var next = Assert.Single(ClaimWorkflow.NextSteps(reminded, _clock.GetUtcNow()));
        Assert.Equal(remind.DueAt.AddHours(ClaimsHarness.Incident.Policy.ReviewSlaHours), next.DueAt);
        Assert.Contains(_recorder.Steps, s => s.Key == next.Key);
        await h.AssertCleanAsync(claimId, ClaimStatus.UnderReview);
    }

    [Fact]
    public async Task After_the_retention_period_documents_and_bank_details_are_deleted_and_the_purge_recorded()
    {
        var h = NewHarness();
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(documents: 2);
        await h.RunUntilStatusAsync(claimId, ClaimStatus.Approved);
        var finance = Actor.Finance("fin-1");
        await h.Executor.ExecuteAsync(claimId, new AddToBatch("B-001") { Actor = finance, At = _clock.GetUtcNow() }, CancellationToken.None);
        await h.Executor.ExecuteAsync(claimId, new RecordPayment("B-001", new DateOnly(2026, 4, 1)) { Actor = finance, At = _clock.GetUtcNow() }, CancellationToken.None);
        var paid = await h.Store.LoadAsync(claimId, CancellationToken.None);
        var purge = Assert.Single(ClaimWorkflow.NextSteps(paid, _clock.GetUtcNow()));
        Assert.Equal(ClaimStepKind.PurgePersonalData, purge.Kind);
        Assert.Equal(paid.ClosedAt!.Value.AddDays(ClaimsHarness.Incident.Policy.RetentionDays), purge.DueAt);

        // A minute early: nothing is deleted, the timer is sent again.
        _clock.Set(purge.DueAt.AddMinutes(-1));
        Assert.Equal(StepOutcome.Rearmed, await h.Handler.HandleAsync(ClaimJson.Serialize(purge), 1, CancellationToken.None));
        Assert.True((await h.Storage.Statements.GetBlobClient(claimId + "/d1.pdf").ExistsAsync()).Value);

        _clock.Set(purge.DueAt);
        Assert.Equal(StepOutcome.Done, await h.Handler.HandleAsync(ClaimJson.Serialize(purge), 1, CancellationToken.None));
        Assert.False((await h.Storage.Statements.GetBlobClient(claimId + "/d1.pdf").ExistsAsync()).Value);
        Assert.False((await h.Storage.Statements.GetBlobClient(claimId + "/d2.pdf").ExistsAsync()).Value);
        var purged = await h.Store.LoadAsync(claimId, CancellationToken.None);
        Assert.True(purged.PersonalDataPurged);
        Assert.Null(purged.PayoutAccount);
        var history = await h.HistoryAsync(claimId);
        Assert.Equal(["d1", "d2"], Assert.IsType<PersonalDataPurged>(history[^1]).DocumentIds);
        Assert.Null(Assert.IsType<ClaimSubmitted>(history[0]).PayoutAccount);
        Assert.All(history.OfType<ExtractionSucceeded>(), e => Assert.Null(e.Facts.HolderName));

        var rows = new List<TableEntity>();
        await foreach (var row in h.Storage.Claims.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {claimId}")))
        {
            rows.Add(row);
        }
        Assert.DoesNotContain(rows, r => r.RowKey.StartsWith("p-", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.DoesNotContain("1234567", string.Concat(r.Values.OfType<string>()), StringComparison.Ordinal));
        Assert.All(rows, r => Assert.DoesNotContain("TARO", string.Concat(r.Values.OfType<string>()), StringComparison.Ordinal));
        Assert.Equal(StepOutcome.Stale, await h.Handler.HandleAsync(ClaimJson.Serialize(purge), 2, CancellationToken.None));
        await h.AssertCleanAsync(claimId, ClaimStatus.Paid);
    }

    [Fact]
    public async Task Overdue_timers_whose_message_never_came_are_scheduled_again_by_the_timer_checks()
    {
        var h = NewHarness();
        await h.CreateAsync();
        var asked = await h.SubmitAsync(content: FakeReader.Blurry);
        var paid = await h.SubmitAsync();
        await h.RunUntilStatusAsync(asked, ClaimStatus.InformationRequested);
        await h.RunUntilStatusAsync(paid, ClaimStatus.Approved);
        var finance = Actor.Finance("fin-1");
        await h.Executor.ExecuteAsync(paid, new AddToBatch("B-001") { Actor = finance, At = _clock.GetUtcNow() }, CancellationToken.None);
        await h.Executor.ExecuteAsync(paid, new RecordPayment("B-001", new DateOnly(2026, 4, 1)) { Actor = finance, At = _clock.GetUtcNow() }, CancellationToken.None);
        var expire = Assert.Single(ClaimWorkflow.NextSteps(await h.Store.LoadAsync(asked, CancellationToken.None), _clock.GetUtcNow()));
        var purge = Assert.Single(ClaimWorkflow.NextSteps(await h.Store.LoadAsync(paid, CancellationToken.None), _clock.GetUtcNow()));
        var grace = h.Options.OverdueTimerGrace;

        // Not due, or due so recently that its own message is still on the way: nothing to do.
        _recorder.Clear();
        Assert.Equal((0, 0), (await h.Timers.CheckReviewTimersAsync(CancellationToken.None), await h.Timers.CheckRetentionAsync(CancellationToken.None)));
        _clock.Set(expire.DueAt + grace - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await h.Timers.CheckReviewTimersAsync(CancellationToken.None));
        Assert.Empty(_recorder.Steps);

        // Overdue past the grace: scheduled again, each by its own check.
        _clock.Set(expire.DueAt + grace + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Timers.CheckReviewTimersAsync(CancellationToken.None));
        Assert.Equal(0, await h.Timers.CheckRetentionAsync(CancellationToken.None));
        Assert.Equal(expire.Key, Assert.Single(_recorder.Steps).Key);
        _clock.Set(purge.DueAt + grace + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Timers.CheckRetentionAsync(CancellationToken.None));
        Assert.Contains(_recorder.Steps, s => s.Key == purge.Key);

        // The steps scheduled again run like their originals (which, delayed for days, are still in the queue).
        await h.RunUntilAsync(async () => (await h.Store.LoadAsync(paid, CancellationToken.None)).PersonalDataPurged
            && (await h.Store.LoadAsync(asked, CancellationToken.None)).Status == ClaimStatus.UnderReview, TimeSpan.FromSeconds(60));
        Assert.False((await h.Storage.Statements.GetBlobClient(paid + "/d1.pdf").ExistsAsync()).Value);
    }

    [Theory]
    [InlineData("ヤマダ タロウ", ClaimStatus.Approved)]
    [InlineData("スズキ ハナコ", ClaimStatus.UnderReview)]
    public async Task A_returned_payment_is_approved_again_only_for_an_account_in_the_customers_name(string holder, ClaimStatus expected)
    {
        var h = NewHarness();
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        await h.RunUntilStatusAsync(claimId, ClaimStatus.Approved);
        var finance = Actor.Finance("fin-1");
        await h.Executor.ExecuteAsync(claimId, new AddToBatch("B-001") { Actor = finance, At = _clock.GetUtcNow() }, CancellationToken.None);
        var returned = await h.Executor.ExecuteAsync(claimId, new RecordReturn("B-001", ReturnCode.NameMismatch, null) { Actor = finance, At = _clock.GetUtcNow() }, CancellationToken.None);
        var state = returned.State;
        var account = new BankAccount("0009", "100", AccountType.Ordinary, "7654321", holder);
        await h.Executor.ExecuteAsync(claimId, new ProvideInformation(state.OpenRequest!.RequestId, null, [], account) { Actor = Actor.Claimant(state.CustomerId), At = _clock.GetUtcNow() }, CancellationToken.None);
        await h.RunUntilStatusAsync(claimId, expected);
        await h.AssertCleanAsync(claimId, expected);
        Assert.Equal(account, (await h.Store.LoadAsync(claimId, CancellationToken.None)).PayoutAccount);
    }

    /// <summary>Remembers every step scheduled, then schedules it.</summary>
    private sealed class RecordingScheduler
    {
        private readonly ConcurrentQueue<ClaimStep> _steps = new();

        public IReadOnlyCollection<ClaimStep> Steps => _steps;

        public void Clear() => _steps.Clear();

        public IClaimStepScheduler Wrap(IClaimStepScheduler inner) => new Wrapper(this, inner);

        private sealed class Wrapper(RecordingScheduler owner, IClaimStepScheduler inner) : IClaimStepScheduler
        {
            public Task ScheduleAsync(ClaimStep step, DateTimeOffset now, CancellationToken cancellationToken)
            {
                owner._steps.Enqueue(step);
                return inner.ScheduleAsync(step, now, cancellationToken);
            }
        }
    }
}
