using Reimburse.Claims;
using Reimburse.Money;

namespace Reimburse.Core.Tests.Claims;

public class ReviewTests
{
    [Fact]
    public void The_state_keeps_why_the_claim_was_escalated_through_the_second_approval()
    {
        var f = new Flow().Escalated();
        Assert.Equal(["R-AMOUNT-DECLARED"], f.State.EscalationReasons.Select(r => r.Code));

        f.Do(f.Take(Flow.Reviewer));
        f.Do(f.Approve(Flow.Reviewer, 1_000, "the statement shows ¥1,000"));
        Assert.Equal(ClaimStatus.AwaitingSecondApproval, f.State.Status);
        Assert.Equal(["R-AMOUNT-DECLARED"], f.State.EscalationReasons.Select(r => r.Code));

        var back = ClaimJson.DeserializeState(ClaimJson.Serialize(f.State));
        Assert.Equal(f.State.EscalationReasons, back.EscalationReasons);
    }

    [Fact]
    public void A_reviewer_takes_the_claim_and_nobody_else_may_until_the_lease_expires()
    {
        var f = new Flow().Escalated();
        var taken = Assert.IsType<ReviewLeaseTaken>(Assert.Single(f.Do(f.Take(Flow.Reviewer, TimeSpan.FromMinutes(30)))));
        Assert.Equal(f.Now.AddMinutes(30), taken.Until);
        Assert.Equal(new ReviewLease("rev-1", f.Now.AddMinutes(30)), f.State.Lease);

        Flow.Refused(() => f.Do(f.Take(Flow.Reviewer2)), ClaimErrors.LeaseHeld);
        Flow.Refused(() => f.Do(f.Approve(Flow.Reviewer2)), ClaimErrors.LeaseHeld);

        f.Advance(TimeSpan.FromMinutes(30));
        Assert.IsType<ReviewLeaseTaken>(Assert.Single(f.Do(f.Take(Flow.Reviewer2))));
        Assert.Equal("rev-2", f.State.Lease!.ReviewerId);
    }

