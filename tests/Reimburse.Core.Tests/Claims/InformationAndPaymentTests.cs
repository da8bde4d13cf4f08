using Reimburse.Banking;
using Reimburse.Claims;
using Reimburse.Core.Tests.Policy;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Text;

namespace Reimburse.Core.Tests.Claims;

public class InformationAndPaymentTests
{
    private static readonly BankAccount NewAccount = new("0009", "123", AccountType.Ordinary, "7654321", "ヤマダ タロウ");

    [Fact]
    public void An_answer_must_name_the_open_request()
    {
        var f = new Flow().AskedForDocument();
        var answer = new ProvideInformation("rq-999", null, [Flow.Doc("d2")], null) { Actor = Flow.Claimant, At = f.Now };
        Flow.Refused(() => f.Do(answer), ClaimErrors.RequestMismatch);
        Flow.Refused(() => f.Do(answer with { RequestId = f.State.OpenRequest!.RequestId, Documents = [] }), ClaimErrors.InvalidInput);
        Flow.Refused(() => f.Do(answer with { RequestId = f.State.OpenRequest!.RequestId, Actor = Actor.Claimant("C0002") }), ClaimErrors.Forbidden);
        Flow.Refused(() => f.Do(answer with { RequestId = f.State.OpenRequest!.RequestId, Documents = [Flow.Doc("d1")] }), ClaimErrors.UnknownDocument);
    }

    [Fact]
    public void Answering_when_nothing_was_asked_is_an_illegal_transition()
    {
        var f = new Flow().Escalated();
        Flow.Refused(() => f.Do(new ProvideInformation("rq-1", "hello", [], null) { Actor = Flow.Claimant, At = f.Now }), ClaimErrors.IllegalTransition);
    }

    [Fact]
    public void An_answer_to_a_reviewer_question_goes_back_through_validation()
    {
        var f = new Flow().Escalated();
        f.Do(f.Take(Flow.Reviewer));
        f.Do(new RequestInformation("割引の内容を教えてください", f.Now.AddDays(7)) { Actor = Flow.Reviewer, At = f.Now });
        var events = f.Do(new ProvideInformation(f.State.OpenRequest!.RequestId, "会員割引で1,000円でした", [], null) { Actor = Flow.Claimant, At = f.Now });
        var provided = Assert.IsType<InformationProvided>(Assert.Single(events));
        Assert.True(provided.HasPersonalData);
        Assert.Empty(provided.SupersededDocumentIds);
        Assert.Equal(ClaimStatus.Validating, f.State.Status);
        Assert.Null(f.State.OpenRequest);
        Assert.Equal(ClaimStepKind.ValidateClaim, Assert.Single(ClaimWorkflow.NextSteps(f.State, f.Now)).Kind);
    }

    [Fact]
    public void A_request_expires_at_its_deadline_and_the_claim_goes_to_a_reviewer()
    {
        var f = new Flow().AskedForDocument();
        var request = f.State.OpenRequest!;
        var expire = new ExpireInformationRequest(request.RequestId) { Actor = Actor.System, At = request.Deadline.AddSeconds(-1) };
        Assert.Empty(f.Do(expire));
        Assert.Empty(f.Do(expire with { RequestId = "rq-0", At = request.Deadline }));
        Flow.Refused(() => f.Do(expire with { Actor = Flow.Reviewer, At = request.Deadline }), ClaimErrors.Forbidden);

        var events = f.Do(expire with { At = request.Deadline });
        Assert.IsType<InformationRequestExpired>(events[0]);
        Assert.Equal(EscalationReason.InformationExpired, Assert.Single(Assert.IsType<ClaimEscalated>(events[1]).Reasons).Code);
        Assert.Equal(ClaimStatus.UnderReview, f.State.Status);
        Assert.Null(f.State.OpenRequest);
        Assert.Empty(f.Do(expire with { At = request.Deadline.AddDays(1) }));
    }

    [Fact]
    public void An_answer_after_expiry_is_refused()
    {
        var f = new Flow().AskedForDocument();
        var request = f.State.OpenRequest!;
        f.At(request.Deadline).Do(new ExpireInformationRequest(request.RequestId) { Actor = Actor.System, At = f.Now });
        Flow.Refused(() => f.Do(new ProvideInformation(request.RequestId, null, [Flow.Doc("d2")], null) { Actor = Flow.Claimant, At = f.Now }), ClaimErrors.IllegalTransition);
    }

