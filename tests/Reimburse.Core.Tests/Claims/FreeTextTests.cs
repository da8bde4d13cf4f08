using Reimburse.Claims;
using Reimburse.Privacy;

namespace Reimburse.Core.Tests.Claims;

/// <summary>Free text reaches events (kept for good, shown to staff): a card number in it is masked first (invariant 4).</summary>
public class FreeTextTests
{
    // A Luhn-valid test number as a claimant or a reviewer would type or paste it.
    private const string Typed = "4111 1111 1111 1111";
    private const string Masked = "****-****-****-1111";

    [Fact]
    public void A_card_number_in_the_claimants_answer_is_masked_before_it_is_stored()
    {
        var f = new Flow().Escalated();
        f.Do(f.Take(Flow.Reviewer));
        f.Do(new RequestInformation("割引の内容を教えてください", f.Now.AddDays(7)) { Actor = Flow.Reviewer, At = f.Now });

        var events = f.Do(new ProvideInformation(f.State.OpenRequest!.RequestId, "カード " + Typed + " の再発行で1,000円でした", [], null) { Actor = Flow.Claimant, At = f.Now });

        var provided = Assert.IsType<InformationProvided>(Assert.Single(events));
        Assert.Equal("カード " + Masked + " の再発行で1,000円でした", provided.Note);
        AssertNoCardNumber(events);
    }

    [Fact]
    public void A_card_number_in_a_reviewers_question_or_rejection_note_is_masked_before_it_is_stored()
    {
        var f = new Flow().Escalated();
        f.Do(f.Take(Flow.Reviewer));
        var asked = f.Do(new RequestInformation("カード番号 " + Typed + " の明細を送ってください", f.Now.AddDays(7)) { Actor = Flow.Reviewer, At = f.Now });
        var request = Assert.IsType<InformationRequested>(Assert.Single(asked));
        Assert.Equal("カード番号 " + Masked + " の明細を送ってください", request.Message.Ja);
        AssertNoCardNumber(asked);

        var g = new Flow().Escalated();
        g.Do(g.Take(Flow.Reviewer));
        var rejected = g.Do(new RejectClaim(RejectionCode.Other, "the statement shows " + Typed) { Actor = Flow.Reviewer, At = g.Now });
        Assert.Equal("the statement shows " + Masked, Assert.IsType<ClaimRejected>(Assert.Single(rejected)).Note);
        AssertNoCardNumber(rejected);

        var h = new Flow().Validating();
        var escalated = h.Do(new EscalateManually("customer phoned with " + Typed) { Actor = Flow.Reviewer, At = h.Now });
        AssertNoCardNumber(escalated);
        Assert.Contains(Masked, Assert.Single(escalated).Reason, StringComparison.Ordinal);
    }

    private static void AssertNoCardNumber(IEnumerable<ClaimEvent> events)
    {
        foreach (var e in events)
        {
            var json = ClaimJson.Serialize(e);
            Assert.False(CardNumbers.ContainsCardNumber(json), json);
            Assert.False(CardNumbers.ContainsCardNumber(e.Reason), e.Reason);
        }
    }
}
