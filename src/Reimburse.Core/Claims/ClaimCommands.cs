using Reimburse.Banking;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Statements;

namespace Reimburse.Claims;

/// <summary>
/// A request to change a claim, decided by <see cref="ClaimWorkflow.Decide"/>. Carries who asks and when (the
/// caller's clock: the workflow never reads one).
/// </summary>
public abstract record ClaimCommand
{
    /// <summary>Who asks.</summary>
    public required Actor Actor { get; init; }

    /// <summary>Now, as the caller sees it (UTC).</summary>
    public required DateTimeOffset At { get; init; }
}

// Claimant

/// <summary>Submit a new claim. Repeating the identical submission is a no-op (idempotent intake retries).</summary>
public sealed record SubmitClaim(
    string ClaimId,
    string IncidentId,
    string CustomerId,
    string CardLast4,
    Yen DeclaredFee,
    DateOnly ReissuedOn,
    BankAccount PayoutAccount,
    IReadOnlyList<DocumentRef> Documents,
    ClaimTerms Terms) : ClaimCommand;

/// <summary>Add a document while the claim is still being read or validated. Re-adding the same document is a no-op.</summary>
public sealed record AddDocument(DocumentRef Document) : ClaimCommand;

/// <summary>Answer an open request for information: new documents, a note, a corrected account.</summary>
public sealed record ProvideInformation(string RequestId, string? Note, IReadOnlyList<DocumentRef> Documents, BankAccount? BankAccount) : ClaimCommand;

// Workflow steps (actor: system). A repeated or stale step yields no events.

/// <summary>Record what the reader made of a document (success or failure).</summary>
public sealed record RecordExtraction(string DocumentId, StatementReadResult Result) : ClaimCommand;

/// <summary>Record the rule results computed for the claim at <see cref="BasedOnVersion"/>.</summary>
public sealed record RecordValidation(long BasedOnVersion, ValidationReport Report) : ClaimCommand;

/// <summary>Record the check of a corrected payout account computed at <see cref="BasedOnVersion"/>.</summary>
public sealed record RecordPayoutCheck(long BasedOnVersion, IReadOnlyList<RuleResult> Results) : ClaimCommand;

/// <summary>Expire the request if it is still open and its deadline has passed.</summary>
public sealed record ExpireInformationRequest(string RequestId) : ClaimCommand;

/// <summary>Remind reviewers if the claim waits past the SLA.</summary>
public sealed record RemindReviewers : ClaimCommand;

/// <summary>Record that documents and bank details were deleted, if the retention period is over.</summary>
public sealed record PurgePersonalData : ClaimCommand;

/// <summary>A step failed too often: flag the claim (once per step).</summary>
public sealed record FlagForAttention(string StepKey, int Attempts, string Problem) : ClaimCommand;

// Staff

/// <summary>Clear the attention flag so automatic steps resume.</summary>
public sealed record ClearAttention(string Note) : ClaimCommand;

/// <summary>Move a claim that is stuck in an automatic step (or waiting for the claimant) to review.</summary>
public sealed record EscalateManually(string Note) : ClaimCommand;

/// <summary>Take the claim for review for <see cref="Duration"/> (at most <see cref="ClaimWorkflow.MaxLeaseDuration"/>); the holder may renew.</summary>
public sealed record TakeReviewLease(TimeSpan Duration) : ClaimCommand;

/// <summary>Give the claim back. Releasing a lease that is not held is a no-op.</summary>
public sealed record ReleaseReviewLease : ClaimCommand;

/// <summary>Approve; an amount other than the proposal needs a reason and a second approval.</summary>
public sealed record ApproveClaim(Yen Amount, string? AdjustmentReason) : ClaimCommand;

/// <summary>The four-eyes second approval (a senior reviewer other than the first).</summary>
public sealed record ConfirmApproval : ClaimCommand;

/// <summary>The second reviewer sends the claim back to review.</summary>
public sealed record DeclineApproval(string Note) : ClaimCommand;

/// <summary>Reject with a reason from the list and a note.</summary>
public sealed record RejectClaim(RejectionCode Code, string? Note) : ClaimCommand;

/// <summary>Ask the claimant a question with a deadline.</summary>
public sealed record RequestInformation(string Message, DateTimeOffset Deadline) : ClaimCommand;

// Finance

/// <summary>Put an approved refund into an export batch. Adding it to the same batch again is a no-op.</summary>
public sealed record AddToBatch(string BatchId) : ClaimCommand;

/// <summary>Take the refund out of a batch that was not exported.</summary>
public sealed record RemoveFromBatch(string BatchId, string Note) : ClaimCommand;

/// <summary>Record the bank's payment. Recording it again for the same batch is a no-op.</summary>
public sealed record RecordPayment(string BatchId, DateOnly PaidOn) : ClaimCommand;

/// <summary>Record a returned transfer; the claimant is asked for a corrected account. Repeating it is a no-op.</summary>
public sealed record RecordReturn(string BatchId, ReturnCode Code, string? Note) : ClaimCommand;

/// <summary>The payout account is invalid (e.g. unknown branch): send it back to the claimant before payment.</summary>
public sealed record RejectBankAccount(string Problem) : ClaimCommand;
