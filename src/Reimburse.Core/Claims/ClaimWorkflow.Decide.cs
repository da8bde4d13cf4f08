using System.Text.RegularExpressions;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Privacy;
using Reimburse.Statements;
using Reimburse.Text;

namespace Reimburse.Claims;

/// <summary>
/// The claim workflow as pure functions: <see cref="Decide"/> turns a command into events,
/// <see cref="Evolve"/> applies an event, <see cref="NextSteps"/> says what should run next. No clock, no ids, no
/// I/O: time comes with the command (<see cref="ClaimCommand.At"/>) and ids with the input.
/// </summary>
/// <remarks>
/// <para>Idempotency. Workflow steps (actor <see cref="Actor.System"/>: <see cref="RecordExtraction"/>,
/// <see cref="RecordValidation"/>, <see cref="RecordPayoutCheck"/>, <see cref="ExpireInformationRequest"/>,
/// <see cref="RemindReviewers"/>, <see cref="PurgePersonalData"/>, <see cref="FlagForAttention"/>) are delivered at
/// least once: a repeated, stale or early step yields <b>no events</b>. Retries of external requests whose effect is
/// already recorded also yield no events: the identical <see cref="SubmitClaim"/>, the same
/// <see cref="AddDocument"/>, <see cref="AddToBatch"/> / <see cref="RecordPayment"/> / <see cref="RecordReturn"/>
/// for the same batch, and <see cref="ReleaseReviewLease"/> without a lease. Every other command that does not fit
/// the state — approving an approved claim, a second approval by the first reviewer, answering a closed request —
/// throws <see cref="ClaimDomainException"/> with a stable code and a message in Japanese and English.</para>
/// </remarks>
public static partial class ClaimWorkflow
{
    /// <summary>Longest review lease.</summary>
    public static readonly TimeSpan MaxLeaseDuration = TimeSpan.FromHours(8);

    /// <summary>Longest deadline a reviewer may give.</summary>
    public static readonly TimeSpan MaxRequestDuration = TimeSpan.FromDays(90);

    /// <summary>Longest note or message.</summary>
    public const int MaxTextLength = 2_000;

    /// <summary>Most documents one claim holds (also bounds the rows one append writes).</summary>
    public const int MaxDocuments = 20;

    /// <summary>The events that <paramref name="command"/> causes in <paramref name="state"/> (possibly none).</summary>
    /// <exception cref="ClaimDomainException">The command is not allowed; nothing changes.</exception>
    public static IReadOnlyList<ClaimEvent> Decide(ClaimState state, ClaimCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        command = WithoutCardNumbers(command);
        var d = new Decision(state, command);
        if (!state.Exists && command is not SubmitClaim)
        {
            throw d.Error(ClaimErrors.NotFound, "申請が見つかりません。", "There is no such claim.");
        }
        return command switch
        {
            SubmitClaim c => Submit(d, c),
            AddDocument c => AddDocumentTo(d, c),
            ProvideInformation c => Provide(d, c),
            RecordExtraction c => Extraction(d, c),
            RecordValidation c => Validation(d, c),
            RecordPayoutCheck c => PayoutCheck(d, c),
            ExpireInformationRequest c => Expire(d, c),
            RemindReviewers => Remind(d),
            PurgePersonalData => Purge(d),
            FlagForAttention c => Flag(d, c),
            ClearAttention c => Clear(d, c),
            EscalateManually c => EscalateByHand(d, c),
            TakeReviewLease c => TakeLease(d, c),
            ReleaseReviewLease => ReleaseLease(d),
            ApproveClaim c => Approve(d, c),
            ConfirmApproval => Confirm(d),
            DeclineApproval c => Decline(d, c),
            RejectClaim c => Reject(d, c),
            RequestInformation c => Request(d, c),
            AddToBatch c => Batch(d, c),
            RemoveFromBatch c => Unbatch(d, c),
            RecordPayment c => Pay(d, c),
            RecordReturn c => Return(d, c),
            RejectBankAccount c => RejectAccount(d, c),
            _ => throw new ArgumentException("Unknown command " + command.GetType().Name, nameof(command)),
        };
    }