    [Fact]
    public void Finance_batches_an_approved_refund_once()
    {
        var f = new Flow().AutoApproved();
        var add = new AddToBatch("B-001") { Actor = Flow.Finance, At = f.Now };
        Flow.Refused(() => f.Do(add with { Actor = Flow.Reviewer }), ClaimErrors.Forbidden);
        Flow.Refused(() => f.Do(add with { BatchId = "B 001" }), ClaimErrors.InvalidInput);
        Assert.IsType<AddedToBatch>(Assert.Single(f.Do(add)));
        Assert.Equal(ClaimStatus.InPayment, f.State.Status);
        Assert.Equal(ClaimantStatus.PaymentInProgress, f.State.ClaimantStatus);
        Assert.Empty(f.Do(add));
        Flow.Refused(() => f.Do(add with { BatchId = "B-002" }), ClaimErrors.IllegalTransition);
    }

    [Fact]
    public void Only_approved_refunds_are_batched()
    {
        var f = new Flow().Escalated();
        Flow.Refused(() => f.Do(new AddToBatch("B-001") { Actor = Flow.Finance, At = f.Now }), ClaimErrors.IllegalTransition);
    }

    [Fact]
    public void A_refund_taken_out_of_an_unexported_batch_is_approved_again()
    {
        var f = new Flow().InPayment();
        Flow.Refused(() => f.Do(new RemoveFromBatch("B-002", "wrong batch") { Actor = Flow.Finance, At = f.Now }), ClaimErrors.IllegalTransition);
        f.Do(new RemoveFromBatch("B-001", "batch cancelled") { Actor = Flow.Finance, At = f.Now });
        Assert.Equal(ClaimStatus.Approved, f.State.Status);
        Assert.Null(f.State.BatchId);
        f.Do(new AddToBatch("B-002") { Actor = Flow.Finance, At = f.Now });
        Assert.Equal("B-002", f.State.BatchId);
    }

    [Fact]
    public void A_payment_is_recorded_once_for_its_batch()
    {
        var f = new Flow().InPayment();
        var pay = new RecordPayment("B-001", new DateOnly(2026, 4, 1)) { Actor = Flow.Finance, At = f.Now };
        Flow.Refused(() => f.Do(pay with { BatchId = "B-002" }), ClaimErrors.IllegalTransition);
        var paid = Assert.IsType<PaymentConfirmed>(Assert.Single(f.Do(pay)));
        Assert.Equal(new Yen(1_100), paid.Amount);
        Assert.Equal(ClaimStatus.Paid, f.State.Status);
        Assert.Equal(ClaimantStatus.Paid, f.State.ClaimantStatus);
        Assert.Empty(f.Do(pay));
        Assert.Single(f.History.OfType<PaymentConfirmed>());
        Flow.Refused(() => new Flow().AutoApproved().Do(pay), ClaimErrors.IllegalTransition);
    }

