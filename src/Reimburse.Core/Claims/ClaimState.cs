using System.Text.Json.Serialization;
using Reimburse.Banking;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Statements;
using Reimburse.Text;

namespace Reimburse.Claims;

/// <summary>Where a claim is in its workflow.</summary>
public enum ClaimStatus
{
    /// <summary>No claim yet (the state before <see cref="ClaimSubmitted"/>).</summary>
    None,

    /// <summary>Documents are being read.</summary>
    Extracting,

    /// <summary>Every document is read; the rules are being evaluated.</summary>
    Validating,

    /// <summary>Waiting for the claimant to answer a request.</summary>
    InformationRequested,

    /// <summary>Escalated: waiting for a reviewer.</summary>
    UnderReview,

    /// <summary>Approved by one reviewer; waiting for a second, different senior reviewer.</summary>
    AwaitingSecondApproval,

    /// <summary>A corrected payout account is being checked.</summary>
    VerifyingBankAccount,

    /// <summary>Approved: waiting for an export batch.</summary>
    Approved,

    /// <summary>In an export batch: waiting for the bank.</summary>
    InPayment,

    /// <summary>Refunded.</summary>
    Paid,

    /// <summary>Not eligible.</summary>
    Rejected,
}

/// <summary>How far a document is.</summary>
public enum DocumentStatus
{
    Pending,
    Extracted,
    Failed,
}

/// <summary>A document of the claim and what was read from it.</summary>
/// <param name="Ref">Where the document is.</param>
/// <param name="AddedAt">When it was added.</param>
/// <param name="Status">Pending, extracted or failed.</param>
/// <param name="Facts">What was read.</param>
/// <param name="Failure">Why it could not be read.</param>
/// <param name="FailureMessage">The reader's message.</param>
/// <param name="Superseded">Replaced by a document sent in answer to a request: no longer validated.</param>
/// <param name="Purged">The bytes were deleted by the retention purge.</param>
public sealed record ClaimDocument(
    DocumentRef Ref,
    DateTimeOffset AddedAt,
    DocumentStatus Status,
    DocumentFacts? Facts,
    ReadFailure? Failure,
    string? FailureMessage,
    bool Superseded,
    bool Purged)
{
    public string DocumentId => Ref.DocumentId;
}

/// <summary>An open request to the claimant.</summary>
public sealed record OpenRequest(
    string RequestId,
    InformationRequestKind Kind,
    LocalizedText Message,
    DateTimeOffset Deadline,
    IReadOnlyList<string> DocumentIds,
    bool Automatic,
    Actor RequestedBy);

/// <summary>A reviewer's hold on the claim.</summary>
public sealed record ReviewLease(string ReviewerId, DateTimeOffset Until)
{
    public bool IsActive(DateTimeOffset now) => now < Until;
}

/// <summary>A first approval waiting for the second.</summary>
public sealed record PendingApproval(string ReviewerId, Yen Amount, string? AdjustmentReason, DateTimeOffset At);

/// <summary>A flag raised by a step that kept failing.</summary>
public sealed record AttentionFlag(string StepKey, int Attempts, string Problem, DateTimeOffset At);

/// <summary>How the claim was rejected.</summary>
public sealed record Rejection(RejectionCode Code, LocalizedText Explanation, Actor By);

/// <summary>
/// The state of one claim, built only by <see cref="ClaimWorkflow.Evolve"/> from its events (nothing outside Core
/// can set a property). <see cref="Version"/> is the number of events applied: the sequence number of the last.
/// </summary>
public sealed record ClaimState
{
    [JsonConstructor]
    private ClaimState()
    {
    }

    /// <summary>The state before the first event.</summary>
    public static ClaimState Empty { get; } = new();

    [JsonInclude] public string ClaimId { get; internal init; } = "";
    [JsonInclude] public string IncidentId { get; internal init; } = "";
    [JsonInclude] public string CustomerId { get; internal init; } = "";
    [JsonInclude] public string CardLast4 { get; internal init; } = "";
    [JsonInclude] public Yen DeclaredFee { get; internal init; }
    [JsonInclude] public DateOnly ReissuedOn { get; internal init; }
    [JsonInclude] public DateTimeOffset SubmittedAt { get; internal init; }

    /// <summary>
    /// When intake first decided: approved, rejected or escalated to a reviewer (the first such event); null before.
    /// A state stored before this property existed reads as null (its next decision, if any, sets it).
    /// </summary>
    [JsonInclude] public DateTimeOffset? DecidedAt { get; internal init; }