    // Free text (a claimant's answer, a reviewer's note or question, a bank's reason, a reader's message) ends up in
    // events, which are stored for good and shown to staff: a card number typed or pasted into it is masked here,
    // before any event exists (invariant 4). Structured fields (ids, last 4, accounts) are validated elsewhere.
    private static ClaimCommand WithoutCardNumbers(ClaimCommand command) => command switch
    {
        ProvideInformation c => c with { Note = Mask(c.Note) },
        RecordExtraction { Result.Message: not null } c => c with { Result = c.Result with { Message = Mask(c.Result.Message) } },
        FlagForAttention c => c with { Problem = Mask(c.Problem)! },
        ClearAttention c => c with { Note = Mask(c.Note)! },
        EscalateManually c => c with { Note = Mask(c.Note)! },
        ApproveClaim c => c with { AdjustmentReason = Mask(c.AdjustmentReason) },
        DeclineApproval c => c with { Note = Mask(c.Note)! },
        RejectClaim c => c with { Note = Mask(c.Note) },
        RequestInformation c => c with { Message = Mask(c.Message)! },
        RemoveFromBatch c => c with { Note = Mask(c.Note)! },
        RecordReturn c => c with { Note = Mask(c.Note) },
        RejectBankAccount c => c with { Problem = Mask(c.Problem)! },
        _ => command,
    };

    private static string? Mask(string? text) => text is null ? null : CardNumbers.Redact(text);

    // ---- claimant ----

    private static IReadOnlyList<ClaimEvent> Submit(Decision d, SubmitClaim c)
    {
        d.RequireActor(c.Actor.Kind == ActorKind.Claimant && c.Actor.Id == c.CustomerId);
        if (d.State.Exists)
        {
            if (SameSubmission(d.State, c))
            {
                return [];
            }
            throw d.Error(ClaimErrors.AlreadyExists, "この申請番号はすでに使われています。", $"Claim {d.State.ClaimId} already exists with other content.");
        }
        d.Require(ClaimIds.IsValidPart(c.ClaimId), "申請番号が不正です。", "A claim id must be 1-64 letters, digits, '-' or '_'.");
        d.Require(!string.IsNullOrWhiteSpace(c.IncidentId) && !string.IsNullOrWhiteSpace(c.CustomerId), "対象の事案とお客さまを指定してください。", "Incident and customer are required.");
        d.Require(Last4Pattern().IsMatch(c.CardLast4 ?? ""), "カード番号の下4桁を数字4桁で入力してください。", "Enter the card's last four digits.");
        d.Require(c.DeclaredFee > Yen.Zero, "お支払いになった再発行手数料の金額を入力してください。", "Enter the reissue fee you paid (more than ¥0).");
        d.Require(c.PayoutAccount is not null, "振込先口座を入力してください。", "A payout account is required.");
        d.Require(c.Documents is { Count: > 0 }, "再発行手数料の明細を添付してください。", "Attach at least one fee statement.");
        CheckDocuments(d, c.Documents, []);
        if (c.Terms?.Problem() is { } terms)
        {
            throw d.Error(ClaimErrors.InvalidInput, "事案の設定が不正です。", terms);
        }
        return
        [
            new ClaimSubmitted(c.ClaimId, c.IncidentId, c.CustomerId, c.CardLast4!, c.DeclaredFee, c.ReissuedOn, c.PayoutAccount, [.. c.Documents], c.Terms!)
            {
                At = d.Now, Actor = c.Actor, Reason = "Claim submitted with " + c.Documents.Count + " document(s).",
            },
        ];
    }

    private static IReadOnlyList<ClaimEvent> AddDocumentTo(Decision d, AddDocument c)
    {
        d.RequireClaimant();
        ArgumentNullException.ThrowIfNull(c.Document);
        if (d.State.FindDocument(c.Document.DocumentId) is { } existing)
        {
            return existing.Ref == c.Document
                ? []
                : throw d.Error(ClaimErrors.UnknownDocument, "同じ書類番号がすでに使われています。", $"Document id {c.Document.DocumentId} is already used.");
        }
        d.RequireStatus(
            "書類の追加",
            "adding a document",
            ClaimStatus.Extracting, ClaimStatus.Validating);
        CheckDocuments(d, [c.Document], d.State.Documents);
        return [new DocumentAdded(c.Document) { At = d.Now, Actor = c.Actor, Reason = "Document added by the claimant." }];
    }

