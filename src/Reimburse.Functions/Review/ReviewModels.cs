using Reimburse.Claims;
using Reimburse.Customers;
using Reimburse.Functions.Claims;
using Reimburse.Statements;
using Reimburse.Text;

namespace Reimburse.Functions.Review;

// ---- queue ----

/// <summary>Filters of the review queue; every one optional.</summary>
/// <param name="IncidentId">Only this incident's claims.</param>
/// <param name="Reason">Only claims escalated for this rule or workflow code (e.g. R-AMOUNT-DECLARED, W-ATTENTION).</param>
/// <param name="MinAgeHours">Only claims waiting at least this long.</param>
/// <param name="MinAmount">Only claims whose amount at stake is at least this.</param>
/// <param name="MaxAmount">… at most this.</param>
/// <param name="View">review (escalated), second-approval, attention, or all (default).</param>
/// <param name="Overdue">Only claims waiting past the review SLA (true) or within it (false).</param>
/// <param name="Limit">Most items returned (the counts cover all).</param>
public sealed record ReviewQueueQuery(
    string? IncidentId = null,
    string? Reason = null,
    double? MinAgeHours = null,
    long? MinAmount = null,
    long? MaxAmount = null,
    string? View = null,
    bool? Overdue = null,
    int? Limit = null);

/// <summary>The review queue: the claims waiting for a reviewer, longest waiting first.</summary>
/// <param name="Total">Claims matching every filter.</param>
/// <param name="ReasonCounts">Claims per reason code, matching every filter but the reason.</param>
/// <param name="Items">The first of them, checked against the claims' current state.</param>
public sealed record ReviewQueuePage(int Total, IReadOnlyDictionary<string, int> ReasonCounts, IReadOnlyList<ReviewQueueItem> Items);

/// <summary>One claim in the queue.</summary>
/// <param name="ClaimId">The claim.</param>
/// <param name="IncidentId">Its incident.</param>
/// <param name="Status">UnderReview, AwaitingSecondApproval, or (flagged) any other.</param>
/// <param name="StatusLabel">The status for people.</param>
/// <param name="WaitingSince">Since when it waits for a reviewer.</param>
/// <param name="WaitingHours">How long, rounded to a tenth.</param>
/// <param name="Overdue">Waiting past the incident's review SLA.</param>
/// <param name="RemindedAt">When reviewers were last reminded of it (the workflow reminds once per SLA period).</param>
/// <param name="Amount">The amount at stake (the first approval, the proposal or the declared fee).</param>
/// <param name="DeclaredFee">What the claimant declared.</param>
/// <param name="Reasons">Why it is here: failed rule codes, workflow codes, W-ATTENTION.</param>
/// <param name="Lease">Who is reviewing it now.</param>
/// <param name="FirstApproval">The approval waiting for a second senior reviewer.</param>
/// <param name="Attention">A step that kept failing.</param>
public sealed record ReviewQueueItem(
    string ClaimId,
    string IncidentId,
    string Status,
    LocalizedText StatusLabel,
    DateTimeOffset WaitingSince,
    double WaitingHours,
    bool Overdue,
    DateTimeOffset? RemindedAt,
    long Amount,
    long DeclaredFee,
    IReadOnlyList<string> Reasons,
    LeaseView? Lease,
    FirstApprovalView? FirstApproval,
    AttentionView? Attention);

public sealed record LeaseView(string ReviewerId, DateTimeOffset Until);

public sealed record FirstApprovalView(string ReviewerId, long Amount, string? AdjustmentReason, DateTimeOffset At);

public sealed record AttentionView(string StepKey, int Attempts, string Problem, DateTimeOffset At);

public sealed record ReasonView(string Code, LocalizedText Message);

// ---- one claim ----

/// <summary>Everything a reviewer needs to decide a claim.</summary>
/// <param name="ClaimId">The claim.</param>
/// <param name="IncidentId">Its incident.</param>
/// <param name="Status">Its status (workflow name).</param>
/// <param name="StatusLabel">The status for people.</param>
/// <param name="Version">Its version (number of events).</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="UpdatedAt">Its last event.</param>
/// <param name="WaitingSince">Since when it waits for a reviewer.</param>
/// <param name="Overdue">Waiting past the review SLA.</param>
/// <param name="Declared">What the claimant declared.</param>
/// <param name="ProposedAmount">What the validation proposes to refund (the statement's fee).</param>
/// <param name="ApprovedAmount">The approved refund.</param>
/// <param name="FourEyesThreshold">Approvals above this (or of an adjusted amount) need a second senior reviewer.</param>
/// <param name="FirstApproval">The approval waiting for its second reviewer.</param>
/// <param name="EscalationReasons">Why it was escalated.</param>
/// <param name="Rules">Every rule result of the last validation, failed ones first.</param>
/// <param name="Documents">The documents, with what was read and a short-lived download link each.</param>
/// <param name="Customer">The affected-list row: name and leaked cards.</param>
/// <param name="Duplicates">Other claims with the same document or card.</param>
/// <param name="Lease">Who is reviewing it now.</param>
/// <param name="Attention">A step that kept failing.</param>
/// <param name="OpenRequest">The open request to the claimant.</param>
/// <param name="Rejection">How it was rejected.</param>
/// <param name="AllowedActions">What the signed-in reviewer may do now (lease, release, approve, confirm, decline, reject, request-information, escalate, clear-attention).</param>
/// <param name="Timeline">The audit trail: every event with its actor.</param>
public sealed record ReviewClaim(
    string ClaimId,
    string IncidentId,
    string Status,
    LocalizedText StatusLabel,
    long Version,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? WaitingSince,
    bool Overdue,
    DeclaredValues Declared,
    long? ProposedAmount,
    long? ApprovedAmount,
    long FourEyesThreshold,
    FirstApprovalView? FirstApproval,
    IReadOnlyList<ReasonView> EscalationReasons,
    IReadOnlyList<RuleView> Rules,
    IReadOnlyList<DocumentView> Documents,
    CustomerView? Customer,
    DuplicatesView Duplicates,
    LeaseView? Lease,
    AttentionView? Attention,
    RequestView? OpenRequest,
    RejectionView? Rejection,
    IReadOnlyList<string> AllowedActions,
    IReadOnlyList<TimelineEntry> Timeline);