    [Fact]
    public void The_holder_may_renew_and_release_the_lease()
    {
        var f = new Flow().Escalated();
        f.Do(f.Take(Flow.Reviewer));
        f.Advance(TimeSpan.FromMinutes(20));
        f.Do(f.Take(Flow.Reviewer, TimeSpan.FromHours(1)));
        Assert.Equal(f.Now.AddHours(1), f.State.Lease!.Until);

        Flow.Refused(() => f.Do(new ReleaseReviewLease { Actor = Flow.Reviewer2, At = f.Now }), ClaimErrors.LeaseHeld);
        Assert.IsType<ReviewLeaseReleased>(Assert.Single(f.Do(new ReleaseReviewLease { Actor = Flow.Reviewer, At = f.Now })));
        Assert.Null(f.State.Lease);
        Assert.Empty(f.Do(new ReleaseReviewLease { Actor = Flow.Reviewer, At = f.Now }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(8 * 60 + 1)]
    public void A_lease_must_be_positive_and_at_most_eight_hours(int minutes)
    {
        var f = new Flow().Escalated();
        Flow.Refused(() => f.Do(f.Take(Flow.Reviewer, TimeSpan.FromMinutes(minutes))), ClaimErrors.InvalidInput);
    }

    [Fact]
    public void Only_reviewers_take_leases_and_only_on_claims_waiting_for_review()
    {
        var f = new Flow().Escalated();
        Flow.Refused(() => f.Do(f.Take(Flow.Finance)), ClaimErrors.Forbidden);
        Flow.Refused(() => f.Do(f.Take(Flow.Claimant)), ClaimErrors.Forbidden);
        var approved = new Flow().AutoApproved();
        Flow.Refused(() => approved.Do(approved.Take(Flow.Reviewer)), ClaimErrors.IllegalTransition);
    }

    [Fact]
    public void Deciding_needs_a_live_lease_of_ones_own()
    {
        var f = new Flow().Escalated();
        Flow.Refused(() => f.Do(f.Approve(Flow.Reviewer)), ClaimErrors.LeaseRequired);
        f.Do(f.Take(Flow.Reviewer, TimeSpan.FromMinutes(10)));
        f.Advance(TimeSpan.FromMinutes(10));
        Flow.Refused(() => f.Do(f.Approve(Flow.Reviewer)), ClaimErrors.LeaseRequired);
        Flow.Refused(() => f.Do(new RejectClaim(RejectionCode.DocumentNotValid, null) { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.LeaseRequired);
        Flow.Refused(() => f.Do(new RequestInformation("?", f.Now.AddDays(3)) { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.LeaseRequired);
    }

    [Fact]
    public void Approving_the_proposed_amount_at_the_threshold_needs_one_reviewer()
    {
        var f = new Flow().Escalated();
        f.Do(f.Take(Flow.Reviewer));
        var approved = Assert.IsType<ReviewerApproved>(Assert.Single(f.Do(f.Approve(Flow.Reviewer, 1_100))));
        Assert.False(approved.SecondApprovalRequired);
        Assert.Equal(new Yen(1_100), approved.ProposedAmount);
        Assert.Null(approved.AdjustmentReason);
        Assert.Equal(ClaimStatus.Approved, f.State.Status);
        Assert.Equal(new Yen(1_100), f.State.ApprovedAmount);
        Assert.Null(f.State.Lease);
    }

    [Fact]
    public void Approving_above_the_threshold_needs_a_second_senior_reviewer()
    {
        var f = new Flow().Validating();
        // The statement shows ¥1,200: above both the cap and the four-eyes threshold of ¥1,100.
        var report = f.Report(i => i with
        {
            Documents = [i.Documents[0] with { Facts = i.Documents[0].Facts! with { Fee = new(new Yen(1_200), 0.99) } }],
            Claim = i.Claim with { DeclaredFee = new Yen(1_200) },
        });
        f.Do(f.Validate(report));
        Assert.Equal(ClaimStatus.UnderReview, f.State.Status);
        f.Do(f.Take(Flow.Reviewer));
        var approved = Assert.IsType<ReviewerApproved>(Assert.Single(f.Do(f.Approve(Flow.Reviewer, 1_200))));
        Assert.True(approved.SecondApprovalRequired);
        Assert.Equal(ClaimStatus.AwaitingSecondApproval, f.State.Status);
        Assert.Null(f.State.ApprovedAmount);
        Assert.Equal(ClaimantStatus.UnderReview, f.State.ClaimantStatus);
    }

    [Fact]
    public void An_adjusted_amount_needs_a_reason_and_a_second_approval()
    {
        var f = new Flow().Escalated();
        f.Do(f.Take(Flow.Reviewer));
        Flow.Refused(() => f.Do(f.Approve(Flow.Reviewer, 1_000)), ClaimErrors.InvalidInput);
        Flow.Refused(() => f.Do(f.Approve(Flow.Reviewer, 0, "nothing")), ClaimErrors.InvalidInput);
        var approved = Assert.IsType<ReviewerApproved>(Assert.Single(f.Do(f.Approve(Flow.Reviewer, 1_000, "discounted fee"))));
        Assert.True(approved.SecondApprovalRequired);
        Assert.Equal("discounted fee", approved.AdjustmentReason);
        Assert.Equal(new PendingApproval("rev-1", new Yen(1_000), "discounted fee", f.Now), f.State.FirstApproval);
    }

    [Fact]
    public void The_second_approval_must_come_from_a_different_senior_reviewer_holding_the_lease()
    {
        var f = new Flow().AwaitingSecondApproval();
        f.Do(f.Take(Flow.Reviewer));
        Flow.Refused(() => f.Do(f.Confirm(Flow.Reviewer)), ClaimErrors.Forbidden);

        var g = new Flow();
        g.Escalated();
        g.Do(g.Take(Flow.Senior));
        g.Do(g.Approve(Flow.Senior, 1_000, "discount"));
        g.Do(g.Take(Flow.Senior));
        Flow.Refused(() => g.Do(g.Confirm(Flow.Senior)), ClaimErrors.SameReviewer);

        f.Advance(TimeSpan.FromHours(1));
        Flow.Refused(() => f.Do(f.Confirm(Flow.Senior)), ClaimErrors.LeaseRequired);
        f.Do(f.Take(Flow.Senior));
        var confirmed = Assert.IsType<ApprovalConfirmed>(Assert.Single(f.Do(f.Confirm(Flow.Senior))));
        Assert.Equal(new Yen(1_000), confirmed.Amount);
        Assert.Equal(ClaimStatus.Approved, f.State.Status);
        Assert.Equal(new Yen(1_000), f.State.ApprovedAmount);
        Assert.Null(f.State.FirstApproval);
    }

    [Fact]
    public void An_approved_claim_cannot_be_approved_again()
    {
        var f = new Flow().AutoApproved();
        Flow.Refused(() => f.Do(f.Approve(Flow.Reviewer)), ClaimErrors.AlreadyApproved);
        Flow.Refused(() => f.Do(f.Confirm(Flow.Senior)), ClaimErrors.AlreadyApproved);

        var g = new Flow().AwaitingSecondApproval();
        g.Do(g.Take(Flow.Reviewer2));
        Flow.Refused(() => g.Do(g.Approve(Flow.Reviewer2)), ClaimErrors.AlreadyApproved);
        g.Do(new ReleaseReviewLease { Actor = Flow.Reviewer2, At = g.Now });
        g.Do(g.Take(Flow.Senior));
        g.Do(g.Confirm(Flow.Senior));
        Flow.Refused(() => g.Do(g.Confirm(Flow.Senior2)), ClaimErrors.AlreadyApproved);
        Flow.Refused(() => g.Do(g.Take(Flow.Senior2)), ClaimErrors.IllegalTransition);
        Assert.Single(g.History.OfType<ApprovalConfirmed>());
    }

    [Fact]
    public void The_second_reviewer_may_send_the_claim_back_to_review()
    {
        var f = new Flow().AwaitingSecondApproval();
        f.Do(f.Take(Flow.Senior));
        Flow.Refused(() => f.Do(new DeclineApproval(" ") { Actor = Flow.Senior, At = f.Now }), ClaimErrors.InvalidInput);
        Assert.IsType<ApprovalDeclined>(Assert.Single(f.Do(new DeclineApproval("fee not on the statement") { Actor = Flow.Senior, At = f.Now })));
        Assert.Equal(ClaimStatus.UnderReview, f.State.Status);
        Assert.Null(f.State.FirstApproval);
        Assert.Equal(f.Now, f.State.WaitingSince);
    }

    [Fact]
    public void A_reviewer_rejects_with_a_reason_from_the_list()
    {
        var f = new Flow().Escalated();
        f.Do(f.Take(Flow.Reviewer));
        Flow.Refused(() => f.Do(new RejectClaim(RejectionCode.Other, null) { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.InvalidInput);
        Flow.Refused(() => f.Do(new RejectClaim((RejectionCode)99, "x") { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.InvalidInput);
        var rejected = Assert.IsType<ClaimRejected>(Assert.Single(f.Do(new RejectClaim(RejectionCode.DocumentNotValid, "edited PDF") { Actor = Flow.Reviewer, At = f.Now })));
        Assert.Equal("書類が確認できません", rejected.Explanation.Ja);
        Assert.Equal("edited PDF", rejected.Note);
        Assert.Equal(ClaimStatus.Rejected, f.State.Status);
        Assert.Equal(Flow.Reviewer, f.State.Rejection!.By);
        Flow.Refused(() => f.Do(new RejectClaim(RejectionCode.DocumentNotValid, null) { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.IllegalTransition);
    }

    [Fact]
    public void A_claim_waiting_for_its_second_approval_can_be_rejected_but_not_an_approved_one()
    {
        var f = new Flow().AwaitingSecondApproval();
        f.Do(f.Take(Flow.Senior));
        Flow.Refused(() => f.Do(new RejectClaim(RejectionCode.NoResponse, null) { Actor = Flow.Senior, At = f.Now }), ClaimErrors.AlreadyApproved);
        var approved = new Flow().AutoApproved();
        Flow.Refused(() => approved.Do(new RejectClaim(RejectionCode.NoResponse, null) { Actor = Flow.Senior, At = approved.Now }), ClaimErrors.AlreadyApproved);
    }

    [Fact]
    public void A_reviewer_requests_information_with_a_deadline()
    {
        var f = new Flow().Escalated();
        f.Do(f.Take(Flow.Reviewer));
        Flow.Refused(() => f.Do(new RequestInformation("明細の裏面もお送りください", f.Now) { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.InvalidInput);
        Flow.Refused(() => f.Do(new RequestInformation("明細の裏面もお送りください", f.Now.AddDays(91)) { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.InvalidInput);
        Flow.Refused(() => f.Do(new RequestInformation("", f.Now.AddDays(7)) { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.InvalidInput);
        Flow.Refused(() => f.Do(new RequestInformation(new string('あ', 2_001), f.Now.AddDays(7)) { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.InvalidInput);

        var request = Assert.IsType<InformationRequested>(Assert.Single(f.Do(new RequestInformation("明細の裏面もお送りください", f.Now.AddDays(7)) { Actor = Flow.Reviewer, At = f.Now })));
        Assert.False(request.Automatic);
        Assert.Equal(InformationRequestKind.ReviewerQuestion, request.Kind);
        Assert.Equal(ClaimStatus.InformationRequested, f.State.Status);
        Assert.Equal(0, f.State.AutomaticRequests);
        Assert.Null(f.State.Lease);
    }

    [Fact]
    public void Reviewers_are_reminded_after_the_sla_and_again_one_sla_later()
    {
        var f = new Flow().Escalated();
        var escalatedAt = f.Now;
        var step = Assert.Single(ClaimWorkflow.NextSteps(f.State, f.Now));
        Assert.Equal(ClaimStepKind.RemindReviewers, step.Kind);
        Assert.Equal(escalatedAt.AddHours(48), step.DueAt);

        f.Advance(TimeSpan.FromHours(47));
        Assert.Empty(f.Do(f.Sys(new RemindReviewers { Actor = Actor.System, At = f.Now })));
        f.At(escalatedAt.AddHours(48));
        var reminded = Assert.IsType<ReviewersReminded>(Assert.Single(f.Do(f.Sys(new RemindReviewers { Actor = Actor.System, At = f.Now }))));
        Assert.Equal(escalatedAt, reminded.WaitingSince);
        Assert.Empty(f.Do(f.Sys(new RemindReviewers { Actor = Actor.System, At = f.Now })));

        var next = Assert.Single(ClaimWorkflow.NextSteps(f.State, f.Now));
        Assert.Equal(escalatedAt.AddHours(96), next.DueAt);
        Assert.NotEqual(step.Key, next.Key);
        Assert.False(ClaimWorkflow.IsCurrent(f.State, step, f.Now));
        Assert.True(ClaimWorkflow.IsCurrent(f.State, next, f.Now));
    }

    [Fact]
    public void A_claim_waiting_for_its_second_approval_also_reminds_reviewers()
    {
        var f = new Flow().AwaitingSecondApproval();
        var step = Assert.Single(ClaimWorkflow.NextSteps(f.State, f.Now));
        Assert.Equal(ClaimStepKind.RemindReviewers, step.Kind);
        Assert.Equal(f.Now.AddHours(48), step.DueAt);
        Assert.Empty(f.Do(new RemindReviewers { Actor = Actor.System, At = f.Now }));
        f.Advance(TimeSpan.FromHours(48));
        Assert.Single(f.Do(new RemindReviewers { Actor = Actor.System, At = f.Now }));
    }
}
