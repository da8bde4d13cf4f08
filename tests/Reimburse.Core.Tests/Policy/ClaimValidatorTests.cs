using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Statements;
using static Reimburse.Core.Tests.Policy.PolicySamples;

namespace Reimburse.Core.Tests.Policy;

public class ClaimValidatorTests
{
    [Fact]
    public void A_clean_claim_passes_every_rule_and_is_approved_for_the_statement_fee()
    {
        var report = ClaimValidator.Validate(Input);
        Assert.All(report.Results, r => Assert.True(r.Passed, r.Code + ": " + r.Message.En));
        Assert.Equal(PolicyRules.All.Select(r => r.Code), report.Results.Select(r => r.Code));
        Assert.Equal(ValidationOutcome.Approve, report.Outcome);
        Assert.Equal(new Yen(1_100), report.RefundAmount);
        Assert.Empty(report.Failures);
    }

    [Fact]
    public void Every_rule_has_a_unique_stable_code_and_titles_in_both_languages()
    {
        Assert.Equal(PolicyRules.All.Count, PolicyRules.All.Select(r => r.Code).Distinct().Count());
        Assert.All(PolicyRules.All, r =>
        {
            Assert.Matches("^R-[A-Z0-9-]+$", r.Code);
            Assert.False(string.IsNullOrWhiteSpace(r.Title.Ja));
            Assert.False(string.IsNullOrWhiteSpace(r.Title.En));
            Assert.Same(r, PolicyRules.Find(r.Code));
        });
        Assert.Null(PolicyRules.Find("R-NOPE"));
    }

    [Fact]
    public void Every_result_message_is_in_both_languages()
    {
        var inputs = new[]
        {
            Input,
            Input with { Customer = null },
            Input with { Documents = [] },
            Input with { Documents = [Document(failure: ReadFailure.Encrypted)] },
            WithFacts(Facts with { Fee = new Fact<Yen>(Yen.Zero, 0.99), FeeWaived = true }),
        };
        foreach (var input in inputs)
        {
            Assert.All(ClaimValidator.Validate(input).Results, r =>
            {
                Assert.False(string.IsNullOrWhiteSpace(r.Message.Ja), r.Code);
                Assert.False(string.IsNullOrWhiteSpace(r.Message.En), r.Code);
            });
        }
    }

    // R-CUSTOMER-AFFECTED

    [Fact]
    public void A_customer_not_on_the_list_is_rejected()
    {
        var report = ClaimValidator.Validate(Input with { Customer = null });
        var result = Single(report, PolicyRules.CustomerAffected);
        Assert.True(result.IsHardFailure);
        Assert.Equal(ValidationOutcome.Reject, report.Outcome);
    }

    [Fact]
    public void A_customer_row_of_another_incident_or_customer_does_not_count()
    {
        Assert.True(Single(ClaimValidator.Validate(Input with { Customer = Customer with { IncidentId = "other" } }), PolicyRules.CustomerAffected).IsHardFailure);
        Assert.True(Single(ClaimValidator.Validate(Input with { Customer = Customer with { CustomerId = "C0002" } }), PolicyRules.CustomerAffected).IsHardFailure);
    }

    // R-CARD-LEAKED

    [Fact]
    public void A_customer_whose_card_data_did_not_leak_is_rejected()
    {
        var report = ClaimValidator.Validate(Input with { Customer = Customer with { CardDataLeaked = false } });
        Assert.True(Single(report, PolicyRules.CardLeaked).IsHardFailure);
        Assert.Equal(ValidationOutcome.Reject, report.Outcome);
    }

    [Fact]
    public void A_named_card_that_is_not_among_the_leaked_ones_escalates()
    {
        var report = ClaimValidator.Validate(Input with { Claim = Declaration with { CardLast4 = "5555" } });
        var result = Single(report, PolicyRules.CardLeaked);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Equal(RuleSeverity.Soft, result.Severity);
        Assert.Contains("5555", result.Message.En, StringComparison.Ordinal);
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
    }