    [Fact]
    public void A_returned_transfer_asks_for_a_corrected_account_and_is_approved_into_a_later_batch()
    {
        var f = new Flow().InPayment();
        var events = f.Do(new RecordReturn("B-001", ReturnCode.NoSuchAccount, "口座なし") { Actor = Flow.Finance, At = f.Now });
        Assert.IsType<PaymentReturned>(events[0]);
        var request = Assert.IsType<InformationRequested>(events[1]);
        Assert.Equal(InformationRequestKind.CorrectedBankAccount, request.Kind);
        Assert.Contains("口座なし", request.Message.Ja, StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.InformationRequested, f.State.Status);
        Assert.Null(f.State.BatchId);
        Assert.Equal(ClaimStanding.Refunded, f.State.Standing);
        Assert.True(f.State.MayAskClaimantAutomatically);
        Assert.Empty(f.Do(new RecordReturn("B-001", ReturnCode.NoSuchAccount, null) { Actor = Flow.Finance, At = f.Now }));

        Flow.Refused(() => f.Do(new ProvideInformation(request.RequestId, null, [], null) { Actor = Flow.Claimant, At = f.Now }), ClaimErrors.InvalidInput);
        Flow.Refused(() => f.Do(new ProvideInformation(request.RequestId, null, [Flow.Doc("d9")], NewAccount) { Actor = Flow.Claimant, At = f.Now }), ClaimErrors.InvalidInput);
        var answer = f.Do(new ProvideInformation(request.RequestId, null, [], NewAccount) { Actor = Flow.Claimant, At = f.Now });
        Assert.Equal(NewAccount, Assert.IsType<BankAccountChanged>(answer[0]).Account);
        Assert.True(Assert.IsType<InformationProvided>(answer[1]).BankAccountChanged);
        Assert.Equal(ClaimStatus.VerifyingBankAccount, f.State.Status);
        Assert.Equal(NewAccount, f.State.PayoutAccount);
        var step = Assert.Single(ClaimWorkflow.NextSteps(f.State, f.Now));
        Assert.Equal(ClaimStepKind.VerifyPayoutAccount, step.Kind);

        var pass = new RuleResult(PolicyRules.PayoutHolder.Code, RuleStatus.Passed, RuleSeverity.Soft, new("ok", "ok"));
        var check = new RecordPayoutCheck(f.State.Version, [pass]) { Actor = Actor.System, At = f.Now };
        Assert.Empty(f.Do(check with { BasedOnVersion = f.State.Version - 1 }));
        Assert.IsType<PayoutAccountVerified>(Assert.Single(f.Do(check)));
        Assert.Equal(ClaimStatus.Approved, f.State.Status);
        Assert.Equal(new Yen(1_100), f.State.ApprovedAmount);
        Assert.Empty(f.Do(check));

        f.Do(new AddToBatch("B-002") { Actor = Flow.Finance, At = f.Now });
        f.Do(new RecordPayment("B-002", new DateOnly(2026, 5, 1)) { Actor = Flow.Finance, At = f.Now });
        Assert.Equal(ClaimStatus.Paid, f.State.Status);
        Assert.Single(f.History.OfType<PaymentConfirmed>());
    }

    [Fact]
    public void A_corrected_account_that_fails_its_check_goes_to_a_reviewer_who_approves_the_same_amount_alone()
    {
        var f = new Flow().VerifyingBankAccount();
        var fail = new RuleResult(PolicyRules.PayoutHolder.Code, RuleStatus.Failed, RuleSeverity.Soft, new("名義相違", "name mismatch"));
        var escalated = Assert.IsType<ClaimEscalated>(Assert.Single(f.Do(new RecordPayoutCheck(f.State.Version, [fail]) { Actor = Actor.System, At = f.Now })));
        Assert.Equal(PolicyRules.PayoutHolder.Code, Assert.Single(escalated.Reasons).Code);
        Assert.Equal(ClaimStatus.UnderReview, f.State.Status);
        f.Do(f.Take(Flow.Reviewer));
        var approved = Assert.IsType<ReviewerApproved>(Assert.Single(f.Do(f.Approve(Flow.Reviewer, 1_100))));
        Assert.False(approved.SecondApprovalRequired);
        Assert.Equal(ClaimStatus.Approved, f.State.Status);
    }

    [Fact]
    public void An_empty_payout_check_never_approves()
    {
        var f = new Flow().VerifyingBankAccount();
        var escalated = Assert.IsType<ClaimEscalated>(Assert.Single(f.Do(new RecordPayoutCheck(f.State.Version, []) { Actor = Actor.System, At = f.Now })));
        Assert.Equal(EscalationReason.PayoutCheck, Assert.Single(escalated.Reasons).Code);
    }

    [Fact]
    public void A_transfer_returned_after_it_was_recorded_as_paid_is_reopened()
    {
        var f = new Flow().Paid();
        f.Do(new RecordReturn("B-001", ReturnCode.AccountClosed, null) { Actor = Flow.Finance, At = f.Now });
        Assert.Equal(ClaimStatus.InformationRequested, f.State.Status);
        Assert.Null(f.State.ClosedAt);
        Assert.Null(f.State.PaidOn);
        Assert.DoesNotContain(ClaimWorkflow.NextSteps(f.State, f.Now), s => s.Kind == ClaimStepKind.PurgePersonalData);
    }

