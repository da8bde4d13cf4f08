using Reimburse.Claims;
using Reimburse.Policy;
using Reimburse.Text;

namespace Reimburse.Functions.Intake;

/// <summary>A claimant-facing status: a stable code and the label (受付済 Received …).</summary>
/// <param name="Code">received, under-review, information-requested, approved, payment-in-progress, paid, not-eligible.</param>
/// <param name="Label">The label in Japanese and English.</param>
public sealed record ClaimStatusView(string Code, LocalizedText Label);

/// <summary>One of the cardholder's claims, in the list.</summary>
public sealed record ClaimSummary(string Id, ClaimStatusView Status, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, long DeclaredFee, string CardLast4, bool ActionNeeded);

/// <summary>What the claimant is asked for, and by when.</summary>
/// <param name="RequestId">Name it when answering (optional; the open request is assumed).</param>
/// <param name="Kind">clearer-document, different-document, reviewer-question or corrected-bank-account.</param>
/// <param name="Message">What is asked, in Japanese and English.</param>
/// <param name="Deadline">The deadline (UTC; the end of the day in Japan).</param>
/// <param name="DeadlineDate">The deadline's date in Japan.</param>
/// <param name="DocumentIds">The documents the request is about (they are replaced by what is sent).</param>
public sealed record InformationRequestView(string RequestId, string Kind, LocalizedText Message, DateTimeOffset Deadline, DateOnly DeadlineDate, IReadOnlyList<string> DocumentIds);

/// <summary>A document as the claimant sees it: never its bytes, blob name or address.</summary>
/// <param name="Id">The document's id in the claim.</param>
/// <param name="FileName">The name it was uploaded with (until the retention purge).</param>
/// <param name="ContentType">What it is, by its bytes.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="AddedAt">When it arrived.</param>
/// <param name="State">received, read, unreadable, replaced (by an answer to a request) or deleted (retention).</param>
public sealed record DocumentView(string Id, string? FileName, string ContentType, long Length, DateTimeOffset AddedAt, string State);

/// <summary>A claim as its claimant sees it: status, reasons, the open request with its deadline, documents and history.</summary>
public sealed record ClaimView(
    string Id,
    ClaimStatusView Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    DateOnly ReissuedOn,
    long DeclaredFee,
    string CardLast4,
    string? PayoutAccount,
    long? RefundAmount,
    DateOnly? PaidOn,
    IReadOnlyList<ClaimantReason> Reasons,
    InformationRequestView? InformationRequest,
    IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<ClaimantEvent> Timeline);

/// <summary>Maps claim states to what the claimant may see.</summary>
public static class ClaimViews
{
    public static ClaimStatusView Status(ClaimState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(KebabCase.Of(state.ClaimantStatus), ClaimantStatuses.Label(state.ClaimantStatus));
    }

    public static ClaimSummary Summary(ClaimState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.ClaimId, Status(state), state.SubmittedAt, state.UpdatedAt, state.DeclaredFee.Amount, state.CardLast4, state.Status == ClaimStatus.InformationRequested);
    }

    public static ClaimView Detail(ClaimState state, IReadOnlyList<ClaimEvent> history)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(history);
        var refunded = state.Status is ClaimStatus.Approved or ClaimStatus.InPayment or ClaimStatus.Paid;
        return new ClaimView(
            state.ClaimId,
            Status(state),
            state.SubmittedAt,
            state.UpdatedAt,
            state.ReissuedOn,
            state.DeclaredFee.Amount,
            state.CardLast4,
            state.PayoutAccount?.Masked,
            refunded ? state.ApprovedAmount?.Amount : null,
            state.PaidOn,
            ClaimantView.Reasons(state, history),
            state.Status == ClaimStatus.InformationRequested && state.OpenRequest is { } r
                ? new InformationRequestView(r.RequestId, KebabCase.Of(r.Kind), r.Message, r.Deadline, TokyoTime.DateOf(r.Deadline), r.DocumentIds)
                : null,
            [.. state.Documents.Select(d => new DocumentView(d.DocumentId, d.Ref.FileName, d.Ref.ContentType, d.Ref.Length, d.AddedAt, DocumentState(d)))],
            ClaimantView.Timeline(history));
    }

    private static string DocumentState(ClaimDocument d) => d switch
    {
        { Purged: true } => "deleted",
        { Superseded: true } => "replaced",
        { Status: DocumentStatus.Extracted } => "read",
        { Status: DocumentStatus.Failed } => "unreadable",
        _ => "received",
    };
}