    private static IReadOnlyList<ClaimEvent> Provide(Decision d, ProvideInformation c)
    {
        d.RequireClaimant();
        if (d.State.Status != ClaimStatus.InformationRequested || d.State.OpenRequest is not { } request)
        {
            throw d.Illegal("追加情報の提出", "answering a request");
        }
        if (!string.Equals(request.RequestId, c.RequestId, StringComparison.Ordinal))
        {
            throw d.Error(ClaimErrors.RequestMismatch, "お願いした内容が更新されています。画面を再読み込みしてください。", $"Request {c.RequestId} is not the open request {request.RequestId}.");
        }
        var documents = c.Documents ?? [];
        CheckText(d, c.Note, required: false);
        switch (request.Kind)
        {
            case InformationRequestKind.CorrectedBankAccount:
                d.Require(c.BankAccount is not null, "新しい振込先口座を入力してください。", "Give the corrected payout account.");
                d.Require(documents.Count == 0, "このお願いには口座情報のみをご提出ください。", "This request asks for an account, not documents.");
                break;
            case InformationRequestKind.ClearerDocument or InformationRequestKind.DifferentDocument:
                d.Require(documents.Count > 0, "書類を添付してください。", "Attach the requested document.");
                break;
            default:
                d.Require(documents.Count > 0 || !string.IsNullOrWhiteSpace(c.Note) || c.BankAccount is not null,
                    "ご回答または書類をご提出ください。", "Give an answer or attach a document.");
                break;
        }
        CheckDocuments(d, documents, d.State.Documents);
        var events = new List<ClaimEvent>();
        foreach (var document in documents)
        {
            events.Add(new DocumentAdded(document) { At = d.Now, Actor = c.Actor, Reason = "Document sent in answer to " + request.RequestId + "." });
        }
        if (c.BankAccount is { } account)
        {
            events.Add(new BankAccountChanged(account) { At = d.Now, Actor = c.Actor, Reason = "Payout account changed in answer to " + request.RequestId + "." });
        }
        var superseded = documents.Count > 0 && request.Kind is InformationRequestKind.ClearerDocument or InformationRequestKind.DifferentDocument
            ? request.DocumentIds
            : [];
        events.Add(new InformationProvided(
            request.RequestId,
            string.IsNullOrWhiteSpace(c.Note) ? null : c.Note,
            [.. documents.Select(x => x.DocumentId)],
            [.. superseded],
            c.BankAccount is not null)
        {
            At = d.Now, Actor = c.Actor, Reason = "The claimant answered " + request.RequestId + ".",
        });
        return events;
    }

    // ---- workflow steps ----

    private static IReadOnlyList<ClaimEvent> Extraction(Decision d, RecordExtraction c)
    {
        d.RequireSystem();
        ArgumentNullException.ThrowIfNull(c.Result);
        var document = d.State.FindDocument(c.DocumentId)
            ?? throw d.Error(ClaimErrors.UnknownDocument, "書類が見つかりません。", $"The claim has no document {c.DocumentId}.");
        if (document.Status != DocumentStatus.Pending || document.Superseded || d.State.Status != ClaimStatus.Extracting)
        {
            return [];
        }
        if (c.Result.Facts is { } facts)
        {
            return [new ExtractionSucceeded(c.DocumentId, DocumentFacts.From(facts)) { At = d.Now, Actor = c.Actor, Reason = "Read by the " + facts.Reader + " reader." }];
        }
        var failure = c.Result.Failure ?? ReadFailure.Unreadable;
        return [new ExtractionFailed(c.DocumentId, failure, c.Result.Message ?? "") { At = d.Now, Actor = c.Actor, Reason = "The document could not be read: " + failure + "." }];
    }

    private static IReadOnlyList<ClaimEvent> Validation(Decision d, RecordValidation c)
    {
        d.RequireSystem();
        ArgumentNullException.ThrowIfNull(c.Report);
        if (d.State.Status != ClaimStatus.Validating || d.State.Version != c.BasedOnVersion)
        {
            return [];
        }
        var report = c.Report;
        // The outcome is concluded here from the results and the state, not taken from the caller.
        var outcome = ClaimValidator.Conclude(report.Results, d.State.MayAskClaimantAutomatically);
        var failures = report.Results.Where(r => !r.Passed).ToList();
        var events = new List<ClaimEvent>
        {
            new ClaimValidated([.. report.Results], report.RefundAmount, outcome)
            {
                At = d.Now, Actor = c.Actor,
                Reason = failures.Count == 0 ? $"All {report.Results.Count} rule results passed." : "Failed: " + string.Join(", ", failures.Select(f => f.Code).Distinct()) + ".",
            },
        };
        switch (outcome)
        {
            case ValidationOutcome.Approve when report.RefundAmount is { } amount && amount > Yen.Zero:
                events.Add(new ClaimAutoApproved(amount) { At = d.Now, Actor = c.Actor, Reason = "Every rule passed." });
                break;
            case ValidationOutcome.Approve:
                events.Add(new ClaimEscalated([new(EscalationReason.NoAmount, new("払い戻す金額が読み取れていません。", "No refund amount was read."))])
                {
                    At = d.Now, Actor = c.Actor, Reason = "Every rule passed but no amount was read.",
                });
                break;
            case ValidationOutcome.Reject:
                var hard = failures.First(f => f.IsHardFailure);
                events.Add(new ClaimRejected(RejectionFor(hard.Code), hard.Message, null)
                {
                    At = d.Now, Actor = c.Actor, Reason = "Not eligible: " + hard.Code + ".",
                });
                break;
            case ValidationOutcome.AskClaimant:
                events.Add(AskForDocument(d, failures));
                break;
            default:
                events.Add(new ClaimEscalated([.. failures.Select(f => new EscalationReason(f.Code, f.Message))])
                {
                    At = d.Now, Actor = c.Actor, Reason = "Escalated: " + string.Join(", ", failures.Select(f => f.Code).Distinct()) + ".",
                });
                break;
        }
        return events;
    }

