using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Review;

/// <summary>
/// The reviewers' API under <c>/api/review</c>, for staff bearer tokens with the reviewer or senior-reviewer role
/// (never finance: who approves does not pay). Decisions need the claim's review lease; the second approval of the
/// four-eyes rule needs a senior reviewer other than the first.
/// </summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var review = endpoints.MapGroup("/api/review")
            .RequireAuthorization(ReviewPolicies.Reviewer)
            .DisableAntiforgery();
        review.MapGet("/queue", GetQueueAsync).WithName("GetReviewQueue")
            .WithSummary("Escalated claims, second approvals and flagged claims, longest waiting first, with counts per reason.");
        review.MapGet("/rejection-reasons", () => TypedResults.Ok(ClaimReview.RejectionReasons)).WithName("GetRejectionReasons");
        review.MapGet("/claims/{claimId}", GetClaimAsync).WithName("GetReviewClaim")
            .WithSummary("Failed rules, extracted facts with confidence, declared values, leaked cards, duplicates, documents (short-lived links) and the audit trail.");
        review.MapPost("/claims/{claimId}/lease", TakeLeaseAsync).WithName("TakeReviewLease").WithSummary("Take (or renew) the claim for review.");
        review.MapDelete("/claims/{claimId}/lease", ReleaseLeaseAsync).WithName("ReleaseReviewLease");
        review.MapPost("/claims/{claimId}/approve", ApproveAsync).WithName("ApproveClaim")
            .WithSummary("Approve the proposed amount, or another amount with a reason (needs a second senior reviewer, as does an amount above the incident's threshold).");
        review.MapPost("/claims/{claimId}/confirm", ConfirmAsync).WithName("ConfirmApproval")
            .RequireAuthorization(ReviewPolicies.SeniorReviewer).WithSummary("The four-eyes second approval (a senior reviewer other than the first).");
        review.MapPost("/claims/{claimId}/decline", DeclineAsync).WithName("DeclineApproval")
            .RequireAuthorization(ReviewPolicies.SeniorReviewer).WithSummary("The second reviewer sends the approval back to review.");
        review.MapPost("/claims/{claimId}/reject", RejectAsync).WithName("RejectClaim");
        review.MapPost("/claims/{claimId}/request-information", RequestInformationAsync).WithName("RequestInformation");
        review.MapPost("/claims/{claimId}/escalate", EscalateAsync).WithName("EscalateClaim").WithSummary("Move a claim stuck in an automatic step (or waiting for the claimant) to review.");
        review.MapPost("/claims/{claimId}/clear-attention", ClearAttentionAsync).WithName("ClearAttention").WithSummary("Clear the attention flag so automatic steps resume.");
        review.MapGet("/documents/{token}", GetDocumentAsync).WithName("GetReviewDocument")
            .WithSummary("A document behind a short-lived link from the claim: an attachment, for the member the link was made for.");
        return endpoints;
    }

    internal static async Task<Ok<ReviewQueuePage>> GetQueueAsync(
        ReviewQueue queue,
        string? incident,
        string? reason,
        double? minAgeHours,
        long? minAmount,
        long? maxAmount,
        string? view,
        bool? overdue,
        int? limit,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await queue.GetAsync(new ReviewQueueQuery(incident, reason, minAgeHours, minAmount, maxAmount, view, overdue, limit), cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewClaim>> GetClaimAsync(string claimId, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.GetAsync(claimId, user, cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewDecision>> TakeLeaseAsync(string claimId, [FromBody] LeaseRequest? body, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.TakeLeaseAsync(claimId, user, body?.Minutes, cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewDecision>> ReleaseLeaseAsync(string claimId, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.ReleaseLeaseAsync(claimId, user, cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewDecision>> ApproveAsync(string claimId, [FromBody] ApproveRequest? body, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.ApproveAsync(claimId, user, body?.Amount, body?.Reason, cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewDecision>> ConfirmAsync(string claimId, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.ConfirmAsync(claimId, user, cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewDecision>> DeclineAsync(string claimId, NoteRequest body, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.DeclineAsync(claimId, user, body.Note, cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewDecision>> RejectAsync(string claimId, RejectRequest body, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.RejectAsync(claimId, user, body.ReasonCode, body.Note, cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewDecision>> RequestInformationAsync(string claimId, InformationRequestBody body, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.RequestInformationAsync(claimId, user, body.Message, body.Deadline, cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewDecision>> EscalateAsync(string claimId, NoteRequest body, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.EscalateAsync(claimId, user, body.Note, cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<ReviewDecision>> ClearAttentionAsync(string claimId, NoteRequest body, ClaimReview review, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await review.ClearAttentionAsync(claimId, user, body.Note, cancellationToken).ConfigureAwait(false));

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDocumentAsync(
        string token, HttpContext context, DocumentLinks links, ClaimReview review, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = context.User;
        var target = links.Validate(token, StaffActors.IdOf(user), time.GetUtcNow(), out var problem);
        if (target is null)
        {
            return problem switch
            {
                DocumentLinkProblem.Expired => TypedResults.Problem(title: "The link has expired.",
                    detail: "Document links work for a few minutes: open the claim again for a fresh link.", statusCode: StatusCodes.Status410Gone),
                DocumentLinkProblem.OtherStaff => TypedResults.Problem(title: "The link was made for another staff member.",
                    detail: "Open the claim yourself to get your own link.", statusCode: StatusCodes.Status403Forbidden),
                _ => TypedResults.Problem(title: "No such document link.", statusCode: StatusCodes.Status404NotFound),
            };
        }
        var document = await review.ReadDocumentAsync(target, user, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return TypedResults.Problem(title: "The document is not available.",
                detail: "It was deleted after the retention period, or the claim no longer has it.", statusCode: StatusCodes.Status410Gone);
        }
        var headers = context.Response.Headers;
        // Served to download, never to render: the bytes come from a claimant.
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store, private";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(document.Content.ToArray(), document.ContentType, document.FileName);
    }
}
