using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Reimburse.Banking;
using Reimburse.Claims;
using Reimburse.Customers;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Security;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Statements;
using Reimburse.Text;

namespace Reimburse.Functions.Review;

/// <summary>A document's bytes as served to staff.</summary>
public sealed record DocumentDownload(BinaryData Content, string ContentType, string FileName);

/// <summary>
/// One claim for a reviewer: everything needed to decide it, and the decisions themselves. Every decision is a
/// command through <see cref="ClaimExecutor"/> with the signed-in member as its actor, so each is an event on the
/// claim; the workflow enforces the lease, the four-eyes rule and what each status allows.
/// </summary>
public sealed partial class ClaimReview(
    ClaimStore store,
    ClaimExecutor executor,
    ClaimIndex index,
    IAffectedCustomers customers,
    IBankDirectory banks,
    IClaimDocuments documents,
    DocumentLinks links,
    IOptions<ReviewOptions> options,
    TimeProvider time,
    ILogger<ClaimReview> logger)
{
    /// <summary>Most related claims looked up for the duplicates section.</summary>
    private const int MaxRelated = 20;

    private static readonly string[] ServedTypes = ["application/pdf", "image/jpeg", "image/png", "image/heic", "image/heif", "image/tiff", "text/csv"];

    /// <summary>The claim as a reviewer sees it.</summary>
    /// <exception cref="ClaimDomainException">No such claim (404).</exception>
    public async Task<ReviewClaim> GetAsync(string claimId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var state = await LoadAsync(claimId, cancellationToken).ConfigureAwait(false);
        var actor = StaffActors.Reviewer(user);
        var now = time.GetUtcNow();
        var history = await store.ReadHistoryAsync(claimId, cancellationToken).ConfigureAwait(false);
        var customer = await customers.FindAsync(state.IncidentId, state.CustomerId, cancellationToken).ConfigureAwait(false);
        var duplicates = await DuplicatesAsync(state, cancellationToken).ConfigureAwait(false);
        return new ReviewClaim(
            state.ClaimId,
            state.IncidentId,
            state.Status.ToString(),
            ClaimLabels.For(state.Status),
            state.Version,
            state.SubmittedAt,
            state.UpdatedAt,
            state.WaitingSince,
            ReviewQueue.IsOverdue(state, now),
            new DeclaredValues(state.DeclaredFee.Amount, state.CardLast4, state.ReissuedOn, Account(state.PayoutAccount)),
            state.ProposedAmount?.Amount,
            state.ApprovedAmount?.Amount,
            state.Terms?.FourEyesThreshold.Amount ?? 0,
            ReviewViews.FirstApproval(state),
            [.. state.EscalationReasons.Select(r => new ReasonView(r.Code, r.Message))],
            [.. state.LastResults.OrderBy(r => r.Passed).Select(r => new RuleView(r.Code, r.Passed, r.Severity.ToString(), PolicyRules.Find(r.Code)?.Title, r.Message, r.DocumentId))],
            [.. state.Documents.Select(d => Document(state, d, actor.Id, now))],
            customer is null ? null : new CustomerView(customer.NameKanji, customer.NameKana, customer.CardDataLeaked, customer.Cards, customer.DataCategories),
            duplicates,
            ReviewViews.Lease(state, now),
            ReviewViews.Attention(state),
            state.OpenRequest is { } r ? new RequestView(r.RequestId, r.Kind.ToString(), r.Message, r.Deadline, r.Automatic, r.RequestedBy.ToString()) : null,
            state.Rejection is { } j ? new RejectionView(j.Code.ToString(), j.Explanation, j.By.ToString()) : null,
            AllowedActions(state, actor, now),
            [.. history.Select(e => new TimelineEntry(e.Sequence, e.Event.Type, e.Event.At, e.Event.Actor.Kind.ToString(), e.Event.Actor.Id, e.Event.Reason))]);
    }

    /// <summary>Takes (or renews) the review lease.</summary>
    public Task<ReviewDecision> TakeLeaseAsync(string claimId, ClaimsPrincipal user, int? minutes, CancellationToken cancellationToken)
    {
        var length = minutes ?? options.Value.DefaultLeaseMinutes;
        if (length < 1 || TimeSpan.FromMinutes(length) > ClaimWorkflow.MaxLeaseDuration)
        {
            throw new InputException($"minutes must be between 1 and {ClaimWorkflow.MaxLeaseDuration.TotalMinutes:0}.");
        }
        return DecideAsync(claimId, user, (actor, now) => new TakeReviewLease(TimeSpan.FromMinutes(length)) { Actor = actor, At = now }, cancellationToken);
    }

    public Task<ReviewDecision> ReleaseLeaseAsync(string claimId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        DecideAsync(claimId, user, (actor, now) => new ReleaseReviewLease { Actor = actor, At = now }, cancellationToken);

    /// <summary>Approves <paramref name="amount"/>, or the proposed amount when none is given.</summary>
    public Task<ReviewDecision> ApproveAsync(string claimId, ClaimsPrincipal user, long? amount, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(claimId, user, (actor, now, state) => new ApproveClaim(amount is { } yen ? new Yen(yen) : Proposed(state), Blank(reason)) { Actor = actor, At = now }, cancellationToken);

    public Task<ReviewDecision> ConfirmAsync(string claimId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        DecideAsync(claimId, user, (actor, now) => new ConfirmApproval { Actor = actor, At = now }, cancellationToken);

    public Task<ReviewDecision> DeclineAsync(string claimId, ClaimsPrincipal user, string? note, CancellationToken cancellationToken) =>
        DecideAsync(claimId, user, (actor, now) => new DeclineApproval(note ?? "") { Actor = actor, At = now }, cancellationToken);

    /// <exception cref="InputException">The reason code is not on the list.</exception>
    public Task<ReviewDecision> RejectAsync(string claimId, ClaimsPrincipal user, string? reasonCode, string? note, CancellationToken cancellationToken)
    {
        var code = ParseRejection(reasonCode);
        return DecideAsync(claimId, user, (actor, now) => new RejectClaim(code, Blank(note)) { Actor = actor, At = now }, cancellationToken);
    }

    /// <exception cref="InputException">The deadline is not a date or a time with an offset.</exception>
    public Task<ReviewDecision> RequestInformationAsync(string claimId, ClaimsPrincipal user, string? message, string? deadline, CancellationToken cancellationToken)
    {
        var due = ParseDeadline(deadline);
        return DecideAsync(claimId, user, (actor, now) => new RequestInformation(message ?? "", due) { Actor = actor, At = now }, cancellationToken);
    }

    public Task<ReviewDecision> EscalateAsync(string claimId, ClaimsPrincipal user, string? note, CancellationToken cancellationToken) =>
        DecideAsync(claimId, user, (actor, now) => new EscalateManually(note ?? "") { Actor = actor, At = now }, cancellationToken);

    public Task<ReviewDecision> ClearAttentionAsync(string claimId, ClaimsPrincipal user, string? note, CancellationToken cancellationToken) =>
        DecideAsync(claimId, user, (actor, now) => new ClearAttention(note ?? "") { Actor = actor, At = now }, cancellationToken);

    /// <summary>The document a valid link names, for the member the link was made for.</summary>
    /// <returns>Null when the claim or document is not there (any more).</returns>
    public async Task<DocumentDownload?> ReadDocumentAsync(DocumentLinkTarget target, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var state = await store.LoadAsync(target.ClaimId, cancellationToken).ConfigureAwait(false);
        if (state.FindDocument(target.DocumentId) is not { Purged: false } document)
        {
            return null;
        }
        BinaryData content;
        try
        {
            content = await documents.ReadAsync(document.Ref, cancellationToken).ConfigureAwait(false);
        }
        catch (global::Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        LogDocumentServed(logger, StaffActors.IdOf(user), target.ClaimId, target.DocumentId);
        var type = ServedTypes.Contains(document.Ref.ContentType, StringComparer.OrdinalIgnoreCase) ? document.Ref.ContentType : "application/octet-stream";
        return new DocumentDownload(content, type, target.ClaimId + "-" + target.DocumentId + Extension(type));
    }

    /// <summary>The rejection reasons reviewers pick from.</summary>
    public static IReadOnlyList<RejectionReason> RejectionReasons { get; } =
        [.. Enum.GetValues<RejectionCode>().Select(c => new RejectionReason(c.ToString(), ClaimLabels.For(c), c == RejectionCode.Other))];

    private delegate ClaimCommand CommandFor(Actor actor, DateTimeOffset now, ClaimState state);

    private Task<ReviewDecision> DecideAsync(string claimId, ClaimsPrincipal user, Func<Actor, DateTimeOffset, ClaimCommand> command, CancellationToken cancellationToken) =>
        DecideAsync(claimId, user, (actor, now, _) => command(actor, now), cancellationToken);

    private async Task<ReviewDecision> DecideAsync(string claimId, ClaimsPrincipal user, CommandFor command, CancellationToken cancellationToken)
    {
        RequireId(claimId);
        var actor = StaffActors.Reviewer(user);
        try
        {
            var execution = await executor.ExecuteAsync(
                claimId,
                (state, _) => Task.FromResult<ClaimCommand?>(command(actor, time.GetUtcNow(), state)),
                cancellationToken).ConfigureAwait(false);
            return ReviewViews.Decision(execution, time.GetUtcNow());
        }
        catch (ClaimConcurrencyException)
        {
            throw new ConflictException("The claim is being changed by others at this moment; reload it and try again.");
        }
    }

    // What the workflow proposes: the same rule as ClaimWorkflow.Approve, so that "approve as proposed" never counts as an adjustment.
    private static Yen Proposed(ClaimState state) => state.ApprovedAmount ?? state.ProposedAmount ?? state.DeclaredFee;

    private async Task<ClaimState> LoadAsync(string claimId, CancellationToken cancellationToken)
    {
        RequireId(claimId);
        var state = await store.LoadAsync(claimId, cancellationToken).ConfigureAwait(false);
        return state.Exists ? state : throw NotFound();
    }

    private static void RequireId(string claimId)
    {
        if (!ClaimIds.IsValidPart(claimId))
        {
            throw NotFound();
        }
    }

    private static ClaimDomainException NotFound() =>
        new(ClaimErrors.NotFound, new LocalizedText("申請が見つかりません。", "There is no such claim."));

    private PayoutAccountView? Account(BankAccount? account)
    {
        if (account is null)
        {
            return null;
        }
        var bank = banks.FindBank(account.BankCode);
        var branch = bank is null ? null : banks.FindBranch(account.BankCode, account.BranchCode);
        return new PayoutAccountView(account.BankCode, bank?.Name, account.BranchCode, branch?.Name, BankAccount.Label(account.Type).Ja,
            "****" + account.Number[^3..], account.HolderKana, account.HolderZengin);
    }

    private DocumentView Document(ClaimState state, ClaimDocument d, string staffId, DateTimeOffset now)
    {
        var link = d.Purged ? null : "/api/review/documents/" + links.Create(state.ClaimId, d.DocumentId, staffId, now);
        var facts = d.Facts is { } f
            ? new FactsView(f.Fee is { } fee ? new Fact<long>(fee.Value.Amount, fee.Confidence) : null, f.FeeWaived, f.FeeLine, f.StatementDate, f.Issuer,
                f.CardLast4, f.HolderName, f.LooksLikeFeeStatement, f.Reader, f.Warnings)
            : null;
        return new DocumentView(d.DocumentId, d.Ref.ContentType, d.Ref.Length, d.Ref.FileName, d.Status.ToString(), d.Failure?.ToString(), d.FailureMessage,
            d.Superseded, d.Purged, d.AddedAt, facts, link, link is null ? null : now + links.Lifetime);
    }

    private async Task<DuplicatesView> DuplicatesAsync(ClaimState state, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task<IReadOnlyList<RelatedClaim>> RelatedAsync(IReadOnlyList<string> ids)
        {
            var related = new List<RelatedClaim>();
            foreach (var id in ids.Take(MaxRelated))
            {
                if (!statuses.TryGetValue(id, out var status))
                {
                    status = statuses.Count < MaxRelated ? (await store.LoadAsync(id, cancellationToken).ConfigureAwait(false)).Status.ToString() : "Unknown";
                    statuses[id] = status;
                }
                related.Add(new RelatedClaim(id, status));
            }
            return related;
        }

        var perDocument = new List<DuplicateDocumentView>();
        foreach (var document in state.CurrentDocuments)
        {
            var sameBytes = await index.ClaimsWithBytesAsync(document.Ref.Sha256, state.ClaimId, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> sameContent = document.Facts is not null && DocumentFingerprints.ContentKey(document.Facts) is { } key
                ? await index.ClaimsWithContentAsync(key, state.ClaimId, cancellationToken).ConfigureAwait(false)
                : [];
            if (sameBytes.Count > 0 || sameContent.Count > 0)
            {
                perDocument.Add(new DuplicateDocumentView(document.DocumentId, await RelatedAsync(sameBytes).ConfigureAwait(false), await RelatedAsync(sameContent).ConfigureAwait(false)));
            }
        }
        var sameCard = await index.ClaimsForCardAsync(state.IncidentId, state.CustomerId, state.CardLast4, state.ClaimId, cancellationToken).ConfigureAwait(false);
        return new DuplicatesView(perDocument, await RelatedAsync(sameCard).ConfigureAwait(false));
    }

    // What the member may do now: each command is decided on the current state without being stored.
    private static IReadOnlyList<string> AllowedActions(ClaimState state, Actor actor, DateTimeOffset now)
    {
        var probes = new (string Name, ClaimCommand Command)[]
        {
            ("lease", new TakeReviewLease(TimeSpan.FromMinutes(1)) { Actor = actor, At = now }),
            ("release", new ReleaseReviewLease { Actor = actor, At = now }),
            ("approve", new ApproveClaim(Proposed(state), null) { Actor = actor, At = now }),
            ("confirm", new ConfirmApproval { Actor = actor, At = now }),
            ("decline", new DeclineApproval("-") { Actor = actor, At = now }),
            ("reject", new RejectClaim(RejectionCode.DocumentNotValid, null) { Actor = actor, At = now }),
            ("request-information", new RequestInformation("-", now.AddDays(7)) { Actor = actor, At = now }),
            ("escalate", new EscalateManually("-") { Actor = actor, At = now }),
            ("clear-attention", new ClearAttention("-") { Actor = actor, At = now }),
        };
        var allowed = new List<string>();
        foreach (var (name, command) in probes)
        {
            try
            {
                if (ClaimWorkflow.Decide(state, command).Count > 0)
                {
                    allowed.Add(name);
                }
            }
            catch (ClaimDomainException)
            {
                // Not allowed now.
            }
        }
        return allowed;
    }

    private static RejectionCode ParseRejection(string? text)
    {
        var name = (text ?? "").Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Trim();
        if (name.Length > 0 && !char.IsAsciiDigit(name[0]) && Enum.TryParse<RejectionCode>(name, ignoreCase: true, out var code) && Enum.IsDefined(code))
        {
            return code;
        }
        throw new InputException("reasonCode must be one of " + string.Join(", ", Enum.GetNames<RejectionCode>()) + " (see GET /api/review/rejection-reasons).");
    }

    private static DateTimeOffset ParseDeadline(string? text)
    {
        var value = (text ?? "").Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return TokyoTime.EndOf(day);
        }
        if (OffsetPattern().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant.ToUniversalTime();
        }
        throw new InputException("deadline must be a date (YYYY-MM-DD, the end of that day in Japan) or an ISO 8601 time with its offset (2026-05-01T17:00:00+09:00).");
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Extension(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf",
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/heic" or "image/heif" => ".heic",
        "image/tiff" => ".tif",
        "text/csv" => ".csv",
        _ => ".bin",
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetPattern();

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Staff {StaffId} downloaded document {DocumentId} of claim {ClaimId}")]
    private static partial void LogDocumentServed(ILogger logger, string staffId, string claimId, string documentId);
}