    private static InformationRequested AskForDocument(Decision d, List<RuleResult> failures)
    {
        var fixable = failures.Where(f => PolicyRules.Find(f.Code)?.ClaimantCanFix == true).ToList();
        // Results about a named document (or the lack of any) are what the claimant can act on; "cannot be
        // checked" consequences of an unreadable document would only confuse.
        var actionable = fixable.Where(f => f.DocumentId is not null || f.Code == PolicyRules.DocumentReadable.Code).ToList();
        if (actionable.Count > 0)
        {
            fixable = actionable;
        }
        var kind = fixable.Any(f => f.Code == PolicyRules.FeeStatement.Code)
            ? InformationRequestKind.DifferentDocument
            : InformationRequestKind.ClearerDocument;
        var deadline = DeadlineAfter(d.Now, d.State.Terms!.InformationRequestDays);
        var messages = fixable.Select(f => f.Message).Distinct().ToList();
        var date = TokyoTime.DateOf(deadline).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var message = new LocalizedText(
            string.Join("\n", messages.Select(m => m.Ja)) + $"\n{date}までにご提出ください。",
            string.Join("\n", messages.Select(m => m.En)) + $"\nPlease send it by {date}.");
        return new InformationRequested(
            NewRequestId(d.State),
            kind,
            message,
            deadline,
            [.. fixable.Select(f => f.DocumentId).OfType<string>().Distinct(StringComparer.Ordinal)],
            Automatic: true)
        {
            At = d.Now, Actor = d.Command.Actor, Reason = "Asked the claimant for a " + (kind == InformationRequestKind.DifferentDocument ? "different" : "clearer") + " document.",
        };
    }

    private static IReadOnlyList<ClaimEvent> PayoutCheck(Decision d, RecordPayoutCheck c)
    {
        d.RequireSystem();
        ArgumentNullException.ThrowIfNull(c.Results);
        if (d.State.Status != ClaimStatus.VerifyingBankAccount || d.State.Version != c.BasedOnVersion)
        {
            return [];
        }
        var failures = c.Results.Where(r => !r.Passed).ToList();
        if (c.Results.Count > 0 && failures.Count == 0)
        {
            return [new PayoutAccountVerified([.. c.Results]) { At = d.Now, Actor = c.Actor, Reason = "The corrected payout account passed its check." }];
        }
        var reasons = failures.Count == 0
            ? [new EscalationReason(EscalationReason.PayoutCheck, new("口座の確認ができませんでした。", "The payout account could not be checked."))]
            : failures.Select(f => new EscalationReason(f.Code, f.Message)).ToList();
        return [new ClaimEscalated(reasons) { At = d.Now, Actor = c.Actor, Reason = "The corrected payout account needs a reviewer." }];
    }

    private static IReadOnlyList<ClaimEvent> Expire(Decision d, ExpireInformationRequest c)
    {
        d.RequireSystem();
        if (d.State is not { Status: ClaimStatus.InformationRequested, OpenRequest: { } request }
            || !string.Equals(request.RequestId, c.RequestId, StringComparison.Ordinal)
            || d.Now < request.Deadline)
        {
            return [];
        }
        return
        [
            new InformationRequestExpired(request.RequestId) { At = d.Now, Actor = c.Actor, Reason = "No answer by the deadline." },
            new ClaimEscalated([new(EscalationReason.InformationExpired, new("期限までにご回答がありませんでした。", "The claimant did not answer by the deadline."))])
            {
                At = d.Now, Actor = c.Actor, Reason = "Request " + request.RequestId + " expired.",
            },
        ];
    }

    private static IReadOnlyList<ClaimEvent> Remind(Decision d)
    {
        d.RequireSystem();
        var state = d.State;
        if (state.Status is not (ClaimStatus.UnderReview or ClaimStatus.AwaitingSecondApproval) || d.Now < ReminderDue(state))
        {
            return [];
        }
        var since = state.WaitingSince ?? state.UpdatedAt;
        return [new ReviewersReminded(since) { At = d.Now, Actor = d.Command.Actor, Reason = "Waiting for a reviewer longer than " + state.Terms!.ReviewSlaHours + " hours." }];
    }

