using System.Text.RegularExpressions;
using Reimburse.Incidents;
using Reimburse.Money;
using Reimburse.Text;

namespace Reimburse.Claims;

/// <summary>A document uploaded with a claim: where its bytes are and what they are. The bytes never change.</summary>
/// <param name="DocumentId">Id within the claim (letters, digits, '-', '_'; at most 64).</param>
/// <param name="BlobName">Name of the write-once blob holding the bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes (duplicate detection).</param>
/// <param name="ContentType">The sniffed media type.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="FileName">The name the claimant gave it (personal data: removed by the retention purge).</param>
public sealed partial record DocumentRef(string DocumentId, string BlobName, string Sha256, string ContentType, long Length, string? FileName)
{
    internal DocumentRef WithoutPersonalData() => this with { FileName = null };

    internal string? Problem()
    {
        if (!ClaimIds.IsValidPart(DocumentId))
        {
            return "A document id must be 1-64 letters, digits, '-' or '_'.";
        }
        if (string.IsNullOrWhiteSpace(BlobName))
        {
            return $"Document {DocumentId} has no blob name.";
        }
        if (!Sha256Pattern().IsMatch(Sha256))
        {
            return $"Document {DocumentId} needs a lower-case hex SHA-256.";
        }
        return Length <= 0 ? $"Document {DocumentId} is empty." : null;
    }

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();
}

/// <summary>Ids used as Table keys: claim ids, document ids, batch ids.</summary>
public static partial class ClaimIds
{
    /// <summary>1–64 characters of ASCII letters, digits, '-' and '_': safe in Table keys, blob names and URLs.</summary>
    public static bool IsValidPart(string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

/// <summary>
/// The parts of the incident policy that govern a claim's timing and approvals, fixed when the claim is submitted
/// so that a later policy change does not move its deadlines or approval rules.
/// </summary>
/// <param name="FourEyesThreshold">Approvals above this need a second, different senior reviewer.</param>
/// <param name="ReviewSlaHours">Reviewers are reminded when the claim waits longer than this.</param>
/// <param name="InformationRequestDays">Days the claimant has to answer an automatic request.</param>
/// <param name="RetentionDays">Days after payment or rejection before personal data is purged.</param>
public sealed record ClaimTerms(Yen FourEyesThreshold, int ReviewSlaHours, int InformationRequestDays, int RetentionDays)
{
    public static ClaimTerms From(IncidentPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.FourEyesThreshold, policy.ReviewSlaHours, policy.InformationRequestDays, policy.RetentionDays);
    }

    internal string? Problem() =>
        ReviewSlaHours <= 0 || InformationRequestDays <= 0 || RetentionDays <= 0 || FourEyesThreshold < Yen.Zero
            ? "Claim terms need positive SLA, request and retention periods and a non-negative four-eyes threshold."
            : null;
}

/// <summary>What the claimant is asked for.</summary>
public enum InformationRequestKind
{
    /// <summary>The document could not be read (well enough): send a sharper photo or the PDF.</summary>
    ClearerDocument,

    /// <summary>The document is not a reissue-fee statement: send the right one.</summary>
    DifferentDocument,

    /// <summary>A reviewer's question.</summary>
    ReviewerQuestion,

    /// <summary>The payout account did not work or is not valid: give another.</summary>
    CorrectedBankAccount,
}

/// <summary>Why a claim is rejected (a reviewer picks one; the workflow maps a hard rule to one).</summary>
public enum RejectionCode
{
    NotAffected,
    CardNotLeaked,
    OutsideClaimWindow,
    FeeWaived,
    AlreadyRefunded,
    DocumentNotValid,
    NoResponse,
    Other,
}

/// <summary>Why the bank returned a transfer (Zengin return reasons).</summary>
public enum ReturnCode
{
    /// <summary>口座なし.</summary>
    NoSuchAccount,

    /// <summary>名義相違.</summary>
    NameMismatch,

    /// <summary>解約済.</summary>
    AccountClosed,

    /// <summary>預金種目相違.</summary>
    AccountTypeMismatch,

    /// <summary>その他.</summary>
    Other,
}

/// <summary>Labels for the workflow's codes.</summary>
public static class ClaimLabels
{
    public static LocalizedText For(RejectionCode code) => code switch
    {
        RejectionCode.NotAffected => new("今回の漏えいの対象ではありません", "Not affected by this incident"),
        RejectionCode.CardNotLeaked => new("カード情報は流出していません", "No card data leaked"),
        RejectionCode.OutsideClaimWindow => new("対象期間外です", "Outside the claim window"),
        RejectionCode.FeeWaived => new("再発行手数料が免除されています", "The reissue fee was waived"),
        RejectionCode.AlreadyRefunded => new("すでに払い戻し済みです", "Already refunded"),
        RejectionCode.DocumentNotValid => new("書類が確認できません", "The documents could not be verified"),
        RejectionCode.NoResponse => new("期限までにご回答がありませんでした", "No answer by the deadline"),
        RejectionCode.Other => new("その他", "Other"),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>The internal status as staff see it.</summary>
    public static LocalizedText For(ClaimStatus status) => status switch
    {
        ClaimStatus.None => new("未申請", "Not submitted"),
        ClaimStatus.Extracting => new("書類読取中", "Reading documents"),
        ClaimStatus.Validating => new("審査基準の確認中", "Checking the rules"),
        ClaimStatus.InformationRequested => new("追加情報待ち", "Waiting for the claimant"),
        ClaimStatus.UnderReview => new("審査待ち", "Waiting for review"),
        ClaimStatus.AwaitingSecondApproval => new("二次承認待ち", "Waiting for the second approval"),
        ClaimStatus.VerifyingBankAccount => new("口座確認中", "Checking the payout account"),
        ClaimStatus.Approved => new("承認済", "Approved"),
        ClaimStatus.InPayment => new("振込手続中", "In payment"),
        ClaimStatus.Paid => new("振込完了", "Paid"),
        ClaimStatus.Rejected => new("却下", "Rejected"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static LocalizedText For(ReturnCode code) => code switch
    {
        ReturnCode.NoSuchAccount => new("口座なし", "No such account"),
        ReturnCode.NameMismatch => new("名義相違", "Holder name mismatch"),
        ReturnCode.AccountClosed => new("解約済", "Account closed"),
        ReturnCode.AccountTypeMismatch => new("預金種目相違", "Wrong account type"),
        ReturnCode.Other => new("その他", "Other"),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };
}

/// <summary>Why a claim was escalated: a failed rule's code, or a workflow code (W-…), with a message.</summary>
public sealed record EscalationReason(string Code, LocalizedText Message)
{
    /// <summary>The claimant did not answer a request in time.</summary>
    public const string InformationExpired = "W-INFO-EXPIRED";

    /// <summary>A person moved the claim to review.</summary>
    public const string Manual = "W-MANUAL";

    /// <summary>The corrected payout account did not pass its check.</summary>
    public const string PayoutCheck = "W-PAYOUT-CHECK";

    /// <summary>The approval could not be paid (no amount was read).</summary>
    public const string NoAmount = "W-NO-AMOUNT";
}
