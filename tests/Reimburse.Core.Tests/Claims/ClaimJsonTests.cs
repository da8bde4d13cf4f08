using System.Text.Json;
using System.Text.Json.Nodes;
using Reimburse.Claims;

namespace Reimburse.Core.Tests.Claims;

public class ClaimJsonTests
{
    // Stored names never change: this list pins them.
    private static readonly Dictionary<Type, string> Pinned = new()
    {
        [typeof(ClaimSubmitted)] = "claim-submitted",
        [typeof(DocumentAdded)] = "document-added",
        [typeof(ExtractionSucceeded)] = "extraction-succeeded",
        [typeof(ExtractionFailed)] = "extraction-failed",
        [typeof(ClaimValidated)] = "claim-validated",
        [typeof(ClaimAutoApproved)] = "claim-auto-approved",
        [typeof(ClaimEscalated)] = "claim-escalated",
        [typeof(ClaimRejected)] = "claim-rejected",
        [typeof(InformationRequested)] = "information-requested",
        [typeof(InformationProvided)] = "information-provided",
        [typeof(InformationRequestExpired)] = "information-request-expired",
        [typeof(ReviewLeaseTaken)] = "review-lease-taken",
        [typeof(ReviewLeaseReleased)] = "review-lease-released",
        [typeof(ReviewerApproved)] = "reviewer-approved",
        [typeof(ApprovalConfirmed)] = "approval-confirmed",
        [typeof(ApprovalDeclined)] = "approval-declined",
        [typeof(ReviewersReminded)] = "reviewers-reminded",
        [typeof(AddedToBatch)] = "added-to-batch",
        [typeof(RemovedFromBatch)] = "removed-from-batch",
        [typeof(PaymentConfirmed)] = "payment-confirmed",
        [typeof(PaymentReturned)] = "payment-returned",
        [typeof(BankAccountRejected)] = "bank-account-rejected",
        [typeof(BankAccountChanged)] = "bank-account-changed",
        [typeof(PayoutAccountVerified)] = "payout-account-verified",
        [typeof(PersonalDataPurged)] = "personal-data-purged",
        [typeof(FlaggedForAttention)] = "flagged-for-attention",
        [typeof(AttentionCleared)] = "attention-cleared",
    };

    [Fact]
    public void Every_event_type_is_registered_under_its_pinned_name()
    {
        var concrete = typeof(ClaimEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ClaimEvent)) && !t.IsAbstract)
            .ToHashSet();
        Assert.Equal(concrete.OrderBy(t => t.Name), ClaimEvent.TypeNames.Keys.OrderBy(t => t.Name));
        Assert.Equal(Pinned.OrderBy(p => p.Key.Name), ClaimEvent.TypeNames.OrderBy(p => p.Key.Name));
        Assert.All(concrete, t => Assert.True(t.IsSealed, t.Name + " must be sealed"));
    }

    [Fact]
    public void Every_event_type_round_trips_through_json_with_its_discriminator_first()
    {
        var events = AllKindsOfEvents();
        Assert.Equal(Pinned.Keys.OrderBy(t => t.Name), events.Select(e => e.GetType()).Distinct().OrderBy(t => t.Name));
        foreach (var e in events)
        {
            var json = ClaimJson.Serialize(e);
            var node = JsonNode.Parse(json)!.AsObject();
            Assert.Equal("type", node.First().Key);
            Assert.Equal(e.Type, (string?)node["type"]);
            Assert.NotNull(node["at"]);
            Assert.NotNull(node["actor"]);
            Assert.NotNull(node["reason"]);
            var back = ClaimJson.DeserializeEvent(json);
            Assert.IsType(e.GetType(), back);
            Assert.Equal(json, ClaimJson.Serialize(back));
            Assert.Equal(e.At, back.At);
            Assert.Equal(e.Actor, back.Actor);
        }
    }

    [Fact]
    public void Yen_and_enums_are_written_as_plain_values_and_kana_unescaped()
    {
        var f = new Flow().Submitted();
        var json = ClaimJson.Serialize(f.History[0]);
        Assert.Contains("\"declaredFee\":1100", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Claimant\"", json, StringComparison.Ordinal);
        Assert.Contains("ヤマダ タロウ", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_event_type_is_refused()
    {
        Assert.Throws<JsonException>(() => ClaimJson.DeserializeEvent("""{"type":"claim-teleported","at":"2026-01-01T00:00:00Z","actor":{"kind":"System","id":"system"},"reason":"?"}"""));
        Assert.Throws<JsonException>(() => ClaimJson.DeserializeEvent("null"));
    }

    [Fact]
    public void The_state_round_trips_in_every_status()
    {
        foreach (var status in Enum.GetValues<ClaimStatus>())
        {
            var state = Flow.In(status).State;
            var json = ClaimJson.Serialize(state);
            var back = ClaimJson.DeserializeState(json);
            Assert.Equal(json, ClaimJson.Serialize(back));
            Assert.Equal(state.Status, back.Status);
            Assert.Equal(state.Version, back.Version);
            Assert.Equal(state.PayoutAccount, back.PayoutAccount);
        }
    }

    [Fact]
    public void Steps_round_trip()
    {
        var f = new Flow().Submitted("d1", "d2");
        foreach (var step in ClaimWorkflow.NextSteps(f.State, f.Now))
        {
            Assert.Equal(step, ClaimJson.DeserializeStep(ClaimJson.Serialize(step)));
        }
    }

    [Fact]
    public void Events_without_personal_data_keep_no_account_name_or_file_name()
    {
        foreach (var e in AllKindsOfEvents())
        {
            var redacted = e.WithoutPersonalData();
            Assert.False(redacted.HasPersonalData, e.Type);
            Assert.Equal(e.GetType(), redacted.GetType());
            Assert.Equal(e.At, redacted.At);
            var json = ClaimJson.Serialize(redacted);
            Assert.DoesNotContain("1234567", json, StringComparison.Ordinal);
            Assert.DoesNotContain("7654321", json, StringComparison.Ordinal);
            Assert.DoesNotContain("ヤマダ", json, StringComparison.Ordinal);
            Assert.DoesNotContain("TARO", json, StringComparison.Ordinal);
            Assert.DoesNotContain("明細.pdf", json, StringComparison.Ordinal);
            if (!e.HasPersonalData)
            {
                Assert.Same(e, redacted);
            }
        }
        Assert.Contains(AllKindsOfEvents(), e => e.HasPersonalData);
    }

    internal static List<ClaimEvent> AllKindsOfEvents()
    {
        var events = new List<ClaimEvent>();
        foreach (var status in Enum.GetValues<ClaimStatus>())
        {
            foreach (var probe in TransitionMatrixTests.Probes.Values)
            {
                var f = Flow.In(status);
                try
                {
                    probe(f);
                }
                catch (ClaimDomainException)
                {
                }
                events.AddRange(f.History);
            }
        }
        var g = new Flow().Escalated();
        g.Do(g.Take(Flow.Reviewer));
        g.Do(new ReleaseReviewLease { Actor = Flow.Reviewer, At = g.Now });
        g.Do(new FlagForAttention("RemindReviewers:1", 5, "boom") { Actor = Actor.System, At = g.Now });
        g.Do(new ClearAttention("fixed") { Actor = Flow.Operator, At = g.Now });
        events.AddRange(g.History);
        return events;
    }
}
