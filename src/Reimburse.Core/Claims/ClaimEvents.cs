using System.Text.Json.Serialization;
using Reimburse.Banking;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Statements;
using Reimburse.Text;

namespace Reimburse.Claims;

/// <summary>
/// Something that happened to a claim: the audit trail, append-only. Every event records who (<see cref="Actor"/>),
/// when (<see cref="At"/>, UTC) and why (<see cref="Reason"/>). Serialised as JSON with a stable <c>type</c>
/// discriminator (<see cref="Type"/>); the names never change once stored.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ClaimSubmitted), ClaimSubmitted.TypeName)]
[JsonDerivedType(typeof(DocumentAdded), DocumentAdded.TypeName)]
[JsonDerivedType(typeof(ExtractionSucceeded), ExtractionSucceeded.TypeName)]
[JsonDerivedType(typeof(ExtractionFailed), ExtractionFailed.TypeName)]
[JsonDerivedType(typeof(ClaimValidated), ClaimValidated.TypeName)]
[JsonDerivedType(typeof(ClaimAutoApproved), ClaimAutoApproved.TypeName)]
[JsonDerivedType(typeof(ClaimEscalated), ClaimEscalated.TypeName)]
[JsonDerivedType(typeof(ClaimRejected), ClaimRejected.TypeName)]
[JsonDerivedType(typeof(InformationRequested), InformationRequested.TypeName)]
[JsonDerivedType(typeof(InformationProvided), InformationProvided.TypeName)]
[JsonDerivedType(typeof(InformationRequestExpired), InformationRequestExpired.TypeName)]
[JsonDerivedType(typeof(ReviewLeaseTaken), ReviewLeaseTaken.TypeName)]
[JsonDerivedType(typeof(ReviewLeaseReleased), ReviewLeaseReleased.TypeName)]
[JsonDerivedType(typeof(ReviewerApproved), ReviewerApproved.TypeName)]
[JsonDerivedType(typeof(ApprovalConfirmed), ApprovalConfirmed.TypeName)]
[JsonDerivedType(typeof(ApprovalDeclined), ApprovalDeclined.TypeName)]
[JsonDerivedType(typeof(ReviewersReminded), ReviewersReminded.TypeName)]
[JsonDerivedType(typeof(AddedToBatch), AddedToBatch.TypeName)]
[JsonDerivedType(typeof(RemovedFromBatch), RemovedFromBatch.TypeName)]
[JsonDerivedType(typeof(PaymentConfirmed), PaymentConfirmed.TypeName)]
[JsonDerivedType(typeof(PaymentReturned), PaymentReturned.TypeName)]
[JsonDerivedType(typeof(BankAccountRejected), BankAccountRejected.TypeName)]
[JsonDerivedType(typeof(BankAccountChanged), BankAccountChanged.TypeName)]
[JsonDerivedType(typeof(PayoutAccountVerified), PayoutAccountVerified.TypeName)]
[JsonDerivedType(typeof(PersonalDataPurged), PersonalDataPurged.TypeName)]
[JsonDerivedType(typeof(FlaggedForAttention), FlaggedForAttention.TypeName)]
[JsonDerivedType(typeof(AttentionCleared), AttentionCleared.TypeName)]
public abstract record ClaimEvent
{
    /// <summary>When it happened (UTC).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who did it.</summary>
    public required Actor Actor { get; init; }

    /// <summary>Why, in words (English, for the audit trail).</summary>
    public required string Reason { get; init; }

    /// <summary>The stable type name stored with the event (the JSON discriminator).</summary>
    [JsonIgnore]
    public string Type => TypeNames[GetType()];

    /// <summary>Every event type and its stable name, from the <see cref="JsonDerivedTypeAttribute"/> list above.</summary>
    public static IReadOnlyDictionary<Type, string> TypeNames { get; } = typeof(ClaimEvent)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>True when the event carries personal data (bank account, names, file names, free text of the claimant).</summary>
    [JsonIgnore]
    public virtual bool HasPersonalData => false;

    /// <summary>
    /// The event as it may be kept after the retention period: personal data removed, everything else the same.
    /// The store keeps this form in the append-only event row and the full form in a purgeable side row.
    /// </summary>
    public virtual ClaimEvent WithoutPersonalData() => this;
}

