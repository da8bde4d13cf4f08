using Reimburse.Claims;
using Reimburse.Core.Tests.Policy;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Statements;

namespace Reimburse.Core.Tests.Claims;

public class IntakeAndValidationTests
{
    [Fact]
    public void Submitting_records_who_when_and_why_and_asks_to_read_every_document()
    {
        var f = new Flow();
        var events = f.Do(f.Submit("d1", "d2"));

        var submitted = Assert.IsType<ClaimSubmitted>(Assert.Single(events));
        Assert.Equal(Flow.Claimant, submitted.Actor);
        Assert.Equal(Flow.Start, submitted.At);
        Assert.False(string.IsNullOrWhiteSpace(submitted.Reason));
        Assert.Equal(ClaimStatus.Extracting, f.State.Status);
        Assert.Equal(1, f.State.Version);
        Assert.Equal(ClaimantStatus.Received, f.State.ClaimantStatus);
        var steps = ClaimWorkflow.NextSteps(f.State, f.Now);
        Assert.Equal(["ExtractDocument:d1", "ExtractDocument:d2"], steps.Select(s => s.Key));
        Assert.All(steps, s =>
        {
            Assert.Equal(1, s.Version);
            Assert.Equal(Flow.ClaimId, s.ClaimId);
            Assert.Equal(f.Now, s.DueAt);
        });
    }

    [Fact]
    public void The_identical_submission_again_is_a_no_op_but_other_content_under_the_same_id_is_refused()
    {
        var f = new Flow().Submitted();
        Assert.Empty(f.Do(f.Submit()));
        Flow.Refused(() => f.Do(f.Submit() with { DeclaredFee = new Yen(900) }), ClaimErrors.AlreadyExists);
        Flow.Refused(() => f.Do(f.Submit("d9")), ClaimErrors.AlreadyExists);
    }

    [Fact]
    public void Only_the_customer_of_the_claim_code_may_submit()
    {
        var f = new Flow();
        Flow.Refused(() => f.Do(f.Submit() with { Actor = Actor.Claimant("C0002") }), ClaimErrors.Forbidden);
        Flow.Refused(() => f.Do(f.Submit() with { Actor = Actor.System }), ClaimErrors.Forbidden);
        Flow.Refused(() => f.Do(f.Submit() with { Actor = Flow.Reviewer }), ClaimErrors.Forbidden);
    }

    public static TheoryData<string> InvalidSubmissions => ["id", "last4", "fee", "no-documents", "sha", "empty-doc", "duplicate-ids", "terms", "account", "doc-id", "too-many"];