    [Fact]
    public void An_invalid_account_is_sent_back_to_the_claimant_before_payment()
    {
        var f = new Flow().AutoApproved();
        var events = f.Do(new RejectBankAccount("branch 001 does not exist at bank 0005") { Actor = Actor.System, At = f.Now });
        Assert.IsType<BankAccountRejected>(events[0]);
        Assert.Equal(InformationRequestKind.CorrectedBankAccount, Assert.IsType<InformationRequested>(events[1]).Kind);
        Assert.Equal(ClaimStatus.InformationRequested, f.State.Status);

        var batched = new Flow().InPayment();
        Flow.Refused(() => batched.Do(new RejectBankAccount("late") { Actor = Flow.Finance, At = batched.Now }), ClaimErrors.IllegalTransition);
        Flow.Refused(() => new Flow().AutoApproved().Do(new RejectBankAccount("x") { Actor = Flow.Reviewer, At = f.Now }), ClaimErrors.Forbidden);
    }

    [Fact]
    public void Personal_data_is_purged_after_the_retention_period_and_the_purge_is_an_event()
    {
        var f = new Flow().Paid();
        var step = Assert.Single(ClaimWorkflow.NextSteps(f.State, f.Now));
        Assert.Equal(ClaimStepKind.PurgePersonalData, step.Kind);
        Assert.Equal(f.State.ClosedAt!.Value.AddDays(180), step.DueAt);

        Assert.Empty(f.Do(new PurgePersonalData { Actor = Actor.System, At = step.DueAt.AddSeconds(-1) }));
        f.At(step.DueAt);
        var purged = Assert.IsType<PersonalDataPurged>(Assert.Single(f.Do(new PurgePersonalData { Actor = Actor.System, At = f.Now })));
        Assert.Equal(["d1"], purged.DocumentIds);
        Assert.True(f.State.PersonalDataPurged);
        Assert.Null(f.State.PayoutAccount);
        Assert.All(f.State.Documents, d =>
        {
            Assert.True(d.Purged);
            Assert.Null(d.Ref.FileName);
            Assert.Null(d.Facts?.HolderName);
        });
        Assert.Empty(ClaimWorkflow.NextSteps(f.State, f.Now));
        Assert.Empty(f.Do(new PurgePersonalData { Actor = Actor.System, At = f.Now }));

        var json = ClaimJson.Serialize(f.State);
        Assert.DoesNotContain("1234567", json, StringComparison.Ordinal);
        Assert.DoesNotContain("TARO", json, StringComparison.Ordinal);
        Assert.DoesNotContain("明細.pdf", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Replaying_the_redacted_history_gives_the_purged_state()
    {
        var f = new Flow().Rejected();
        f.At(f.State.ClosedAt!.Value.AddDays(180)).Do(new PurgePersonalData { Actor = Actor.System, At = f.Now });
        var redacted = ClaimWorkflow.Replay(f.History.Select(e => e.WithoutPersonalData()));
        Assert.Equal(ClaimJson.Serialize(f.State), ClaimJson.Serialize(redacted));
    }

    [Fact]
    public void A_step_that_keeps_failing_flags_the_claim_and_pauses_automatic_steps_until_cleared()
    {
        var f = new Flow().Submitted();
        var step = Assert.Single(ClaimWorkflow.NextSteps(f.State, f.Now));
        var flag = new FlagForAttention(step.Key, 5, "TimeoutException") { Actor = Actor.System, At = f.Now };
        var flagged = Assert.IsType<FlaggedForAttention>(Assert.Single(f.Do(flag)));
        Assert.Equal(5, flagged.Attempts);
        Assert.Empty(ClaimWorkflow.NextSteps(f.State, f.Now));
        Assert.False(ClaimWorkflow.IsCurrent(f.State, step, f.Now));
        Assert.Empty(f.Do(flag));
        Assert.Equal(ClaimStatus.Extracting, f.State.Status);

        Flow.Refused(() => f.Do(new ClearAttention("retry") { Actor = Flow.Claimant, At = f.Now }), ClaimErrors.Forbidden);
        Flow.Refused(() => f.Do(new ClearAttention(" ") { Actor = Flow.Operator, At = f.Now }), ClaimErrors.InvalidInput);
        f.Do(new ClearAttention("reader fixed, retry") { Actor = Flow.Operator, At = f.Now });
        Assert.Null(f.State.Attention);
        Assert.Equal([step.Key], ClaimWorkflow.NextSteps(f.State, f.Now).Select(s => s.Key));
        Flow.Refused(() => f.Do(new ClearAttention("again") { Actor = Flow.Operator, At = f.Now }), ClaimErrors.IllegalTransition);
    }

    [Fact]
    public void A_stuck_claim_can_be_moved_to_review_by_hand()
    {
        var f = new Flow().Submitted();
        f.Do(new FlagForAttention("ExtractDocument:d1", 5, "reader crashed") { Actor = Actor.System, At = f.Now });
        var escalated = Assert.IsType<ClaimEscalated>(Assert.Single(f.Do(new EscalateManually("reader crashes on this PDF") { Actor = Flow.Operator, At = f.Now })));
        Assert.Equal(EscalationReason.Manual, Assert.Single(escalated.Reasons).Code);
        Assert.Equal(ClaimStatus.UnderReview, f.State.Status);
        Flow.Refused(() => f.Do(new EscalateManually("again") { Actor = Flow.Operator, At = f.Now }), ClaimErrors.IllegalTransition);
        Flow.Refused(() => new Flow().Submitted().Do(new EscalateManually("x") { Actor = Flow.Finance, At = f.Now }), ClaimErrors.Forbidden);
    }

    [Fact]
    public void Every_internal_status_has_a_claimant_status_with_labels_in_both_languages()
    {
        foreach (var status in Enum.GetValues<ClaimStatus>())
        {
            var label = ClaimantStatuses.Label(ClaimantStatuses.Of(status));
            Assert.False(string.IsNullOrWhiteSpace(label.Ja));
            Assert.False(string.IsNullOrWhiteSpace(label.En));
            Assert.False(string.IsNullOrWhiteSpace(ClaimLabels.For(status).Ja));
        }
        Assert.Equal(
            ["受付済", "確認中", "追加書類のお願い", "承認済", "振込手続中", "振込完了", "対象外"],
            Enum.GetValues<ClaimantStatus>().Select(s => ClaimantStatuses.Label(s).Ja));
        Assert.Equal(ClaimantStatus.Received, ClaimantStatuses.Of(ClaimStatus.Validating));
        Assert.Equal(ClaimantStatus.UnderReview, ClaimantStatuses.Of(ClaimStatus.AwaitingSecondApproval));
        Assert.Equal(ClaimantStatus.UnderReview, ClaimantStatuses.Of(ClaimStatus.VerifyingBankAccount));
        Assert.Equal("Not eligible", ClaimantStatuses.Label(ClaimantStatuses.Of(ClaimStatus.Rejected)).For("en-GB"));
        Assert.Equal("対象外", ClaimantStatuses.Label(ClaimantStatus.NotEligible).For(null));
        Assert.All(Enum.GetValues<RejectionCode>(), c => Assert.False(string.IsNullOrWhiteSpace(ClaimLabels.For(c).Ja)));
        Assert.All(Enum.GetValues<ReturnCode>(), c => Assert.False(string.IsNullOrWhiteSpace(ClaimLabels.For(c).Ja)));
    }

    [Fact]
    public void Standing_for_the_one_refund_per_card_rule_follows_the_approval()
    {
        Assert.Equal(ClaimStanding.Open, Flow.In(ClaimStatus.UnderReview).State.Standing);
        Assert.Equal(ClaimStanding.Open, Flow.In(ClaimStatus.AwaitingSecondApproval).State.Standing);
        Assert.Equal(ClaimStanding.Refunded, Flow.In(ClaimStatus.Approved).State.Standing);
        Assert.Equal(ClaimStanding.Refunded, Flow.In(ClaimStatus.Paid).State.Standing);
        Assert.Equal(ClaimStanding.Refunded, Flow.In(ClaimStatus.VerifyingBankAccount).State.Standing);
        Assert.Equal(ClaimStanding.Closed, Flow.In(ClaimStatus.Rejected).State.Standing);
        Assert.Equal(new ClaimDeclaration(PolicySamples.IncidentId, PolicySamples.CustomerId, "1234", new Yen(1_100), new DateOnly(2026, 2, 10), Flow.Start, PolicySamples.Account),
            Flow.In(ClaimStatus.Extracting).State.ToDeclaration());
    }

    [Fact]
    public void Localized_text_picks_english_only_for_english_tags()
    {
        var text = new LocalizedText("はい", "yes");
        Assert.Equal("yes", text.For("EN"));
        Assert.Equal("はい", text.For("ja-JP"));
        Assert.Equal("yes", text.ToString());
    }
}
