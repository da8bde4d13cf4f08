using Reimburse.Claims;

namespace Reimburse.Core.Tests.Claims;

public class DecidedAtTests
{
    [Fact]
    public void A_submitted_claim_has_its_submission_time_and_no_decision_yet()
    {
        var f = new Flow().Submitted("d1");
        Assert.Equal(f.Now, f.State.SubmittedAt);
        Assert.Null(f.State.DecidedAt);

        f.Advance(TimeSpan.FromHours(1));
        f.Do(f.Extract("d1"));
        Assert.Equal(ClaimStatus.Validating, f.State.Status);
        Assert.Null(f.State.DecidedAt);
    }

    [Fact]
    public void An_automatic_approval_is_the_decision()
    {
        var f = new Flow().Validating();
        var submitted = f.State.SubmittedAt;
        f.Advance(TimeSpan.FromDays(2));
        f.Do(f.Validate());
        Assert.Equal(ClaimStatus.Approved, f.State.Status);
        Assert.Equal(f.Now, f.State.DecidedAt);
        Assert.Equal(submitted, f.State.SubmittedAt);
    }

    [Fact]
    public void A_rejection_is_the_decision()
    {
        var f = new Flow().Validating();
        f.Advance(TimeSpan.FromDays(1));
        f.Do(f.Validate(f.Report(i => i with { Customer = null })));
        Assert.Equal(ClaimStatus.Rejected, f.State.Status);
        Assert.Equal(f.Now, f.State.DecidedAt);
    }

    [Fact]
    public void The_escalation_is_the_decision_and_later_approvals_do_not_move_it()
    {
        var f = new Flow().Validating();
        f.Advance(TimeSpan.FromHours(3));
        f.Do(f.Validate(f.Report(i => i with { Claim = i.Claim with { DeclaredFee = new Money.Yen(1_000) } })));
        Assert.Equal(ClaimStatus.UnderReview, f.State.Status);
        var escalatedAt = f.Now;
        Assert.Equal(escalatedAt, f.State.DecidedAt);

        f.Advance(TimeSpan.FromDays(1));
        f.Do(f.Take(Flow.Reviewer));
        f.Do(f.Approve(Flow.Reviewer, 1_000, "the statement shows ¥1,000 after a discount"));
        f.Advance(TimeSpan.FromDays(1));
        f.Do(f.Take(Flow.Senior));
        f.Do(f.Confirm(Flow.Senior));
        Assert.Equal(ClaimStatus.Approved, f.State.Status);
        Assert.Equal(escalatedAt, f.State.DecidedAt);
    }

    [Fact]
    public void The_decision_time_is_the_same_on_replay_and_survives_json()
    {
        var f = new Flow().Escalated();
        f.Advance(TimeSpan.FromDays(1));
        f.Do(f.Take(Flow.Reviewer));
        f.Do(f.Approve(Flow.Reviewer, 1_000, "the statement shows ¥1,000 after a discount"));

        var replayed = ClaimWorkflow.Replay(f.History);
        Assert.Equal(f.State.DecidedAt, replayed.DecidedAt);
        Assert.NotNull(replayed.DecidedAt);
        var back = ClaimJson.DeserializeState(ClaimJson.Serialize(f.State));
        Assert.Equal(f.State.DecidedAt, back.DecidedAt);
        Assert.Equal(f.State.SubmittedAt, back.SubmittedAt);
    }

    [Fact]
    public void A_state_stored_without_a_decision_time_reads_as_undecided()
    {
        var f = new Flow().AutoApproved();
        var json = ClaimJson.Serialize(f.State);
        var old = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(old.Remove("decidedAt") || old.Remove("DecidedAt"));
        var back = ClaimJson.DeserializeState(old.ToJsonString());
        Assert.Null(back.DecidedAt);
        Assert.Equal(ClaimStatus.Approved, back.Status);
    }
}
