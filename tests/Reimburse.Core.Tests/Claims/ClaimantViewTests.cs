using Reimburse.Claims;
using Reimburse.Core.Tests.Policy;
using Reimburse.Policy;

namespace Reimburse.Core.Tests.Claims;

public sealed class ClaimantViewTests
{
    [Fact]
    public void A_rejected_claim_gives_the_rejection_in_both_languages()
    {
        var flow = Flow.In(ClaimStatus.Rejected);

        var reason = Assert.Single(ClaimantView.Reasons(flow.State, flow.History));

        Assert.Equal("not-affected", reason.Code);
        Assert.Equal(flow.State.Rejection!.Explanation, reason.Text);
    }

    [Fact]
    public void An_open_request_is_the_reason_with_its_message()
    {
        var flow = Flow.In(ClaimStatus.InformationRequested);

        var reason = Assert.Single(ClaimantView.Reasons(flow.State, flow.History));

        Assert.Equal("information-requested", reason.Code);
        Assert.Contains("までにご提出ください", reason.Text.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_review_the_claimant_sees_the_checks_by_title_then_that_a_person_is_looking()
    {
        var flow = Flow.In(ClaimStatus.UnderReview);

        var reasons = ClaimantView.Reasons(flow.State, flow.History);

        Assert.Equal(["amount-declared", "review"], reasons.Select(r => r.Code));
        Assert.Equal(PolicyRules.DeclaredAmount.Title, reasons[0].Text);
    }

    [Fact]
    public void Checks_against_abuse_and_staff_notes_never_reach_the_claimant()
    {
        var flow = new Flow().Validating();
        flow.Do(flow.Validate(flow.Report(i => i with
        {
            Documents = [PolicySamples.Document() with { SameBytesInClaims = ["CL-OTHER-CLAIM"] }],
            OtherClaimsForCard = [new OtherClaim("CL-SECOND", ClaimStanding.Open)],
        })));
        Assert.Equal(ClaimStatus.UnderReview, flow.State.Status);

        var reasons = ClaimantView.Reasons(flow.State, flow.History);
        var text = string.Join("|", reasons.Select(r => r.Text.Ja + r.Text.En));

        Assert.Equal(["review"], reasons.Select(r => r.Code));
        Assert.DoesNotContain("CL-", text, StringComparison.Ordinal);

        var manual = new Flow().Submitted();
        manual.Do(manual.By(Flow.Operator, new EscalateManually("顧客から電話あり、要確認") { Actor = Flow.Operator, At = manual.Now }));
        var manualReasons = ClaimantView.Reasons(manual.State, manual.History);
        Assert.Equal(["review"], manualReasons.Select(r => r.Code));
        Assert.DoesNotContain(manualReasons, r => r.Text.Ja.Contains("電話", StringComparison.Ordinal));
    }

    [Fact]
    public void An_expired_request_says_so()
    {
        var flow = Flow.In(ClaimStatus.InformationRequested);
        flow.At(flow.State.OpenRequest!.Deadline);
        flow.Do(new ExpireInformationRequest(flow.State.OpenRequest!.RequestId) { Actor = Actor.System, At = flow.Now });

        var reasons = ClaimantView.Reasons(flow.State, flow.History);

        Assert.Equal("information-expired", reasons[0].Code);
    }

    [Theory]
    [InlineData(ClaimStatus.Extracting)]
    [InlineData(ClaimStatus.Approved)]
    [InlineData(ClaimStatus.Paid)]
    public void Received_approved_and_paid_claims_need_no_reason(ClaimStatus status)
    {
        var flow = Flow.In(status);
        Assert.Empty(ClaimantView.Reasons(flow.State, flow.History));
    }

    [Fact]
    public void The_timeline_shows_what_the_claimant_did_and_what_was_decided_not_the_workflow_s_steps()
    {
        var flow = Flow.In(ClaimStatus.Paid);

        var timeline = ClaimantView.Timeline(flow.History);

        Assert.Equal(["submitted", "approved", "payment-started", "paid"], timeline.Select(t => t.Kind));
        Assert.All(timeline, t => Assert.False(string.IsNullOrWhiteSpace(t.Text.Ja) || string.IsNullOrWhiteSpace(t.Text.En)));
        Assert.Equal(flow.History.OfType<PaymentConfirmed>().Single().At, timeline[^1].At);
    }

    [Fact]
    public void A_second_approval_appears_once_in_the_timeline()
    {
        var flow = Flow.In(ClaimStatus.AwaitingSecondApproval);
        flow.Do(flow.Take(Flow.Senior));
        flow.Do(flow.Confirm(Flow.Senior));

        var kinds = ClaimantView.Timeline(flow.History).Select(t => t.Kind).ToList();

        Assert.Equal(["submitted", "under-review", "approved"], kinds);
    }
}
