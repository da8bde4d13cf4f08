using Reimburse.Claims;
using Reimburse.Core.Tests.Policy;
using Reimburse.Policy;

namespace Reimburse.Core.Tests.Claims;

/// <summary>
/// Every command in every status: it either yields events (a legal transition), yields nothing (a repeated or stale
/// step, or a retried request already done), or is refused with a <see cref="ClaimDomainException"/> — never any
/// other exception, and exactly as the table says.
/// </summary>
public class TransitionMatrixTests
{
    private static readonly ClaimStatus[] Existing = [.. Enum.GetValues<ClaimStatus>().Where(s => s != ClaimStatus.None)];

    internal static readonly IReadOnlyDictionary<string, Func<Flow, IReadOnlyList<ClaimEvent>>> Probes =
        new Dictionary<string, Func<Flow, IReadOnlyList<ClaimEvent>>>
        {
            ["submit"] = f => f.Do(f.Submit()),
            ["add-document"] = f => f.Do(new AddDocument(Flow.Doc("d9")) { Actor = Flow.Claimant, At = f.Now }),
            ["provide"] = f => f.Do(new ProvideInformation(f.State.OpenRequest?.RequestId ?? "rq-1", "x", [Flow.Doc("d9")], PolicySamples.Account) { Actor = Flow.Claimant, At = f.Now }),
            ["extract"] = f => f.Do(f.Extract("d1")),
            ["validate"] = f => f.Do(f.Validate()),
            ["payout-check"] = f => f.Do(new RecordPayoutCheck(f.State.Version, [new RuleResult(PolicyRules.PayoutHolder.Code, RuleStatus.Passed, RuleSeverity.Soft, new("ok", "ok"))]) { Actor = Actor.System, At = f.Now }),
            ["expire"] = f => f.Do(new ExpireInformationRequest(f.State.OpenRequest?.RequestId ?? "rq-1") { Actor = Actor.System, At = f.Now.AddDays(400) }),
            ["remind"] = f => f.Do(new RemindReviewers { Actor = Actor.System, At = f.Now.AddDays(400) }),
            ["purge"] = f => f.Do(new PurgePersonalData { Actor = Actor.System, At = f.Now.AddDays(400) }),
            ["flag"] = f => f.Do(new FlagForAttention("ValidateClaim:v9", 5, "boom") { Actor = Actor.System, At = f.Now }),
            ["clear-attention"] = f => f.Do(new ClearAttention("ok") { Actor = Flow.Operator, At = f.Now }),
            ["escalate-manually"] = f => f.Do(new EscalateManually("stuck") { Actor = Flow.Operator, At = f.Now }),
            ["take-lease"] = f => f.Do(f.Take(Flow.Senior2)),
            ["release-lease"] = f => f.Do(new ReleaseReviewLease { Actor = Flow.Senior2, At = f.Now }),
            ["approve"] = f => WithLease(f, () => f.Do(f.Approve(Flow.Senior2))),
            ["confirm"] = f => WithLease(f, () => f.Do(f.Confirm(Flow.Senior2))),
            ["decline"] = f => WithLease(f, () => f.Do(new DeclineApproval("no") { Actor = Flow.Senior2, At = f.Now })),
            ["reject"] = f => WithLease(f, () => f.Do(new RejectClaim(RejectionCode.DocumentNotValid, null) { Actor = Flow.Senior2, At = f.Now })),
            ["request-information"] = f => WithLease(f, () => f.Do(new RequestInformation("?", f.Now.AddDays(7)) { Actor = Flow.Senior2, At = f.Now })),
            ["add-to-batch"] = f => f.Do(new AddToBatch("B-001") { Actor = Flow.Finance, At = f.Now }),
            ["remove-from-batch"] = f => f.Do(new RemoveFromBatch("B-001", "cancelled") { Actor = Flow.Finance, At = f.Now }),
            ["record-payment"] = f => f.Do(new RecordPayment("B-001", new DateOnly(2026, 4, 1)) { Actor = Flow.Finance, At = f.Now }),
            ["record-return"] = f => f.Do(new RecordReturn("B-001", ReturnCode.NoSuchAccount, null) { Actor = Flow.Finance, At = f.Now }),
            ["reject-account"] = f => f.Do(new RejectBankAccount("unknown branch") { Actor = Flow.Finance, At = f.Now }),
        };