/// <summary>The claimant submitted the claim (the first event).</summary>
public sealed record ClaimSubmitted(
    string ClaimId,
    string IncidentId,
    string CustomerId,
    string CardLast4,
    Yen DeclaredFee,
    DateOnly ReissuedOn,
    BankAccount? PayoutAccount,
    IReadOnlyList<DocumentRef> Documents,
    ClaimTerms Terms) : ClaimEvent
{
    public const string TypeName = "claim-submitted";

    public override bool HasPersonalData => PayoutAccount is not null || Documents.Any(d => d.FileName is not null);

    public override ClaimEvent WithoutPersonalData() => !HasPersonalData
        ? this
        : this with { PayoutAccount = null, Documents = [.. Documents.Select(d => d.WithoutPersonalData())] };
}

/// <summary>The claimant added a document.</summary>
public sealed record DocumentAdded(DocumentRef Document) : ClaimEvent
{
    public const string TypeName = "document-added";

    public override bool HasPersonalData => Document.FileName is not null;

    public override ClaimEvent WithoutPersonalData() => !HasPersonalData ? this : this with { Document = Document.WithoutPersonalData() };
}

/// <summary>A reader read a document.</summary>
public sealed record ExtractionSucceeded(string DocumentId, DocumentFacts Facts) : ClaimEvent
{
    public const string TypeName = "extraction-succeeded";

    public override bool HasPersonalData => Facts.HolderName is not null;

    public override ClaimEvent WithoutPersonalData() => !HasPersonalData ? this : this with { Facts = Facts.WithoutPersonalData() };
}

/// <summary>A document could not be read.</summary>
public sealed record ExtractionFailed(string DocumentId, ReadFailure Failure, string Message) : ClaimEvent
{
    public const string TypeName = "extraction-failed";
}

/// <summary>Every policy rule was evaluated; an outcome event follows in the same append.</summary>
public sealed record ClaimValidated(IReadOnlyList<RuleResult> Results, Yen? RefundAmount, ValidationOutcome Outcome) : ClaimEvent
{
    public const string TypeName = "claim-validated";
}

/// <summary>Every rule passed: approved without a reviewer.</summary>
public sealed record ClaimAutoApproved(Yen Amount) : ClaimEvent
{
    public const string TypeName = "claim-auto-approved";
}

/// <summary>The claim waits for a reviewer, for these reasons.</summary>
public sealed record ClaimEscalated(IReadOnlyList<EscalationReason> Reasons) : ClaimEvent
{
    public const string TypeName = "claim-escalated";
}

/// <summary>The claim is not eligible (<see cref="Explanation"/> is what the claimant reads).</summary>
public sealed record ClaimRejected(RejectionCode Code, LocalizedText Explanation, string? Note) : ClaimEvent
{
    public const string TypeName = "claim-rejected";
}

/// <summary>The claimant is asked for something by <see cref="Deadline"/>.</summary>
/// <param name="RequestId">Id of this request (answers and expiry name it).</param>
/// <param name="Kind">What is asked for.</param>
/// <param name="Message">What the claimant reads.</param>
/// <param name="Deadline">When the request expires (UTC).</param>
/// <param name="DocumentIds">The documents the request is about (replaced when the claimant sends new ones).</param>
/// <param name="Automatic">Asked by the workflow rather than by a person.</param>
public sealed record InformationRequested(
    string RequestId,
    InformationRequestKind Kind,
    LocalizedText Message,
    DateTimeOffset Deadline,
    IReadOnlyList<string> DocumentIds,
    bool Automatic) : ClaimEvent
{
    public const string TypeName = "information-requested";
}

/// <summary>The claimant answered a request; new documents and a new account come as their own events just before.</summary>
public sealed record InformationProvided(
    string RequestId,
    string? Note,
    IReadOnlyList<string> DocumentIds,
    IReadOnlyList<string> SupersededDocumentIds,
    bool BankAccountChanged) : ClaimEvent
{
    public const string TypeName = "information-provided";

    public override bool HasPersonalData => Note is not null;

    public override ClaimEvent WithoutPersonalData() => !HasPersonalData ? this : this with { Note = null };
}