    private static IReadOnlyList<ClaimEvent> Purge(Decision d)
    {
        d.RequireSystem();
        var state = d.State;
        if (state.Status is not (ClaimStatus.Paid or ClaimStatus.Rejected) || state.PersonalDataPurged || d.Now < PurgeDue(state))
        {
            return [];
        }
        return
        [
            new PersonalDataPurged([.. state.Documents.Where(x => !x.Purged).Select(x => x.DocumentId)])
            {
                At = d.Now, Actor = d.Command.Actor, Reason = "Retention of " + state.Terms!.RetentionDays + " days after " + state.Status + " is over.",
            },
        ];
    }

    private static IReadOnlyList<ClaimEvent> Flag(Decision d, FlagForAttention c)
    {
        d.RequireSystem();
        if (d.State.Attention is { } flag && string.Equals(flag.StepKey, c.StepKey, StringComparison.Ordinal))
        {
            return [];
        }
        return [new FlaggedForAttention(c.StepKey, c.Attempts, c.Problem) { At = d.Now, Actor = c.Actor, Reason = $"Step {c.StepKey} failed {c.Attempts} times." }];
    }

    // ---- staff ----

    private static IReadOnlyList<ClaimEvent> Clear(Decision d, ClearAttention c)
    {
        d.RequireActor(c.Actor.IsReviewer || c.Actor.Kind == ActorKind.Operator);
        CheckText(d, c.Note, required: true);
        if (d.State.Attention is null)
        {
            throw d.Illegal("要対応フラグの解除", "clearing the attention flag (it is not set)");
        }
        return [new AttentionCleared(c.Note) { At = d.Now, Actor = c.Actor, Reason = c.Note }];
    }

    private static IReadOnlyList<ClaimEvent> EscalateByHand(Decision d, EscalateManually c)
    {
        d.RequireActor(c.Actor.IsReviewer || c.Actor.Kind == ActorKind.Operator);
        CheckText(d, c.Note, required: true);
        d.RequireStatus("担当者への回付", "moving the claim to review",
            ClaimStatus.Extracting, ClaimStatus.Validating, ClaimStatus.VerifyingBankAccount, ClaimStatus.InformationRequested);
        return [new ClaimEscalated([new(EscalationReason.Manual, new(c.Note, c.Note))]) { At = d.Now, Actor = c.Actor, Reason = c.Note }];
    }

    private static IReadOnlyList<ClaimEvent> TakeLease(Decision d, TakeReviewLease c)
    {
        d.RequireReviewer();
        d.RequireStatus("審査の開始", "taking the claim for review", ClaimStatus.UnderReview, ClaimStatus.AwaitingSecondApproval);
        d.Require(c.Duration > TimeSpan.Zero && c.Duration <= MaxLeaseDuration, "担当時間が不正です。", $"A lease lasts more than zero and at most {MaxLeaseDuration.TotalHours} hours.");
        if (d.State.Lease is { } lease && lease.IsActive(d.Now) && lease.ReviewerId != c.Actor.Id)
        {
            throw d.Error(ClaimErrors.LeaseHeld, "他の担当者が審査中です。", $"Another reviewer holds the claim until {lease.Until:O}.");
        }
        return [new ReviewLeaseTaken(d.Now + c.Duration) { At = d.Now, Actor = c.Actor, Reason = "Taken for review." }];
    }

    private static IReadOnlyList<ClaimEvent> ReleaseLease(Decision d)
    {
        d.RequireReviewer();
        if (d.State.Lease is not { } lease || !lease.IsActive(d.Now))
        {
            return [];
        }
        if (lease.ReviewerId != d.Command.Actor.Id)
        {
            throw d.Error(ClaimErrors.LeaseHeld, "他の担当者が審査中です。", "Only the reviewer holding the claim can release it.");
        }
        return [new ReviewLeaseReleased { At = d.Now, Actor = d.Command.Actor, Reason = "Released." }];
    }

    private static IReadOnlyList<ClaimEvent> Approve(Decision d, ApproveClaim c)
    {
        d.RequireReviewer();
        RefuseIfApproved(d);
        d.RequireStatus("承認", "approving", ClaimStatus.UnderReview);
        d.RequireLease();
        d.Require(c.Amount > Yen.Zero, "承認額は1円以上にしてください。", "The approved amount must be more than ¥0.");
        var state = d.State;
        var proposed = state.ApprovedAmount ?? state.ProposedAmount ?? state.DeclaredFee;
        var adjusted = c.Amount != proposed;
        d.Require(!adjusted || !string.IsNullOrWhiteSpace(c.AdjustmentReason), "金額を変更する理由を入力してください。", $"Give a reason for approving {c.Amount} instead of {proposed}.");
        CheckText(d, c.AdjustmentReason, required: false);
        var threshold = state.Terms!.FourEyesThreshold;
        var second = adjusted || c.Amount > threshold;
        var reason = second
            ? (adjusted ? $"Approved {c.Amount} (proposed {proposed}); a second senior reviewer must confirm." : $"Approved {c.Amount}, above {threshold}; a second senior reviewer must confirm.")
            : $"Approved {c.Amount}.";
        return [new ReviewerApproved(c.Amount, proposed, adjusted ? c.AdjustmentReason : null, second) { At = d.Now, Actor = c.Actor, Reason = reason }];
    }