    // R-CLAIM-WINDOW

    [Fact]
    public void A_reissue_before_the_exposure_is_rejected()
    {
        var report = ClaimValidator.Validate(Input with { Claim = Declaration with { ReissuedOn = new DateOnly(2026, 1, 4) } });
        Assert.True(Single(report, PolicyRules.ClaimWindow).IsHardFailure);
        Assert.Equal(ValidationOutcome.Reject, report.Outcome);
    }

    [Fact]
    public void A_reissue_on_the_first_day_of_exposure_is_inside_the_window()
    {
        var report = ClaimValidator.Validate(Input with { Claim = Declaration with { ReissuedOn = new DateOnly(2026, 1, 5) } });
        Assert.True(Single(report, PolicyRules.ClaimWindow).Passed);
    }

    [Fact]
    public void A_claim_after_the_close_in_japan_time_is_rejected()
    {
        // 2026-07-31 15:00 UTC is already 2026-08-01 in Tokyo.
        var late = Declaration with { SubmittedAt = new DateTimeOffset(2026, 7, 31, 15, 0, 0, TimeSpan.Zero) };
        Assert.True(Single(ClaimValidator.Validate(Input with { Claim = late }), PolicyRules.ClaimWindow).IsHardFailure);
        var lastMinute = Declaration with { SubmittedAt = new DateTimeOffset(2026, 7, 31, 14, 59, 0, TimeSpan.Zero) };
        Assert.True(Single(ClaimValidator.Validate(Input with { Claim = lastMinute }), PolicyRules.ClaimWindow).Passed);
    }

    [Theory]
    [InlineData(2026, 3, 11, 2026, 3, 10)]
    [InlineData(2026, 1, 20, 2026, 1, 30)]
    public void A_reissue_in_the_future_or_a_claim_before_opening_escalates(int ry, int rm, int rd, int sy, int sm, int sd)
    {
        var claim = Declaration with
        {
            ReissuedOn = new DateOnly(ry, rm, rd),
            SubmittedAt = new DateTimeOffset(sy, sm, sd, 1, 0, 0, TimeSpan.Zero),
        };
        var result = Single(ClaimValidator.Validate(Input with { Claim = claim }), PolicyRules.ClaimWindow);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Equal(RuleSeverity.Soft, result.Severity);
    }