    // probe → (statuses where it yields events, statuses where it yields nothing); everywhere else it is refused.
    private static readonly Dictionary<string, (ClaimStatus[] Events, ClaimStatus[] Nothing)> Expected = new()
    {
        ["submit"] = ([ClaimStatus.None], Existing),
        ["add-document"] = ([ClaimStatus.Extracting, ClaimStatus.Validating], []),
        ["provide"] = ([ClaimStatus.InformationRequested], []),
        ["extract"] = ([ClaimStatus.Extracting], Except(ClaimStatus.Extracting)),
        ["validate"] = ([ClaimStatus.Validating], Except(ClaimStatus.Validating)),
        ["payout-check"] = ([ClaimStatus.VerifyingBankAccount], Except(ClaimStatus.VerifyingBankAccount)),
        ["expire"] = ([ClaimStatus.InformationRequested], Except(ClaimStatus.InformationRequested)),
        ["remind"] = ([ClaimStatus.UnderReview, ClaimStatus.AwaitingSecondApproval], Except(ClaimStatus.UnderReview, ClaimStatus.AwaitingSecondApproval)),
        ["purge"] = ([ClaimStatus.Paid, ClaimStatus.Rejected], Except(ClaimStatus.Paid, ClaimStatus.Rejected)),
        ["flag"] = (Existing, []),
        ["clear-attention"] = ([], []),
        ["escalate-manually"] = ([ClaimStatus.Extracting, ClaimStatus.Validating, ClaimStatus.VerifyingBankAccount, ClaimStatus.InformationRequested], []),
        ["take-lease"] = ([ClaimStatus.UnderReview, ClaimStatus.AwaitingSecondApproval], []),
        ["release-lease"] = ([], Existing),
        ["approve"] = ([ClaimStatus.UnderReview], []),
        ["confirm"] = ([ClaimStatus.AwaitingSecondApproval], []),
        ["decline"] = ([ClaimStatus.AwaitingSecondApproval], []),
        ["reject"] = ([ClaimStatus.UnderReview], []),
        ["request-information"] = ([ClaimStatus.UnderReview], []),
        ["add-to-batch"] = ([ClaimStatus.Approved], [ClaimStatus.InPayment]),
        ["remove-from-batch"] = ([ClaimStatus.InPayment], []),
        ["record-payment"] = ([ClaimStatus.InPayment], [ClaimStatus.Paid]),
        ["record-return"] = ([ClaimStatus.InPayment, ClaimStatus.Paid], [ClaimStatus.VerifyingBankAccount]),
        ["reject-account"] = ([ClaimStatus.Approved], []),
    };

    public static TheoryData<string, ClaimStatus> Cases()
    {
        var data = new TheoryData<string, ClaimStatus>();
        foreach (var probe in Probes.Keys)
        {
            foreach (var status in Enum.GetValues<ClaimStatus>())
            {
                data.Add(probe, status);
            }
        }
        return data;
    }

    [Fact]
    public void Every_probe_has_an_expectation()
    {
        Assert.Equal(Probes.Keys.Order(), Expected.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_command_in_each_status_is_a_transition_a_no_op_or_a_domain_error(string probe, ClaimStatus status)
    {
        var f = Flow.In(status);
        var before = ClaimJson.Serialize(f.State);
        var (events, nothing) = Expected[probe];
        if (events.Contains(status))
        {
            Assert.NotEmpty(Probes[probe](f));
        }
        else if (nothing.Contains(status))
        {
            Assert.Empty(Probes[probe](f));
            Assert.Equal(before, ClaimJson.Serialize(f.State));
        }
        else
        {
            var ex = Assert.Throws<ClaimDomainException>(() => Probes[probe](f));
            Assert.False(string.IsNullOrWhiteSpace(ex.Text.Ja));
            Assert.False(string.IsNullOrWhiteSpace(ex.Text.En));
        }
    }

    [Fact]
    public void Decide_is_deterministic_and_replay_gives_the_incremental_state()
    {
        foreach (var status in Existing)
        {
            var a = Flow.In(status);
            var b = Flow.In(status);
            Assert.Equal(a.History.Select(ClaimJson.Serialize), b.History.Select(ClaimJson.Serialize));
            Assert.Equal(ClaimJson.Serialize(a.State), ClaimJson.Serialize(ClaimWorkflow.Replay(a.History)));
            Assert.Equal(a.History.Count, a.State.Version);
        }
    }

    [Fact]
    public void Every_next_step_carries_the_version_and_is_current_for_its_state()
    {
        foreach (var status in Existing)
        {
            var f = Flow.In(status);
            foreach (var step in ClaimWorkflow.NextSteps(f.State, f.Now))
            {
                Assert.Equal(f.State.Version, step.Version);
                Assert.True(ClaimWorkflow.IsCurrent(f.State, step, f.Now));
                Assert.False(ClaimWorkflow.IsCurrent(f.State, step with { ClaimId = "CL-OTHER" }, f.Now));
            }
        }
    }

    private static IReadOnlyList<ClaimEvent> WithLease(Flow f, Func<IReadOnlyList<ClaimEvent>> act)
    {
        try
        {
            f.Do(f.Take(Flow.Senior2));
        }
        catch (ClaimDomainException)
        {
            // Not in review: the command itself must then be refused.
        }
        return act();
    }

    private static ClaimStatus[] Except(params ClaimStatus[] statuses) => [.. Existing.Except(statuses)];
}