    [Theory]
    [MemberData(nameof(InvalidSubmissions))]
    public void Invalid_submissions_are_refused_with_a_message(string what)
    {
        var f = new Flow();
        var submit = f.Submit();
        submit = what switch
        {
            "id" => submit with { ClaimId = "CL/0001" },
            "last4" => submit with { CardLast4 = "12a4" },
            "fee" => submit with { DeclaredFee = Yen.Zero },
            "no-documents" => submit with { Documents = [] },
            "sha" => submit with { Documents = [Flow.Doc("d1") with { Sha256 = "ABC" }] },
            "empty-doc" => submit with { Documents = [Flow.Doc("d1") with { Length = 0 }] },
            "duplicate-ids" => submit with { Documents = [Flow.Doc("d1"), Flow.Doc("d1")] },
            "terms" => submit with { Terms = Flow.Terms with { RetentionDays = 0 } },
            "account" => submit with { PayoutAccount = null! },
            "doc-id" => submit with { Documents = [Flow.Doc("d 1")] },
            "too-many" => submit with { Documents = [.. Enumerable.Range(1, ClaimWorkflow.MaxDocuments + 1).Select(i => Flow.Doc("d" + i))] },
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        var ex = Assert.Throws<ClaimDomainException>(() => f.Do(submit));
        Assert.True(ex.Code is ClaimErrors.InvalidInput or ClaimErrors.UnknownDocument, ex.Code);
        Assert.Equal(ClaimStatus.None, f.State.Status);
    }

    [Fact]
    public void Any_command_but_submit_on_an_unknown_claim_is_not_found()
    {
        var f = new Flow();
        Flow.Refused(() => f.Do(f.Extract("d1")), ClaimErrors.NotFound);
        Flow.Refused(() => f.Do(f.Take(Flow.Reviewer)), ClaimErrors.NotFound);
    }

    [Fact]
    public void Reading_the_last_document_moves_to_validation()
    {
        var f = new Flow().Submitted("d1", "d2");
        var first = Assert.IsType<ExtractionSucceeded>(Assert.Single(f.Do(f.Extract("d1"))));
        Assert.Equal(Actor.System, first.Actor);
        Assert.Equal(ClaimStatus.Extracting, f.State.Status);
        Assert.Equal(["ExtractDocument:d2"], ClaimWorkflow.NextSteps(f.State, f.Now).Select(s => s.Key));

        var failed = Assert.IsType<ExtractionFailed>(Assert.Single(f.Do(f.Extract("d2", Flow.BadRead))));
        Assert.Equal(ReadFailure.Unreadable, failed.Failure);
        Assert.Equal(ClaimStatus.Validating, f.State.Status);
        var step = Assert.Single(ClaimWorkflow.NextSteps(f.State, f.Now));
        Assert.Equal(ClaimStepKind.ValidateClaim, step.Kind);
        Assert.Equal(f.State.Version, step.Version);
    }

    [Fact]
    public void Extracted_facts_keep_no_document_text()
    {
        var f = new Flow().Submitted();
        var e = Assert.IsType<ExtractionSucceeded>(Assert.Single(f.Do(f.Extract("d1"))));
        Assert.DoesNotContain("山田 太郎", ClaimJson.Serialize(e.WithoutPersonalData()), StringComparison.Ordinal);
        Assert.Equal("TARO YAMADA", f.State.FindDocument("d1")!.Facts!.HolderName!.Value);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void The_same_extraction_delivered_again_yields_no_events(int deliveries)
    {
        var f = new Flow().Submitted("d1", "d2");
        Assert.Single(f.Do(f.Extract("d1")));
        for (var i = 1; i < deliveries; i++)
        {
            Assert.Empty(f.Do(f.Extract("d1")));
            Assert.Empty(f.Do(f.Extract("d1", Flow.BadRead)));
        }
        Assert.Single(f.History.OfType<ExtractionSucceeded>());
    }

    [Fact]
    public void Extraction_of_an_unknown_document_is_an_error_and_only_the_system_records_extractions()
    {
        var f = new Flow().Submitted();
        Flow.Refused(() => f.Do(f.Extract("nope")), ClaimErrors.UnknownDocument);
        Flow.Refused(() => f.Do(f.Extract("d1") with { Actor = Flow.Reviewer }), ClaimErrors.Forbidden);
    }

    [Fact]
    public void A_late_extraction_after_the_claim_moved_on_yields_no_events()
    {
        var f = new Flow().Submitted("d1", "d2");
        f.Do(new EscalateManually("reader keeps crashing") { Actor = Flow.Operator, At = f.Now });
        Assert.Equal(ClaimStatus.UnderReview, f.State.Status);
        Assert.Empty(f.Do(f.Extract("d2")));
    }

    [Fact]
    public void A_document_added_while_validating_goes_back_to_reading()
    {
        var f = new Flow().Validating();
        var add = new AddDocument(Flow.Doc("d2")) { Actor = Flow.Claimant, At = f.Now };
        Assert.IsType<DocumentAdded>(Assert.Single(f.Do(add)));
        Assert.Equal(ClaimStatus.Extracting, f.State.Status);
        Assert.Empty(f.Do(add));
        Flow.Refused(() => f.Do(add with { Document = Flow.Doc("d2") with { Length = 99 } }), ClaimErrors.UnknownDocument);
        Flow.Refused(() => f.Do(add with { Document = Flow.Doc("d3"), Actor = Actor.Claimant("C0002") }), ClaimErrors.Forbidden);
    }

    [Fact]
    public void A_document_cannot_be_added_once_the_claim_is_under_review()
    {
        var f = new Flow().Escalated();
        var ex = Flow.Refused(() => f.Do(new AddDocument(Flow.Doc("d2")) { Actor = Flow.Claimant, At = f.Now }), ClaimErrors.IllegalTransition);
        Assert.Contains("waiting for review", ex.Message, StringComparison.Ordinal);
        Assert.Contains("審査待ち", ex.Text.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_where_every_rule_passes_approves_automatically()
    {
        var f = new Flow().Validating();
        var events = f.Do(f.Validate());
        Assert.Collection(events,
            e => Assert.Equal(ValidationOutcome.Approve, Assert.IsType<ClaimValidated>(e).Outcome),
            e => Assert.Equal(new Yen(1_100), Assert.IsType<ClaimAutoApproved>(e).Amount));
        Assert.Equal(ClaimStatus.Approved, f.State.Status);
        Assert.Equal(new Yen(1_100), f.State.ApprovedAmount);
        Assert.Equal(PolicyRules.All.Count, f.State.LastResults.Count);
        Assert.Equal(ClaimantStatus.Approved, f.State.ClaimantStatus);
        Assert.Empty(ClaimWorkflow.NextSteps(f.State, f.Now));
    }

    [Fact]
    public void A_validation_computed_for_an_older_version_yields_no_events()
    {
        var f = new Flow().Validating();
        var stale = f.Validate() with { BasedOnVersion = f.State.Version - 1 };
        Assert.Empty(f.Do(stale));
        var current = f.Validate();
        Assert.Equal(2, f.Do(current).Count);
        Assert.Empty(f.Do(current));
        Assert.Single(f.History.OfType<ClaimAutoApproved>());
    }

    [Fact]
    public void A_hard_failure_rejects_with_the_rule_message_as_the_explanation()
    {
        var f = new Flow().Validating();
        var report = f.Report(i => i with { Customer = i.Customer! with { CardDataLeaked = false } });
        var rejected = Assert.IsType<ClaimRejected>(f.Do(f.Validate(report))[1]);
        Assert.Equal(RejectionCode.CardNotLeaked, rejected.Code);
        Assert.Contains("対象外", rejected.Explanation.Ja, StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.Rejected, f.State.Status);
        Assert.Equal(ClaimantStatus.NotEligible, f.State.ClaimantStatus);
        Assert.Equal(f.Now, f.State.ClosedAt);
    }

    [Theory]
    [InlineData("R-CUSTOMER-AFFECTED", RejectionCode.NotAffected)]
    [InlineData("R-CLAIM-WINDOW", RejectionCode.OutsideClaimWindow)]
    [InlineData("R-FEE-WAIVED", RejectionCode.FeeWaived)]
    [InlineData("R-ONE-PER-CARD", RejectionCode.AlreadyRefunded)]
    public void Each_hard_rule_maps_to_a_rejection_reason(string code, RejectionCode expected)
    {
        var f = new Flow().Validating();
        var report = new ValidationReport([new RuleResult(code, RuleStatus.Failed, RuleSeverity.Hard, new("x", "x"))], null, ValidationOutcome.Reject);
        Assert.Equal(expected, Assert.IsType<ClaimRejected>(f.Do(f.Validate(report))[1]).Code);
    }

    [Fact]
    public void Soft_failures_escalate_with_every_failed_rule_as_a_reason()
    {
        var f = new Flow().Validating();
        var report = f.Report(i => i with { Claim = i.Claim with { DeclaredFee = new Yen(500), PayoutAccount = null } });
        var escalated = Assert.IsType<ClaimEscalated>(f.Do(f.Validate(report))[1]);
        Assert.Equal(["R-AMOUNT-DECLARED", "R-PAYOUT-HOLDER"], escalated.Reasons.Select(r => r.Code));
        Assert.Equal(ClaimStatus.UnderReview, f.State.Status);
        Assert.Equal(f.Now, f.State.WaitingSince);
        Assert.Equal(ClaimantStatus.UnderReview, f.State.ClaimantStatus);
    }

    [Fact]
    public void The_outcome_is_concluded_from_the_results_not_taken_from_the_caller()
    {
        var f = new Flow().Validating();
        var honest = f.Report(i => i with { Claim = i.Claim with { DeclaredFee = new Yen(500) } });
        var forged = honest with { Outcome = ValidationOutcome.Approve };
        Assert.IsType<ClaimEscalated>(f.Do(f.Validate(forged))[1]);
        Assert.Empty(f.History.OfType<ClaimAutoApproved>());
    }

    [Fact]
    public void An_approval_without_an_amount_escalates_instead()
    {
        var f = new Flow().Validating();
        var passed = new ValidationReport([new RuleResult("R-X", RuleStatus.Passed, RuleSeverity.Soft, new("x", "x"))], null, ValidationOutcome.Approve);
        var escalated = Assert.IsType<ClaimEscalated>(f.Do(f.Validate(passed))[1]);
        Assert.Equal(EscalationReason.NoAmount, Assert.Single(escalated.Reasons).Code);
    }

    [Fact]
    public void An_unreadable_document_asks_the_claimant_for_a_clearer_one_with_a_deadline()
    {
        var f = new Flow().AskedForDocument();
        var request = Assert.IsType<InformationRequested>(f.History[^1]);
        Assert.Equal(InformationRequestKind.ClearerDocument, request.Kind);
        Assert.True(request.Automatic);
        Assert.Equal(["d1"], request.DocumentIds);
        Assert.Equal(Actor.System, request.Actor);
        // Submitted 2026-03-10 10:00 JST + 14 days: the end of 2026-03-24 in Tokyo.
        Assert.Equal(new DateTimeOffset(2026, 3, 24, 14, 59, 59, TimeSpan.Zero), request.Deadline);
        Assert.Contains("2026-03-24", request.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("sharp", request.Message.En, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot be checked", request.Message.En, StringComparison.Ordinal);
        Assert.Equal(ClaimantStatus.InformationRequested, f.State.ClaimantStatus);
        var step = Assert.Single(ClaimWorkflow.NextSteps(f.State, f.Now));
        Assert.Equal(ClaimStepKind.ExpireInformationRequest, step.Kind);
        Assert.Equal(request.Deadline, step.DueAt);
    }

    [Fact]
    public void A_document_that_is_not_a_fee_statement_asks_for_a_different_one()
    {
        var f = new Flow().Submitted();
        f.Do(f.Extract("d1", Flow.GoodRead(PolicySamples.Facts with { LooksLikeFeeStatement = new Fact<bool>(false, 0.9) })));
        var request = Assert.IsType<InformationRequested>(f.Do(f.Validate())[1]);
        Assert.Equal(InformationRequestKind.DifferentDocument, request.Kind);
    }

    [Fact]
    public void A_clearer_document_replaces_the_unreadable_one_and_can_be_approved_automatically()
    {
        var f = new Flow().AskedForDocument();
        var requestId = f.State.OpenRequest!.RequestId;
        var events = f.Do(new ProvideInformation(requestId, null, [Flow.Doc("d2")], null) { Actor = Flow.Claimant, At = f.Now });
        Assert.IsType<DocumentAdded>(events[0]);
        var provided = Assert.IsType<InformationProvided>(events[1]);
        Assert.Equal(["d1"], provided.SupersededDocumentIds);
        Assert.Equal(ClaimStatus.Extracting, f.State.Status);
        Assert.Equal(["ExtractDocument:d2"], ClaimWorkflow.NextSteps(f.State, f.Now).Select(s => s.Key));

        f.Do(f.Extract("d2"));
        Assert.Equal(["d2"], f.State.CurrentDocuments.Select(d => d.DocumentId));
        f.Do(f.Validate());
        Assert.Equal(ClaimStatus.Approved, f.State.Status);
    }

    [Fact]
    public void The_claimant_is_asked_automatically_only_once_then_a_person_decides()
    {
        var f = new Flow().AskedForDocument();
        f.Do(new ProvideInformation(f.State.OpenRequest!.RequestId, null, [Flow.Doc("d2")], null) { Actor = Flow.Claimant, At = f.Now });
        f.Do(f.Extract("d2", Flow.BadRead));
        Assert.False(f.State.MayAskClaimantAutomatically);
        var escalated = Assert.IsType<ClaimEscalated>(f.Do(f.Validate())[1]);
        Assert.Contains(escalated.Reasons, r => r.Code == PolicyRules.DocumentReadable.Code);
        Assert.Single(f.History.OfType<InformationRequested>());
    }
}