    [Fact]
    public void A_statement_dated_before_the_exposure_escalates()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { StatementDate = new Fact<DateOnly>(new DateOnly(2025, 12, 1), 0.9) }));
        var result = Single(report, PolicyRules.ClaimWindow);
        Assert.Equal(RuleSeverity.Soft, result.Severity);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Equal("d1", result.DocumentId);
    }

    // R-DOC-READABLE, R-FEE-STATEMENT, R-CONFIDENCE (the claimant can fix these)

    [Theory]
    [InlineData(ReadFailure.Unreadable)]
    [InlineData(ReadFailure.Unsupported)]
    [InlineData(ReadFailure.Encrypted)]
    [InlineData(ReadFailure.TooLarge)]
    [InlineData(ReadFailure.Empty)]
    public void An_unreadable_document_asks_the_claimant_first(ReadFailure failure)
    {
        var report = ClaimValidator.Validate(Input with { Documents = [Document(failure: failure)] });
        var result = Single(report, PolicyRules.DocumentReadable);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Equal("d1", result.DocumentId);
        Assert.Equal(ValidationOutcome.AskClaimant, report.Outcome);
        Assert.Null(report.RefundAmount);
    }

    [Fact]
    public void An_unreadable_document_escalates_once_the_claimant_was_already_asked()
    {
        var report = ClaimValidator.Validate(Input with { Documents = [Document(failure: ReadFailure.Unreadable)], MayAskClaimant = false });
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
    }

    [Fact]
    public void A_claim_without_documents_asks_for_one()
    {
        var report = ClaimValidator.Validate(Input with { Documents = [] });
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.DocumentReadable).Status);
        Assert.Equal(ValidationOutcome.AskClaimant, report.Outcome);
    }

    [Fact]
    public void A_document_that_is_not_a_fee_statement_asks_the_claimant_for_another()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { LooksLikeFeeStatement = new Fact<bool>(false, 0.95) }));
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.FeeStatement).Status);
        Assert.Equal(ValidationOutcome.AskClaimant, report.Outcome);
    }

    [Fact]
    public void Each_document_gets_its_own_result_for_per_document_rules()
    {
        var report = ClaimValidator.Validate(Input with { Documents = [Document("d1"), Document("d2", failure: ReadFailure.Unreadable)] });
        var readable = report.Results.Where(r => r.Code == PolicyRules.DocumentReadable.Code).ToList();
        Assert.Equal(["d1", "d2"], readable.Select(r => r.DocumentId));
        Assert.True(readable[0].Passed);
        Assert.False(readable[1].Passed);
        Assert.Equal(2, report.Results.Count(r => r.Code == PolicyRules.DuplicateDocument.Code));
    }

    [Fact]
    public void A_fact_read_with_low_confidence_is_named_and_asks_for_a_clearer_document()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { CardLast4 = new Fact<string>("1234", 0.5) }));
        var result = Single(report, PolicyRules.Confidence);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Contains("card last four", result.Message.En, StringComparison.Ordinal);
        Assert.Contains("カード番号下4桁", result.Message.Ja, StringComparison.Ordinal);
        Assert.Equal(ValidationOutcome.AskClaimant, report.Outcome);
    }

    [Fact]
    public void Confidence_exactly_at_the_minimum_passes()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { HolderName = new Fact<string>("TARO YAMADA", 0.8) }));
        Assert.True(Single(report, PolicyRules.Confidence).Passed);
    }

    // R-FEE-PRESENT

    [Fact]
    public void A_statement_without_a_fee_line_escalates()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { Fee = null }));
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.FeePresent).Status);
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.FeeCap).Status);
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.DeclaredAmount).Status);
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.AutoApprovalLimit).Status);
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
        Assert.Null(report.RefundAmount);
    }

    // R-FEE-WAIVED

    [Fact]
    public void A_waived_fee_is_rejected_with_an_explanation_for_the_claimant()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { Fee = new Fact<Yen>(Yen.Zero, 0.95), FeeWaived = true }));
        var result = Single(report, PolicyRules.FeeWaived);
        Assert.True(result.IsHardFailure);
        Assert.Contains("免除", result.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("nothing to refund", result.Message.En, StringComparison.Ordinal);
        Assert.True(Single(report, PolicyRules.FeePresent).Passed);
        Assert.Equal(ValidationOutcome.Reject, report.Outcome);
    }

    [Fact]
    public void A_zero_fee_counts_as_waived_even_without_the_flag()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { Fee = new Fact<Yen>(Yen.Zero, 0.95) }));
        Assert.True(Single(report, PolicyRules.FeeWaived).IsHardFailure);
    }

    [Fact]
    public void An_uncertain_waiver_or_one_contradicted_by_another_statement_escalates()
    {
        var uncertain = ClaimValidator.Validate(WithFacts(Facts with { Fee = new Fact<Yen>(Yen.Zero, 0.4), FeeWaived = true }));
        Assert.Equal(RuleSeverity.Soft, Single(uncertain, PolicyRules.FeeWaived).Severity);
        Assert.NotEqual(ValidationOutcome.Reject, uncertain.Outcome);

        var contradicted = ClaimValidator.Validate(Input with
        {
            Documents = [Document("d1", Facts with { Fee = new Fact<Yen>(Yen.Zero, 0.95), FeeWaived = true }), Document("d2")],
        });
        var result = Single(contradicted, PolicyRules.FeeWaived);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Equal(RuleSeverity.Soft, result.Severity);
        Assert.Equal(ValidationOutcome.Escalate, contradicted.Outcome);
    }

    // R-ISSUER-WAIVES

    [Fact]
    public void A_fee_from_an_issuer_that_waives_it_escalates()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { Issuer = new Fact<string>("rakuten", 0.99) }));
        var result = Single(report, PolicyRules.IssuerWaives);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Contains("Rakuten", result.Message.En, StringComparison.Ordinal);
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
    }

    // R-FEE-CAP

    [Fact]
    public void A_fee_above_the_issuers_cap_escalates()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { Issuer = new Fact<string>("jcb", 0.99) }));
        var result = Single(report, PolicyRules.FeeCap);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Contains("¥1,000", result.Message.En, StringComparison.Ordinal);
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
    }

    [Fact]
    public void A_fee_at_the_default_cap_passes_for_an_issuer_without_its_own_cap()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { Issuer = null }));
        Assert.True(Single(report, PolicyRules.FeeCap).Passed);
    }

    // R-AMOUNT-DECLARED

    [Fact]
    public void A_declared_fee_that_differs_from_the_statement_escalates()
    {
        var report = ClaimValidator.Validate(Input with { Claim = Declaration with { DeclaredFee = new Yen(1_000) } });
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.DeclaredAmount).Status);
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
        Assert.Equal(new Yen(1_100), report.RefundAmount);
    }

    [Fact]
    public void A_difference_within_the_tolerance_passes()
    {
        var lenient = Incident with { Policy = Incident.Policy with { DeclaredTolerance = new Yen(100) } };
        var report = ClaimValidator.Validate(Input with { Incident = lenient, Claim = Declaration with { DeclaredFee = new Yen(1_000) } });
        Assert.True(Single(report, PolicyRules.DeclaredAmount).Passed);
        var tooFar = ClaimValidator.Validate(Input with { Incident = lenient, Claim = Declaration with { DeclaredFee = new Yen(999) } });
        Assert.False(Single(tooFar, PolicyRules.DeclaredAmount).Passed);
    }

    // R-CARD-LAST4

    [Theory]
    [InlineData("9876")]
    [InlineData("4321")]
    public void A_statement_for_another_card_escalates(string last4)
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { CardLast4 = new Fact<string>(last4, 0.99) }));
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.CardLast4).Status);
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
    }

    [Fact]
    public void A_statement_without_the_last_four_digits_escalates()
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { CardLast4 = null }));
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.CardLast4).Status);
        Assert.Null(DocumentFingerprints.ContentKey(Facts with { CardLast4 = null }));
    }

    // R-HOLDER-NAME

    [Theory]
    [InlineData("山田 太郎", true)]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", true)]
    [InlineData("YAMADA TAROU", true)]
    [InlineData("HANAKO YAMADA", false)]
    [InlineData("鈴木 一郎", false)]
    public void The_holder_name_is_compared_across_scripts(string holder, bool passes)
    {
        var report = ClaimValidator.Validate(WithFacts(Facts with { HolderName = new Fact<string>(holder, 0.95) }));
        Assert.Equal(passes, Single(report, PolicyRules.HolderName).Passed);
    }

    [Fact]
    public void A_statement_without_a_holder_name_escalates()
    {
        Assert.False(Single(ClaimValidator.Validate(WithFacts(Facts with { HolderName = null })), PolicyRules.HolderName).Passed);
    }

    // R-DUPLICATE-DOC

    [Fact]
    public void The_same_file_in_another_claim_escalates()
    {
        var report = ClaimValidator.Validate(Input with { Documents = [Document() with { SameBytesInClaims = ["CL-B", "CL-A", "CL-B"] }] });
        var result = Single(report, PolicyRules.DuplicateDocument);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Contains("CL-A, CL-B", result.Message.En, StringComparison.Ordinal);
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
    }

    [Fact]
    public void The_same_statement_content_in_another_claim_escalates()
    {
        var report = ClaimValidator.Validate(Input with { Documents = [Document() with { SameContentInClaims = ["CL-C"] }] });
        var result = Single(report, PolicyRules.DuplicateDocument);
        Assert.Equal(RuleStatus.Failed, result.Status);
        Assert.Contains("fee line", result.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void The_content_key_ignores_width_and_spacing_but_not_the_card()
    {
        var a = DocumentFingerprints.ContentKey(Facts);
        var b = DocumentFingerprints.ContentKey(Facts with { FeeLine = new Fact<string>("カード再発行手数料　１，１００円", 0.5) });
        var c = DocumentFingerprints.ContentKey(Facts with { CardLast4 = new Fact<string>("9876", 0.9) });
        var d = DocumentFingerprints.ContentKey(Facts with { StatementDate = new Fact<DateOnly>(new DateOnly(2026, 2, 28), 0.9) });
        Assert.NotNull(a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
        Assert.Matches("^[0-9a-f]{64}$", a);
    }

    // R-ONE-PER-CARD

    [Fact]
    public void A_card_already_refunded_in_another_claim_is_rejected()
    {
        var report = ClaimValidator.Validate(Input with { OtherClaimsForCard = [new OtherClaim("CL-X", ClaimStanding.Refunded)] });
        Assert.True(Single(report, PolicyRules.OnePerCard).IsHardFailure);
        Assert.Equal(ValidationOutcome.Reject, report.Outcome);
    }

    [Fact]
    public void Another_open_claim_for_the_card_escalates_and_a_rejected_one_does_not_matter()
    {
        var open = ClaimValidator.Validate(Input with { OtherClaimsForCard = [new OtherClaim("CL-X", ClaimStanding.Open)] });
        Assert.Equal(RuleSeverity.Soft, Single(open, PolicyRules.OnePerCard).Severity);
        Assert.Equal(ValidationOutcome.Escalate, open.Outcome);
        var closed = ClaimValidator.Validate(Input with { OtherClaimsForCard = [new OtherClaim("CL-X", ClaimStanding.Closed)] });
        Assert.Equal(ValidationOutcome.Approve, closed.Outcome);
    }

    // R-PAYOUT-HOLDER

    [Fact]
    public void A_payout_account_in_another_name_escalates()
    {
        var account = new Reimburse.Banking.BankAccount("0005", "001", Reimburse.Banking.AccountType.Ordinary, "1234567", "ヤマダ ハナコ");
        var report = ClaimValidator.Validate(Input with { Claim = Declaration with { PayoutAccount = account } });
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.PayoutHolder).Status);
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
    }

    [Fact]
    public void A_payout_account_written_with_large_kana_still_matches()
    {
        var customer = Customer with { NameKanji = "服部 京子", NameKana = "ハットリ キョウコ" };
        var account = new Reimburse.Banking.BankAccount("0005", "001", Reimburse.Banking.AccountType.Ordinary, "1234567", "ﾊﾂﾄﾘ ｷﾖｳｺ");
        var report = ClaimValidator.Validate(Input with { Customer = customer, Claim = Declaration with { PayoutAccount = account } });
        Assert.True(Single(report, PolicyRules.PayoutHolder).Passed);
    }

    [Fact]
    public void A_missing_payout_account_fails()
    {
        Assert.False(Single(ClaimValidator.Validate(Input with { Claim = Declaration with { PayoutAccount = null } }), PolicyRules.PayoutHolder).Passed);
    }

    [Fact]
    public void A_corrected_payout_account_is_checked_by_the_holder_rule_alone()
    {
        var passed = Assert.Single(ClaimValidator.ValidatePayout(Input with { Documents = [] }));
        Assert.Equal(PolicyRules.PayoutHolder.Code, passed.Code);
        Assert.True(passed.Passed);
        var other = new Reimburse.Banking.BankAccount("0005", "001", Reimburse.Banking.AccountType.Ordinary, "1234567", "スズキ イチロウ");
        Assert.False(Assert.Single(ClaimValidator.ValidatePayout(Input with { Claim = Declaration with { PayoutAccount = other } })).Passed);
    }

    // R-AUTO-LIMIT

    [Fact]
    public void An_amount_above_the_four_eyes_threshold_is_never_approved_automatically()
    {
        var incident = Incident with { Policy = Incident.Policy with { FourEyesThreshold = new Yen(1_000) } };
        var report = ClaimValidator.Validate(Input with { Incident = incident });
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.AutoApprovalLimit).Status);
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
    }

    // Conclusion

    [Fact]
    public void Several_soft_failures_escalate_with_every_failure_reported()
    {
        var report = ClaimValidator.Validate(Input with
        {
            Claim = Declaration with { DeclaredFee = new Yen(500) },
            Documents = [Document(facts: Facts with { HolderName = null, CardLast4 = new Fact<string>("4321", 0.99) })],
        });
        Assert.Equal(ValidationOutcome.Escalate, report.Outcome);
        Assert.Equal(
            [PolicyRules.DeclaredAmount.Code, PolicyRules.CardLast4.Code, PolicyRules.HolderName.Code],
            report.Failures.Select(f => f.Code));
    }

    [Fact]
    public void A_hard_failure_rejects_even_when_the_claimant_could_fix_a_document()
    {
        var report = ClaimValidator.Validate(Input with { Customer = null, Documents = [Document(failure: ReadFailure.Unreadable)] });
        Assert.Equal(ValidationOutcome.Reject, report.Outcome);
    }

    [Fact]
    public void Concluding_nothing_never_approves()
    {
        Assert.Equal(ValidationOutcome.Escalate, ClaimValidator.Conclude([], mayAskClaimant: true));
    }

    [Fact]
    public void The_refund_is_the_fee_read_with_the_highest_confidence()
    {
        var report = ClaimValidator.Validate(Input with
        {
            Documents =
            [
                Document("d1", Facts with { Fee = new Fact<Yen>(new Yen(1_000), 0.85) }),
                Document("d2", Facts with { Fee = new Fact<Yen>(new Yen(1_100), 0.99) }),
            ],
        });
        Assert.Equal(new Yen(1_100), report.RefundAmount);
        Assert.Equal(RuleStatus.Failed, Single(report, PolicyRules.DeclaredAmount).Status);
    }

    [Fact]
    public void Validation_is_deterministic()
    {
        var a = ClaimValidator.Validate(Input with { Documents = [Document(failure: ReadFailure.Unreadable)] });
        var b = ClaimValidator.Validate(Input with { Documents = [Document(failure: ReadFailure.Unreadable)] });
        Assert.Equal(a.Results, b.Results);
        Assert.Equal(a.Outcome, b.Outcome);
    }

    [Fact]
    public void Document_facts_keep_no_text_and_no_full_card_number()
    {
        var facts = new FeeStatementFacts(
            new Fact<Yen>(new Yen(1_100), 0.9), false,
            new Fact<string>("カード 4111 1111 1111 1111 再発行手数料 1,100円", 0.9),
            null, null, new Fact<string>("4111-1111-1111-1111", 0.9), new Fact<string>("TARO YAMADA", 0.9),
            new Fact<bool>(true, 0.9), "local", ["card 4111111111111111 seen"], "full text 4111111111111111");
        var kept = DocumentFacts.From(facts);
        Assert.DoesNotContain("4111 1111 1111 1111", kept.FeeLine!.Value, StringComparison.Ordinal);
        Assert.Equal("1111", kept.CardLast4!.Value);
        Assert.DoesNotContain("4111111111111111", kept.Warnings[0], StringComparison.Ordinal);
        Assert.Null(kept.WithoutPersonalData().HolderName);
    }
}
