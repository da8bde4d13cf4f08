using Reimburse.Policy;
using Reimburse.Text;

namespace Reimburse.Claims;

/// <summary>A reason the claimant reads: a stable code and the text in Japanese and English.</summary>
public sealed record ClaimantReason(string Code, LocalizedText Text);

/// <summary>One line of the claimant's history of their claim.</summary>
/// <param name="At">When (UTC).</param>
/// <param name="Kind">Stable kind: submitted, document-added, information-requested, information-provided, information-expired, under-review, approved, rejected, payment-started, paid, payment-returned, bank-account-changed, bank-account-rejected, personal-data-deleted.</param>
/// <param name="Text">What happened, in Japanese and English.</param>
public sealed record ClaimantEvent(DateTimeOffset At, string Kind, LocalizedText Text);

/// <summary>
/// What a claimant may read about their own claim: reasons in plain words and a history of what happened, without
/// staff notes, other claims, internal checks or anything that would help game the rules.
/// </summary>
/// <remarks>
/// While a claim is under review the claimant sees which checks a person is looking at, by the rule's title. The
/// rules that exist to catch abuse (duplicate documents, a second refund for one card, issuers that waive the fee,
/// the automatic-approval limit) show only as "a person is checking the claim": their messages name other claims.
/// </remarks>
public static class ClaimantView
{
    private static readonly HashSet<string> InternalRules = new(StringComparer.Ordinal)
    {
        PolicyRules.DuplicateDocument.Code,
        PolicyRules.OnePerCard.Code,
        PolicyRules.IssuerWaives.Code,
        PolicyRules.AutoApprovalLimit.Code,
        PolicyRules.CustomerAffected.Code,
    };

    private static readonly ClaimantReason PersonChecking = new("review", new(
        "担当者が申請内容を確認しています。",
        "A person is checking your claim."));

    /// <summary>Why the claim is where it is, for the claimant (empty while received, approved or paid).</summary>
    /// <param name="state">The claim.</param>
    /// <param name="history">Its events (the last escalation says why a person is looking).</param>
    public static IReadOnlyList<ClaimantReason> Reasons(ClaimState state, IEnumerable<ClaimEvent> history)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(history);
        switch (state.Status)
        {
            case ClaimStatus.Rejected when state.Rejection is { } rejection:
                return [new(KebabCase.Of(rejection.Code), rejection.Explanation)];
            case ClaimStatus.InformationRequested when state.OpenRequest is { } request:
                return [new("information-requested", request.Message)];
            case ClaimStatus.UnderReview or ClaimStatus.AwaitingSecondApproval or ClaimStatus.VerifyingBankAccount:
                var escalation = history.OfType<ClaimEscalated>().LastOrDefault();
                var reasons = (escalation?.Reasons ?? []).Select(ForClaimant).Append(PersonChecking)
                    .DistinctBy(r => r.Code, StringComparer.Ordinal)
                    .ToList();
                // The generic line last, after the specific ones.
                return [.. reasons.Where(r => r != PersonChecking), PersonChecking];
            default:
                return [];
        }
    }

    /// <summary>The claimant's history: what they did and what was decided, in order; workflow internals left out.</summary>
    public static IReadOnlyList<ClaimantEvent> Timeline(IEnumerable<ClaimEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var entries = new List<ClaimantEvent>();
        foreach (var e in history)
        {
            var entry = e switch
            {
                ClaimSubmitted => Entry(e, "submitted", "申請を受け付けました。", "Your claim was received."),
                DocumentAdded when e.Actor.Kind == ActorKind.Claimant => Entry(e, "document-added", "書類が追加されました。", "A document was added."),
                InformationRequested { Kind: InformationRequestKind.CorrectedBankAccount } => Entry(e, "information-requested", "振込先口座の再登録をお願いしています。", "We ask you for another payout account."),
                InformationRequested => Entry(e, "information-requested", "追加書類・情報の提出をお願いしています。", "We ask you for more information."),
                InformationProvided => Entry(e, "information-provided", "ご回答を受け付けました。", "Your answer was received."),
                InformationRequestExpired => Entry(e, "information-expired", "期限までにご回答がありませんでした。", "No answer arrived by the deadline."),
                ClaimEscalated => Entry(e, "under-review", "担当者が確認しています。", "A person is checking your claim."),
                ClaimAutoApproved or ApprovalConfirmed or PayoutAccountVerified or ReviewerApproved { SecondApprovalRequired: false } =>
                    Entry(e, "approved", "払い戻しが承認されました。", "Your refund was approved."),
                ClaimRejected => Entry(e, "rejected", "払い戻しの対象外と判断されました。", "Your claim is not eligible for a refund."),
                AddedToBatch => Entry(e, "payment-started", "お振込みの手続きを始めました。", "The transfer is being prepared."),
                PaymentConfirmed => Entry(e, "paid", "お振込みが完了しました。", "The refund was paid."),
                PaymentReturned => Entry(e, "payment-returned", "お振込みができませんでした。", "The transfer could not be completed."),
                BankAccountChanged => Entry(e, "bank-account-changed", "振込先口座が変更されました。", "The payout account was changed."),
                BankAccountRejected => Entry(e, "bank-account-rejected", "振込先口座を確認できませんでした。", "The payout account could not be used."),
                PersonalDataPurged => Entry(e, "personal-data-deleted", "保存期間が終わり、書類と口座情報を削除しました。", "Documents and bank details were deleted at the end of their retention period."),
                _ => null,
            };
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    private static ClaimantReason ForClaimant(EscalationReason reason)
    {
        if (reason.Code == EscalationReason.InformationExpired)
        {
            return new("information-expired", reason.Message);
        }
        if (reason.Code == EscalationReason.PayoutCheck)
        {
            return new("payout-account", new("振込先口座を確認しています。", "The payout account is being checked."));
        }
        // Manual escalations carry a staff note and workflow codes say nothing a claimant can use.
        if (PolicyRules.Find(reason.Code) is not { } rule || InternalRules.Contains(rule.Code))
        {
            return PersonChecking;
        }
        return new(rule.Code["R-".Length..].ToLowerInvariant(), rule.Title);
    }

    private static ClaimantEvent Entry(ClaimEvent e, string kind, string ja, string en) => new(e.At, kind, new(ja, en));
}