/// <summary>The claimant did not answer in time.</summary>
public sealed record InformationRequestExpired(string RequestId) : ClaimEvent
{
    public const string TypeName = "information-request-expired";
}

/// <summary>A reviewer took the claim until <see cref="Until"/>: nobody else may decide meanwhile.</summary>
public sealed record ReviewLeaseTaken(DateTimeOffset Until) : ClaimEvent
{
    public const string TypeName = "review-lease-taken";
}

/// <summary>The reviewer gave the claim back.</summary>
public sealed record ReviewLeaseReleased : ClaimEvent
{
    public const string TypeName = "review-lease-released";
}

/// <summary>A reviewer approved; when <see cref="SecondApprovalRequired"/>, a different senior reviewer must confirm.</summary>
/// <param name="Amount">The amount to refund.</param>
/// <param name="ProposedAmount">What the workflow proposed (the statement's fee, or the declared fee).</param>
/// <param name="AdjustmentReason">Why the amount differs from the proposal.</param>
/// <param name="SecondApprovalRequired">Above the four-eyes threshold or adjusted.</param>
public sealed record ReviewerApproved(Yen Amount, Yen ProposedAmount, string? AdjustmentReason, bool SecondApprovalRequired) : ClaimEvent
{
    public const string TypeName = "reviewer-approved";
}

/// <summary>A second, different senior reviewer confirmed the approval.</summary>
public sealed record ApprovalConfirmed(Yen Amount) : ClaimEvent
{
    public const string TypeName = "approval-confirmed";
}

/// <summary>The second reviewer did not confirm: back to review.</summary>
public sealed record ApprovalDeclined(string Note) : ClaimEvent
{
    public const string TypeName = "approval-declined";
}

/// <summary>Reviewers were reminded that the claim waits past the SLA.</summary>
public sealed record ReviewersReminded(DateTimeOffset WaitingSince) : ClaimEvent
{
    public const string TypeName = "reviewers-reminded";
}

/// <summary>Finance put the approved refund into an export batch.</summary>
public sealed record AddedToBatch(string BatchId) : ClaimEvent
{
    public const string TypeName = "added-to-batch";
}

/// <summary>Finance took the refund out of a batch that was not exported.</summary>
public sealed record RemovedFromBatch(string BatchId) : ClaimEvent
{
    public const string TypeName = "removed-from-batch";
}

/// <summary>The bank paid the refund.</summary>
public sealed record PaymentConfirmed(string BatchId, DateOnly PaidOn, Yen Amount) : ClaimEvent
{
    public const string TypeName = "payment-confirmed";
}

/// <summary>The bank returned the transfer; the claimant is asked for a corrected account in the same append.</summary>
public sealed record PaymentReturned(string BatchId, ReturnCode Code, string? Note) : ClaimEvent
{
    public const string TypeName = "payment-returned";
}

/// <summary>The payout account was found invalid before payment; the claimant is asked for another.</summary>
public sealed record BankAccountRejected(string Problem) : ClaimEvent
{
    public const string TypeName = "bank-account-rejected";
}

/// <summary>The claimant gave a new payout account.</summary>
public sealed record BankAccountChanged(BankAccount? Account) : ClaimEvent
{
    public const string TypeName = "bank-account-changed";

    public override bool HasPersonalData => Account is not null;

    public override ClaimEvent WithoutPersonalData() => !HasPersonalData ? this : this with { Account = null };
}

/// <summary>The corrected payout account passed its check: approved again for a later batch.</summary>
public sealed record PayoutAccountVerified(IReadOnlyList<RuleResult> Results) : ClaimEvent
{
    public const string TypeName = "payout-account-verified";
}

/// <summary>Documents and bank details were deleted after the retention period.</summary>
public sealed record PersonalDataPurged(IReadOnlyList<string> DocumentIds) : ClaimEvent
{
    public const string TypeName = "personal-data-purged";
}

/// <summary>A step kept failing: a person must look. Automatic steps pause until the flag is cleared.</summary>
public sealed record FlaggedForAttention(string StepKey, int Attempts, string Problem) : ClaimEvent
{
    public const string TypeName = "flagged-for-attention";
}

/// <summary>A person cleared the flag: automatic steps resume.</summary>
public sealed record AttentionCleared(string Note) : ClaimEvent
{
    public const string TypeName = "attention-cleared";
}