    /// <summary>The payout account; null once purged.</summary>
    [JsonInclude] public BankAccount? PayoutAccount { get; internal init; }
    [JsonInclude] public ClaimTerms? Terms { get; internal init; }

    [JsonInclude] public ClaimStatus Status { get; internal init; }

    /// <summary>Number of events applied.</summary>
    [JsonInclude] public long Version { get; internal init; }

    /// <summary>The version at which <see cref="Status"/> last changed (names the round of a repeated step).</summary>
    [JsonInclude] public long StatusVersion { get; internal init; }

    /// <summary>Time of the last event.</summary>
    [JsonInclude] public DateTimeOffset UpdatedAt { get; internal init; }

    [JsonInclude] public IReadOnlyList<ClaimDocument> Documents { get; internal init; } = [];

    /// <summary>The results of the last validation (or payout check), for reviewers.</summary>
    [JsonInclude] public IReadOnlyList<RuleResult> LastResults { get; internal init; } = [];

    /// <summary>The amount the last validation proposed (the statement's fee).</summary>
    [JsonInclude] public Yen? ProposedAmount { get; internal init; }

    /// <summary>How many requests the workflow made by itself (it asks once, then a person decides).</summary>
    [JsonInclude] public int AutomaticRequests { get; internal init; }

    [JsonInclude] public OpenRequest? OpenRequest { get; internal init; }

    /// <summary>Why the claim was last escalated to a reviewer (failed rule codes or workflow codes), kept until the next escalation.</summary>
    [JsonInclude] public IReadOnlyList<EscalationReason> EscalationReasons { get; internal init; } = [];

    /// <summary>When the claim started waiting for a reviewer (escalation or first approval).</summary>
    [JsonInclude] public DateTimeOffset? WaitingSince { get; internal init; }
    [JsonInclude] public DateTimeOffset? LastReminderAt { get; internal init; }
    [JsonInclude] public ReviewLease? Lease { get; internal init; }
    [JsonInclude] public PendingApproval? FirstApproval { get; internal init; }

    /// <summary>The approved refund (kept through a return and re-approval).</summary>
    [JsonInclude] public Yen? ApprovedAmount { get; internal init; }
    [JsonInclude] public string? BatchId { get; internal init; }
    [JsonInclude] public string? LastReturnedBatchId { get; internal init; }
    [JsonInclude] public DateOnly? PaidOn { get; internal init; }
    [JsonInclude] public Rejection? Rejection { get; internal init; }

    /// <summary>When the claim was paid or rejected: the retention period starts here.</summary>
    [JsonInclude] public DateTimeOffset? ClosedAt { get; internal init; }
    [JsonInclude] public bool PersonalDataPurged { get; internal init; }
    [JsonInclude] public AttentionFlag? Attention { get; internal init; }

    /// <summary>True once submitted.</summary>
    [JsonIgnore]
    public bool Exists => Status != ClaimStatus.None;

    /// <summary>The documents that count (not superseded).</summary>
    [JsonIgnore]
    public IEnumerable<ClaimDocument> CurrentDocuments => Documents.Where(d => !d.Superseded);

    /// <summary>Whether the workflow may still ask the claimant by itself for another document.</summary>
    [JsonIgnore]
    public bool MayAskClaimantAutomatically => AutomaticRequests < 1;

    /// <summary>What the claimant sees.</summary>
    [JsonIgnore]
    public ClaimantStatus ClaimantStatus => ClaimantStatuses.Of(Status);

    /// <summary>How this claim counts for another claim's one-refund-per-card rule.</summary>
    [JsonIgnore]
    public ClaimStanding Standing => Status switch
    {
        ClaimStatus.Rejected => ClaimStanding.Closed,
        // Approved once means refunded for this rule, also while a returned payment waits for a new account.
        _ when ApprovedAmount is not null => ClaimStanding.Refunded,
        _ => ClaimStanding.Open,
    };

    /// <summary>What the claimant declared, for the validator.</summary>
    public ClaimDeclaration ToDeclaration() =>
        new(IncidentId, CustomerId, CardLast4, DeclaredFee, ReissuedOn, SubmittedAt, PayoutAccount);

    public ClaimDocument? FindDocument(string documentId) =>
        Documents.FirstOrDefault(d => string.Equals(d.DocumentId, documentId, StringComparison.Ordinal));
}
