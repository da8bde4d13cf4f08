using Reimburse.Text;

namespace Reimburse.Claims;

/// <summary>The status a claimant sees: 受付済 → 確認中 → 追加書類のお願い → 承認済 → 振込手続中 → 振込完了 / 対象外.</summary>
public enum ClaimantStatus
{
    /// <summary>受付済.</summary>
    Received,

    /// <summary>確認中.</summary>
    UnderReview,

    /// <summary>追加書類のお願い.</summary>
    InformationRequested,

    /// <summary>承認済.</summary>
    Approved,

    /// <summary>振込手続中.</summary>
    PaymentInProgress,

    /// <summary>振込完了.</summary>
    Paid,

    /// <summary>対象外.</summary>
    NotEligible,
}

/// <summary>Maps internal states to what the claimant sees, with labels.</summary>
public static class ClaimantStatuses
{
    /// <summary>The claimant-facing status of an internal one.</summary>
    public static ClaimantStatus Of(ClaimStatus status) => status switch
    {
        ClaimStatus.None or ClaimStatus.Extracting or ClaimStatus.Validating => ClaimantStatus.Received,
        ClaimStatus.UnderReview or ClaimStatus.AwaitingSecondApproval or ClaimStatus.VerifyingBankAccount => ClaimantStatus.UnderReview,
        ClaimStatus.InformationRequested => ClaimantStatus.InformationRequested,
        ClaimStatus.Approved => ClaimantStatus.Approved,
        ClaimStatus.InPayment => ClaimantStatus.PaymentInProgress,
        ClaimStatus.Paid => ClaimantStatus.Paid,
        ClaimStatus.Rejected => ClaimantStatus.NotEligible,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The label shown to the claimant.</summary>
    public static LocalizedText Label(ClaimantStatus status) => status switch
    {
        ClaimantStatus.Received => new("受付済", "Received"),
        ClaimantStatus.UnderReview => new("確認中", "Under review"),
        ClaimantStatus.InformationRequested => new("追加書類のお願い", "Information requested"),
        ClaimantStatus.Approved => new("承認済", "Approved"),
        ClaimantStatus.PaymentInProgress => new("振込手続中", "Payment in progress"),
        ClaimantStatus.Paid => new("振込完了", "Paid"),
        ClaimantStatus.NotEligible => new("対象外", "Not eligible"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
