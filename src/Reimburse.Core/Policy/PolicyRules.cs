using Reimburse.Text;

namespace Reimburse.Policy;

/// <summary>How bad a failed rule is.</summary>
public enum RuleSeverity
{
    /// <summary>A person should look: the claim is escalated (or the claimant asked for a better document).</summary>
    Soft,

    /// <summary>The claim is not eligible: it is rejected.</summary>
    Hard,
}

/// <summary>
/// One validation rule: a stable code (stored with every result, never renamed), the worst severity it can fail
/// with, a title for reviewers and whether the claimant can fix a failure by sending another document.
/// </summary>
/// <param name="Code">Stable code, e.g. <c>R-CARD-LEAKED</c>.</param>
/// <param name="Severity">The severity of a failure of this rule (some rules fail softly in a borderline case; the result says).</param>
/// <param name="Title">What the rule checks.</param>
/// <param name="ClaimantCanFix">A failure asks the claimant for a clearer or different document before a person is involved.</param>
public sealed record PolicyRule(string Code, RuleSeverity Severity, LocalizedText Title, bool ClaimantCanFix = false);

/// <summary>The catalogue of rules <see cref="ClaimValidator"/> evaluates, in evaluation order.</summary>
public static class PolicyRules
{
    public static readonly PolicyRule CustomerAffected = new("R-CUSTOMER-AFFECTED", RuleSeverity.Hard,
        new("漏えいの対象となったお客さまであること", "The customer is on the incident's affected list"));

    public static readonly PolicyRule CardLeaked = new("R-CARD-LEAKED", RuleSeverity.Hard,
        new("申請されたカードの情報が漏えいしていること", "Card data leaked for the card named on the claim"));

    public static readonly PolicyRule ClaimWindow = new("R-CLAIM-WINDOW", RuleSeverity.Hard,
        new("再発行日が漏えい以後かつ受付期間内であること", "The reissue is inside the claim window and not before the exposure"));

    public static readonly PolicyRule DocumentReadable = new("R-DOC-READABLE", RuleSeverity.Soft,
        new("書類が読み取れること", "Every document could be read"), ClaimantCanFix: true);

    public static readonly PolicyRule FeeStatement = new("R-FEE-STATEMENT", RuleSeverity.Soft,
        new("書類が再発行手数料の明細であること", "The document looks like a reissue-fee statement"), ClaimantCanFix: true);

    public static readonly PolicyRule Confidence = new("R-CONFIDENCE", RuleSeverity.Soft,
        new("読み取り結果の確からしさが基準以上であること", "The facts were read with enough confidence"), ClaimantCanFix: true);

    public static readonly PolicyRule FeePresent = new("R-FEE-PRESENT", RuleSeverity.Soft,
        new("再発行手数料の記載があること", "A reissue fee is on the statement"));

    public static readonly PolicyRule FeeWaived = new("R-FEE-WAIVED", RuleSeverity.Hard,
        new("手数料が免除(0円・無料)されていないこと", "The fee was not waived (¥0 / 無料)"));

    public static readonly PolicyRule IssuerWaives = new("R-ISSUER-WAIVES", RuleSeverity.Soft,
        new("手数料を免除するカード会社の請求でないこと", "The fee is not from an issuer that waives it for merchant breaches"));

    public static readonly PolicyRule FeeCap = new("R-FEE-CAP", RuleSeverity.Soft,
        new("手数料がカード会社の上限額以下であること", "The fee is within the issuer's cap"));

    public static readonly PolicyRule DeclaredAmount = new("R-AMOUNT-DECLARED", RuleSeverity.Soft,
        new("申告額と明細の金額が一致すること", "The declared fee matches the statement"));

    public static readonly PolicyRule CardLast4 = new("R-CARD-LAST4", RuleSeverity.Soft,
        new("明細のカード下4桁が漏えいしたカードと一致すること", "The card's last four digits on the statement match a leaked card"));

    public static readonly PolicyRule HolderName = new("R-HOLDER-NAME", RuleSeverity.Soft,
        new("明細の名義がお客さまの氏名と一致すること", "The holder name on the statement is the customer's"));

    public static readonly PolicyRule DuplicateDocument = new("R-DUPLICATE-DOC", RuleSeverity.Soft,
        new("同じ書類が他の申請で使われていないこと", "The document is not used in another claim"));

    public static readonly PolicyRule OnePerCard = new("R-ONE-PER-CARD", RuleSeverity.Hard,
        new("同じカードへの払い戻しが1回だけであること", "One refund per leaked card"));

    public static readonly PolicyRule PayoutHolder = new("R-PAYOUT-HOLDER", RuleSeverity.Soft,
        new("振込先口座の名義がお客さまと一致すること", "The payout account holder is the customer"));

    public static readonly PolicyRule AutoApprovalLimit = new("R-AUTO-LIMIT", RuleSeverity.Soft,
        new("自動承認の上限額以下であること", "The amount is within what may be approved without a reviewer"));

    /// <summary>Every rule, in the order results are reported.</summary>
    public static IReadOnlyList<PolicyRule> All { get; } =
    [
        CustomerAffected, CardLeaked, ClaimWindow, DocumentReadable, FeeStatement, Confidence, FeePresent, FeeWaived,
        IssuerWaives, FeeCap, DeclaredAmount, CardLast4, HolderName, DuplicateDocument, OnePerCard, PayoutHolder,
        AutoApprovalLimit,
    ];

    /// <summary>The rule with this code, or null.</summary>
    public static PolicyRule? Find(string code) => All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));
}