/// <summary>What the claimant declared; the account number is masked.</summary>
public sealed record DeclaredValues(long Fee, string CardLast4, DateOnly ReissuedOn, PayoutAccountView? PayoutAccount);

public sealed record PayoutAccountView(string BankCode, string? BankName, string BranchCode, string? BranchName, string Type, string NumberMasked, string HolderKana, string HolderZengin);

public sealed record RuleView(string Code, bool Passed, string Severity, LocalizedText? Title, LocalizedText Message, string? DocumentId);

/// <summary>A document and what the reader found, each fact with its confidence (0–1).</summary>
public sealed record DocumentView(
    string DocumentId,
    string ContentType,
    long Length,
    string? FileName,
    string Status,
    string? Failure,
    string? FailureMessage,
    bool Superseded,
    bool Purged,
    DateTimeOffset AddedAt,
    FactsView? Facts,
    string? Link,
    DateTimeOffset? LinkExpiresAt);

public sealed record FactsView(
    Fact<long>? Fee,
    bool FeeWaived,
    Fact<string>? FeeLine,
    Fact<DateOnly>? StatementDate,
    Fact<string>? Issuer,
    Fact<string>? CardLast4,
    Fact<string>? HolderName,
    Fact<bool> LooksLikeFeeStatement,
    string Reader,
    IReadOnlyList<string> Warnings);

/// <summary>The customer as the incident's list has them: only what a reviewer compares.</summary>
public sealed record CustomerView(string NameKanji, string NameKana, bool CardDataLeaked, IReadOnlyList<LeakedCard> LeakedCards, IReadOnlyList<string> DataCategories);

public sealed record DuplicatesView(IReadOnlyList<DuplicateDocumentView> Documents, IReadOnlyList<RelatedClaim> SameCard);

public sealed record DuplicateDocumentView(string DocumentId, IReadOnlyList<RelatedClaim> SameBytes, IReadOnlyList<RelatedClaim> SameContent);

public sealed record RelatedClaim(string ClaimId, string Status);

public sealed record RequestView(string RequestId, string Kind, LocalizedText Message, DateTimeOffset Deadline, bool Automatic, string RequestedBy);

public sealed record RejectionView(string Code, LocalizedText Explanation, string By);

public sealed record TimelineEntry(long Sequence, string Type, DateTimeOffset At, string ActorKind, string ActorId, string Reason);

/// <summary>What a decision left the claim in.</summary>
/// <param name="ClaimId">The claim.</param>
/// <param name="Status">Its status now.</param>
/// <param name="StatusLabel">The status for people.</param>
/// <param name="Version">Its version now.</param>
/// <param name="Changed">False when the request was a repeat that changed nothing.</param>
/// <param name="Lease">The lease now.</param>
/// <param name="ApprovedAmount">The approved refund, once approved.</param>
/// <param name="FirstApproval">The approval waiting for a second senior reviewer.</param>
public sealed record ReviewDecision(string ClaimId, string Status, LocalizedText StatusLabel, long Version, bool Changed, LeaseView? Lease, long? ApprovedAmount, FirstApprovalView? FirstApproval);

/// <summary>A rejection reason reviewers can pick.</summary>
public sealed record RejectionReason(string Code, LocalizedText Label, bool NoteRequired);

// ---- request bodies ----

/// <summary>Take (or renew) the review lease for <see cref="Minutes"/> (default from configuration, at most 480).</summary>
public sealed record LeaseRequest(int? Minutes);

/// <summary>Approve; without an amount, the proposed one. A different amount needs a reason (and a second approval).</summary>
public sealed record ApproveRequest(long? Amount, string? Reason);

/// <summary>Reject with a code from <c>GET /api/review/rejection-reasons</c> and a note (required for Other).</summary>
public sealed record RejectRequest(string? ReasonCode, string? Note);

/// <summary>Ask the claimant; the deadline is a date (the end of that day in Japan) or an ISO 8601 time with offset.</summary>
public sealed record InformationRequestBody(string? Message, string? Deadline);

/// <summary>A note (declining a first approval, escalating by hand, clearing an attention flag).</summary>
public sealed record NoteRequest(string? Note);

internal static class ReviewViews
{
    public static LeaseView? Lease(ClaimState state, DateTimeOffset now) =>
        state.Lease is { } lease && lease.IsActive(now) ? new LeaseView(lease.ReviewerId, lease.Until) : null;

    public static FirstApprovalView? FirstApproval(ClaimState state) =>
        state.FirstApproval is { } first ? new FirstApprovalView(first.ReviewerId, first.Amount.Amount, first.AdjustmentReason, first.At) : null;

    public static AttentionView? Attention(ClaimState state) =>
        state.Attention is { } a ? new AttentionView(a.StepKey, a.Attempts, a.Problem, a.At) : null;

    public static ReviewDecision Decision(ClaimExecution execution, DateTimeOffset now)
    {
        var state = execution.State;
        return new ReviewDecision(state.ClaimId, state.Status.ToString(), ClaimLabels.For(state.Status), state.Version, execution.Changed,
            Lease(state, now), state.ApprovedAmount?.Amount, FirstApproval(state));
    }
}
