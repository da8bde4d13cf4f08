using System.Globalization;

namespace Reimburse.Claims;

public static partial class ClaimWorkflow
{
    /// <summary>The state after <paramref name="event"/>: the only way a claim's state changes.</summary>
    public static ClaimState Evolve(ClaimState state, ClaimEvent @event)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(@event);
        var next = Transition(state, @event) with { Version = state.Version + 1, UpdatedAt = @event.At };
        if (next.DecidedAt is null && IsDecision(@event))
        {
            next = next with { DecidedAt = @event.At };
        }
        return next.Status != state.Status ? next with { StatusVersion = next.Version } : next;
    }

    // The first outcome of intake: approved (by the rules or a reviewer), rejected or sent to a reviewer. Later
    // decisions (a second approval, a re-approval after a returned payment) do not move it.
    private static bool IsDecision(ClaimEvent @event) =>
        @event is ClaimAutoApproved or ClaimEscalated or ClaimRejected or ReviewerApproved or ApprovalConfirmed;

    /// <summary>Applies events in order.</summary>
    public static ClaimState EvolveAll(ClaimState state, IEnumerable<ClaimEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            state = Evolve(state, e);
        }
        return state;
    }

    /// <summary>The state built from a claim's whole history.</summary>
    public static ClaimState Replay(IEnumerable<ClaimEvent> events) => EvolveAll(ClaimState.Empty, events);

    private static ClaimState Transition(ClaimState s, ClaimEvent e) => e switch
    {
        ClaimSubmitted x => s with
        {
            ClaimId = x.ClaimId,
            IncidentId = x.IncidentId,
            CustomerId = x.CustomerId,
            CardLast4 = x.CardLast4,
            DeclaredFee = x.DeclaredFee,
            ReissuedOn = x.ReissuedOn,
            SubmittedAt = x.At,
            PayoutAccount = x.PayoutAccount,
            Terms = x.Terms,
            Documents = [.. x.Documents.Select(d => NewDocument(d, x.At))],
            Status = x.Documents.Count > 0 ? ClaimStatus.Extracting : ClaimStatus.Validating,
        },
        DocumentAdded x => s with
        {
            Documents = [.. s.Documents, NewDocument(x.Document, x.At)],
            // Answers to a request add documents before InformationProvided, which sets the status.
            Status = s.Status is ClaimStatus.Extracting or ClaimStatus.Validating ? ClaimStatus.Extracting : s.Status,
        },
        ExtractionSucceeded x => AfterExtraction(UpdateDocument(s, x.DocumentId, d => d with { Status = DocumentStatus.Extracted, Facts = x.Facts })),
        ExtractionFailed x => AfterExtraction(UpdateDocument(s, x.DocumentId, d => d with { Status = DocumentStatus.Failed, Failure = x.Failure, FailureMessage = x.Message })),
        ClaimValidated x => s with { LastResults = x.Results, ProposedAmount = x.RefundAmount },
        ClaimAutoApproved x => s with { Status = ClaimStatus.Approved, ApprovedAmount = x.Amount },
        ClaimEscalated x => s with
        {
            Status = ClaimStatus.UnderReview,
            EscalationReasons = x.Reasons,
            WaitingSince = x.At,
            LastReminderAt = null,
            OpenRequest = null,
            Lease = null,
            FirstApproval = null,
        },
        ClaimRejected x => s with
        {
            Status = ClaimStatus.Rejected,
            Rejection = new Rejection(x.Code, x.Explanation, x.Actor),
            ClosedAt = x.At,
            OpenRequest = null,
            Lease = null,
            FirstApproval = null,
            WaitingSince = null,
        },
        InformationRequested x => s with
        {
            Status = ClaimStatus.InformationRequested,
            OpenRequest = new OpenRequest(x.RequestId, x.Kind, x.Message, x.Deadline, x.DocumentIds, x.Automatic, x.Actor),
            AutomaticRequests = s.AutomaticRequests + (x.Automatic && x.Kind is InformationRequestKind.ClearerDocument or InformationRequestKind.DifferentDocument ? 1 : 0),
            Lease = null,
            WaitingSince = null,
        },
        InformationProvided x => Answered(s, x),
        InformationRequestExpired => s with { OpenRequest = null },
        ReviewLeaseTaken x => s with { Lease = new ReviewLease(x.Actor.Id, x.Until) },
        ReviewLeaseReleased => s with { Lease = null },
        ReviewerApproved x when x.SecondApprovalRequired => s with
        {
            Status = ClaimStatus.AwaitingSecondApproval,
            FirstApproval = new PendingApproval(x.Actor.Id, x.Amount, x.AdjustmentReason, x.At),
            Lease = null,
            WaitingSince = x.At,
            LastReminderAt = null,
        },
        ReviewerApproved x => s with { Status = ClaimStatus.Approved, ApprovedAmount = x.Amount, Lease = null, WaitingSince = null },
        ApprovalConfirmed x => s with { Status = ClaimStatus.Approved, ApprovedAmount = x.Amount, FirstApproval = null, Lease = null, WaitingSince = null },
        ApprovalDeclined x => s with { Status = ClaimStatus.UnderReview, FirstApproval = null, Lease = null, WaitingSince = x.At, LastReminderAt = null },
        ReviewersReminded x => s with { LastReminderAt = x.At },
        AddedToBatch x => s with { Status = ClaimStatus.InPayment, BatchId = x.BatchId },
        RemovedFromBatch => s with { Status = ClaimStatus.Approved, BatchId = null },
        PaymentConfirmed x => s with { Status = ClaimStatus.Paid, PaidOn = x.PaidOn, ClosedAt = x.At },
        // The request for a corrected account that follows in the same append sets the status.
        PaymentReturned x => s with { BatchId = null, LastReturnedBatchId = x.BatchId, PaidOn = null, ClosedAt = null },
        BankAccountRejected => s,
        BankAccountChanged x => s with { PayoutAccount = x.Account },
        PayoutAccountVerified x => s with { Status = ClaimStatus.Approved, LastResults = x.Results },
        PersonalDataPurged x => s with
        {
            PersonalDataPurged = true,
            PayoutAccount = null,
            Documents =
            [
                .. s.Documents.Select(d => d with
                {
                    Ref = d.Ref.WithoutPersonalData(),
                    Facts = d.Facts?.WithoutPersonalData(),
                    Purged = d.Purged || x.DocumentIds.Contains(d.DocumentId, StringComparer.Ordinal),
                }),
            ],
        },
        FlaggedForAttention x => s with { Attention = new AttentionFlag(x.StepKey, x.Attempts, x.Problem, x.At) },
        AttentionCleared => s with { Attention = null },
        _ => throw new ArgumentException("Unknown event " + e.GetType().Name, nameof(e)),
    };

    private static ClaimDocument NewDocument(DocumentRef document, DateTimeOffset at) =>
        new(document, at, DocumentStatus.Pending, null, null, null, Superseded: false, Purged: false);

    private static ClaimState UpdateDocument(ClaimState s, string documentId, Func<ClaimDocument, ClaimDocument> update) =>
        s with { Documents = [.. s.Documents.Select(d => string.Equals(d.DocumentId, documentId, StringComparison.Ordinal) ? update(d) : d)] };

    private static ClaimState AfterExtraction(ClaimState s) =>
        s.Status == ClaimStatus.Extracting && !s.CurrentDocuments.Any(d => d.Status == DocumentStatus.Pending)
            ? s with { Status = ClaimStatus.Validating }
            : s;

    private static ClaimState Answered(ClaimState s, InformationProvided x)
    {
        var kind = s.OpenRequest?.Kind;
        var documents = s.Documents
            .Select(d => x.SupersededDocumentIds.Contains(d.DocumentId, StringComparer.Ordinal) ? d with { Superseded = true } : d)
            .ToList();
        var next = s with { OpenRequest = null, Documents = documents };
        var status = kind == InformationRequestKind.CorrectedBankAccount
            ? ClaimStatus.VerifyingBankAccount
            : next.CurrentDocuments.Any(d => d.Status == DocumentStatus.Pending) ? ClaimStatus.Extracting : ClaimStatus.Validating;
        return next with { Status = status };
    }

    // ---- next steps ----

    /// <summary>
    /// What the state asks the runner to do: read pending documents, validate, check a corrected account (all due
    /// now), expire an open request at its deadline, remind reviewers at the SLA, purge after the retention period.
    /// Nothing while the claim is flagged for attention. Every step carries the state version it was computed for.
    /// </summary>
    public static IReadOnlyList<ClaimStep> NextSteps(ClaimState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Exists || state.Attention is not null)
        {
            return [];
        }
        ClaimStep Step(ClaimStepKind kind, string target, DateTimeOffset due) => new(state.ClaimId, kind, target, state.Version, due);
        var round = "v" + state.StatusVersion.ToString(CultureInfo.InvariantCulture);
        return state.Status switch
        {
            ClaimStatus.Extracting =>
            [
                .. state.CurrentDocuments
                    .Where(d => d.Status == DocumentStatus.Pending)
                    .Select(d => Step(ClaimStepKind.ExtractDocument, d.DocumentId, now)),
            ],
            ClaimStatus.Validating => [Step(ClaimStepKind.ValidateClaim, round, now)],
            ClaimStatus.VerifyingBankAccount => [Step(ClaimStepKind.VerifyPayoutAccount, round, now)],
            ClaimStatus.InformationRequested when state.OpenRequest is { } request =>
                [Step(ClaimStepKind.ExpireInformationRequest, request.RequestId, request.Deadline)],
            ClaimStatus.UnderReview or ClaimStatus.AwaitingSecondApproval when ReminderDue(state) is var due =>
                [Step(ClaimStepKind.RemindReviewers, due.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), due)],
            ClaimStatus.Paid or ClaimStatus.Rejected when !state.PersonalDataPurged =>
                [Step(ClaimStepKind.PurgePersonalData, "retention", PurgeDue(state))],
            _ => [],
        };
    }

    /// <summary>
    /// Whether the claim still asks for <paramref name="step"/> (same key), so that a stale or repeated message is
    /// dropped without running it.
    /// </summary>
    public static bool IsCurrent(ClaimState state, ClaimStep step, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(step);
        return string.Equals(state.ClaimId, step.ClaimId, StringComparison.Ordinal)
            && NextSteps(state, now).Any(s => s.Key == step.Key);
    }

    private static DateTimeOffset ReminderDue(ClaimState state) =>
        (state.LastReminderAt ?? state.WaitingSince ?? state.UpdatedAt) + TimeSpan.FromHours(state.Terms!.ReviewSlaHours);

    private static DateTimeOffset PurgeDue(ClaimState state) =>
        (state.ClosedAt ?? state.UpdatedAt) + TimeSpan.FromDays(state.Terms!.RetentionDays);
}