    private static IReadOnlyList<ClaimEvent> Confirm(Decision d)
    {
        d.RequireReviewer();
        if (d.State.Status is ClaimStatus.Approved or ClaimStatus.InPayment or ClaimStatus.Paid)
        {
            throw d.Error(ClaimErrors.AlreadyApproved, "この申請はすでに承認されています。", "The claim is already approved.");
        }
        d.RequireStatus("二次承認", "confirming an approval", ClaimStatus.AwaitingSecondApproval);
        var first = d.State.FirstApproval!;
        if (d.Command.Actor.Kind != ActorKind.SeniorReviewer)
        {
            throw d.Error(ClaimErrors.Forbidden, "二次承認は上位の審査担当者が行います。", "The second approval needs a senior reviewer.");
        }
        if (first.ReviewerId == d.Command.Actor.Id)
        {
            throw d.Error(ClaimErrors.SameReviewer, "一次承認と同じ担当者は二次承認できません。", "The second approval must come from a reviewer other than the first.");
        }
        d.RequireLease();
        return [new ApprovalConfirmed(first.Amount) { At = d.Now, Actor = d.Command.Actor, Reason = $"Second approval of {first.Amount} (first by {first.ReviewerId})." }];
    }

    private static IReadOnlyList<ClaimEvent> Decline(Decision d, DeclineApproval c)
    {
        d.RequireReviewer();
        d.RequireStatus("二次承認の差し戻し", "declining an approval", ClaimStatus.AwaitingSecondApproval);
        d.RequireLease();
        CheckText(d, c.Note, required: true);
        return [new ApprovalDeclined(c.Note) { At = d.Now, Actor = c.Actor, Reason = c.Note }];
    }

    private static IReadOnlyList<ClaimEvent> Reject(Decision d, RejectClaim c)
    {
        d.RequireReviewer();
        RefuseIfApproved(d);
        d.RequireStatus("却下", "rejecting", ClaimStatus.UnderReview);
        d.RequireLease();
        d.Require(Enum.IsDefined(c.Code), "却下理由を選んでください。", "Choose a rejection reason from the list.");
        d.Require(c.Code != RejectionCode.Other || !string.IsNullOrWhiteSpace(c.Note), "「その他」の場合は理由を入力してください。", "Explain an 'other' rejection in the note.");
        CheckText(d, c.Note, required: false);
        return [new ClaimRejected(c.Code, ClaimLabels.For(c.Code), string.IsNullOrWhiteSpace(c.Note) ? null : c.Note)
        {
            At = d.Now, Actor = c.Actor, Reason = "Rejected: " + c.Code + ".",
        }];
    }

    private static IReadOnlyList<ClaimEvent> Request(Decision d, RequestInformation c)
    {
        d.RequireReviewer();
        d.RequireStatus("追加情報の依頼", "requesting information", ClaimStatus.UnderReview);
        d.RequireLease();
        CheckText(d, c.Message, required: true);
        d.Require(c.Deadline > d.Now && c.Deadline <= d.Now + MaxRequestDuration, "回答期限は今日より後、90日以内にしてください。", "The deadline must be in the future and within 90 days.");
        return
        [
            new InformationRequested(NewRequestId(d.State), InformationRequestKind.ReviewerQuestion, new(c.Message, c.Message), c.Deadline.ToUniversalTime(), [], Automatic: false)
            {
                At = d.Now, Actor = c.Actor, Reason = "A reviewer asked the claimant.",
            },
        ];
    }

    // ---- finance ----

    private static IReadOnlyList<ClaimEvent> Batch(Decision d, AddToBatch c)
    {
        d.RequireActor(c.Actor.Kind == ActorKind.Finance);
        d.Require(ClaimIds.IsValidPart(c.BatchId), "バッチ番号が不正です。", "A batch id must be 1-64 letters, digits, '-' or '_'.");
        if (d.State.Status == ClaimStatus.InPayment)
        {
            return d.State.BatchId == c.BatchId
                ? []
                : throw d.Error(ClaimErrors.IllegalTransition, "この申請は別のバッチに含まれています。", $"The claim is already in batch {d.State.BatchId}.");
        }
        d.RequireStatus("バッチへの追加", "adding to a batch", ClaimStatus.Approved);
        d.Require(d.State.PayoutAccount is not null, "振込先口座がありません。", "The claim has no payout account.");
        return [new AddedToBatch(c.BatchId) { At = d.Now, Actor = c.Actor, Reason = "Added to export batch " + c.BatchId + "." }];
    }

    private static IReadOnlyList<ClaimEvent> Unbatch(Decision d, RemoveFromBatch c)
    {
        d.RequireActor(c.Actor.Kind == ActorKind.Finance);
        CheckText(d, c.Note, required: true);
        RequireInBatch(d, c.BatchId, ClaimStatus.InPayment);
        return [new RemovedFromBatch(c.BatchId) { At = d.Now, Actor = c.Actor, Reason = c.Note }];
    }

    private static IReadOnlyList<ClaimEvent> Pay(Decision d, RecordPayment c)
    {
        d.RequireActor(c.Actor.Kind == ActorKind.Finance);
        if (d.State.Status == ClaimStatus.Paid && d.State.BatchId == c.BatchId)
        {
            return [];
        }
        RequireInBatch(d, c.BatchId, ClaimStatus.InPayment);
        var amount = d.State.ApprovedAmount!.Value;
        return [new PaymentConfirmed(c.BatchId, c.PaidOn, amount) { At = d.Now, Actor = c.Actor, Reason = $"Paid {amount} in batch {c.BatchId}." }];
    }

    private static IReadOnlyList<ClaimEvent> Return(Decision d, RecordReturn c)
    {
        d.RequireActor(c.Actor.Kind == ActorKind.Finance);
        if (d.State.LastReturnedBatchId == c.BatchId && d.State.BatchId is null)
        {
            return [];
        }
        RequireInBatch(d, c.BatchId, ClaimStatus.InPayment, ClaimStatus.Paid);
        d.Require(Enum.IsDefined(c.Code), "返却理由を選んでください。", "Choose a return reason from the list.");
        CheckText(d, c.Note, required: false);
        var label = ClaimLabels.For(c.Code);
        return
        [
            new PaymentReturned(c.BatchId, c.Code, c.Note) { At = d.Now, Actor = c.Actor, Reason = "The bank returned the transfer: " + c.Code + "." },
            AskForAccount(d, new(
                $"お振込みができませんでした(理由: {label.Ja})。ご本人名義の口座を",
                $"The transfer was returned ({label.En}). Please give an account in your own name")),
        ];
    }

    private static IReadOnlyList<ClaimEvent> RejectAccount(Decision d, RejectBankAccount c)
    {
        d.RequireActor(c.Actor.Kind is ActorKind.Finance or ActorKind.System);
        CheckText(d, c.Problem, required: true);
        d.RequireStatus("口座の差し戻し", "sending the account back", ClaimStatus.Approved);
        return
        [
            new BankAccountRejected(c.Problem) { At = d.Now, Actor = c.Actor, Reason = c.Problem },
            AskForAccount(d, new(
                "ご指定の振込先口座ではお振込みができません。正しい口座を",
                "The payout account cannot receive the transfer. Please give a valid account")),
        ];
    }

    private static InformationRequested AskForAccount(Decision d, LocalizedText lead)
    {
        var deadline = DeadlineAfter(d.Now, d.State.Terms!.InformationRequestDays);
        var date = TokyoTime.DateOf(deadline).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new InformationRequested(
            NewRequestId(d.State),
            InformationRequestKind.CorrectedBankAccount,
            new(lead.Ja + $"{date}までにご登録ください。", lead.En + $" by {date}."),
            deadline,
            [],
            Automatic: true)
        {
            At = d.Now, Actor = d.Command.Actor, Reason = "Asked the claimant for a corrected payout account.",
        };
    }

    // ---- helpers ----

    private static void RefuseIfApproved(Decision d)
    {
        if (d.State.Status is ClaimStatus.Approved or ClaimStatus.InPayment or ClaimStatus.Paid or ClaimStatus.AwaitingSecondApproval)
        {
            throw d.Error(ClaimErrors.AlreadyApproved, "この申請はすでに承認されています。", d.State.Status == ClaimStatus.AwaitingSecondApproval
                ? "The claim is approved and waits for its second approval."
                : "The claim is already approved.");
        }
    }

    private static void RequireInBatch(Decision d, string batchId, params ClaimStatus[] statuses)
    {
        if (!statuses.Contains(d.State.Status) || d.State.BatchId != batchId)
        {
            throw d.Error(ClaimErrors.IllegalTransition, "この申請はそのバッチに含まれていません。", $"The claim is not in batch {batchId} (status {d.State.Status}).");
        }
    }

    private static void CheckDocuments(Decision d, IReadOnlyList<DocumentRef> documents, IReadOnlyList<ClaimDocument> existing)
    {
        foreach (var document in documents)
        {
            if (document?.Problem() is { } problem)
            {
                throw d.Error(ClaimErrors.InvalidInput, "添付書類の情報が不正です。", problem);
            }
        }
        var ids = documents.Select(x => x.DocumentId).Concat(existing.Select(x => x.DocumentId)).ToList();
        d.Require(ids.Count <= MaxDocuments, $"書類は1件の申請につき{MaxDocuments}点までです。", $"A claim holds at most {MaxDocuments} documents.");
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            throw d.Error(ClaimErrors.UnknownDocument, "同じ書類番号が重複しています。", "Document ids must be unique within a claim.");
        }
    }

    private static void CheckText(Decision d, string? text, bool required)
    {
        d.Require(!required || !string.IsNullOrWhiteSpace(text), "内容を入力してください。", "A note is required.");
        d.Require(text is null || text.Length <= MaxTextLength, $"{MaxTextLength}文字以内で入力してください。", $"At most {MaxTextLength} characters.");
    }

    private static bool SameSubmission(ClaimState state, SubmitClaim c) =>
        state.ClaimId == c.ClaimId
        && state.IncidentId == c.IncidentId
        && state.CustomerId == c.CustomerId
        && state.CardLast4 == c.CardLast4
        && state.DeclaredFee == c.DeclaredFee
        && state.ReissuedOn == c.ReissuedOn
        && c.Documents is not null
        && state.Documents.Take(c.Documents.Count).Select(x => x.Ref.Sha256).SequenceEqual(c.Documents.Select(x => x.Sha256), StringComparer.Ordinal);

    private static RejectionCode RejectionFor(string ruleCode) => ruleCode switch
    {
        "R-CUSTOMER-AFFECTED" => RejectionCode.NotAffected,
        "R-CARD-LEAKED" => RejectionCode.CardNotLeaked,
        "R-CLAIM-WINDOW" => RejectionCode.OutsideClaimWindow,
        "R-FEE-WAIVED" => RejectionCode.FeeWaived,
        "R-ONE-PER-CARD" => RejectionCode.AlreadyRefunded,
        _ => RejectionCode.Other,
    };

    // The request id is derived from the claim's version: deterministic, unique within the claim.
    private static string NewRequestId(ClaimState state) =>
        "rq-" + (state.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset DeadlineAfter(DateTimeOffset now, int days) =>
        TokyoTime.EndOf(TokyoTime.DateOf(now).AddDays(days));

    [GeneratedRegex("^[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex Last4Pattern();

    /// <summary>The state and command being decided, with guard helpers that raise domain errors.</summary>
    private sealed class Decision(ClaimState state, ClaimCommand command)
    {
        public ClaimState State { get; } = state;

        public ClaimCommand Command { get; } = command;

        public DateTimeOffset Now { get; } = command.At.ToUniversalTime();

        public ClaimDomainException Error(string code, string ja, string en) => new(code, new LocalizedText(ja, en));

        public ClaimDomainException Illegal(string actionJa, string actionEn)
        {
            var status = ClaimLabels.For(State.Status);
            return Error(ClaimErrors.IllegalTransition,
                $"現在の状態({status.Ja})では{actionJa}はできません。",
                $"{char.ToUpperInvariant(actionEn[0])}{actionEn[1..]} is not possible while the claim is {status.En.ToLowerInvariant()}.");
        }

        public void Require(bool condition, string ja, string en)
        {
            if (!condition)
            {
                throw Error(ClaimErrors.InvalidInput, ja, en);
            }
        }

        public void RequireStatus(string actionJa, string actionEn, params ClaimStatus[] statuses)
        {
            if (!statuses.Contains(State.Status))
            {
                throw Illegal(actionJa, actionEn);
            }
        }

        public void RequireActor(bool allowed)
        {
            if (!allowed)
            {
                throw Error(ClaimErrors.Forbidden, "この操作を行う権限がありません。", $"{Command.Actor.Kind} may not {Command.GetType().Name}.");
            }
        }

        public void RequireClaimant() =>
            RequireActor(Command.Actor.Kind == ActorKind.Claimant && Command.Actor.Id == State.CustomerId);

        public void RequireSystem() => RequireActor(Command.Actor.Kind == ActorKind.System);

        public void RequireReviewer() => RequireActor(Command.Actor.IsReviewer);

        public void RequireLease()
        {
            if (State.Lease is not { } lease || !lease.IsActive(Now) || lease.ReviewerId != Command.Actor.Id)
            {
                throw State.Lease is { } other && other.IsActive(Now)
                    ? Error(ClaimErrors.LeaseHeld, "他の担当者が審査中です。", "Another reviewer holds the claim.")
                    : Error(ClaimErrors.LeaseRequired, "先に審査を開始してください(担当時間が切れている可能性があります)。", "Take the claim for review first (your lease may have expired).");
            }
        }
    }
}
