using Reimburse.ClaimCodes;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Customers;

/// <summary>The eligibility check request: the claim code from the notice and the postal code it was sent to.</summary>
public sealed record EligibilityRequest(string? ClaimCode, string? PostalCode);

/// <summary>A leaked card as the holder sees it.</summary>
public sealed record EligibilityCard(string Brand, string Last4);

/// <summary>The incident, by id and name.</summary>
public sealed record EligibilityIncident(string Id, string Name);

/// <summary>The claim window (Japan calendar dates, inclusive).</summary>
public sealed record ClaimWindow(DateOnly OpensOn, DateOnly ClosesOn);

/// <summary>The answer to a matching code: affected, by what, which cards, and when to claim. Nothing else.</summary>
public sealed record EligibilityResponse(
    bool Affected,
    EligibilityIncident Incident,
    IReadOnlyList<string> DataCategories,
    bool CardDataLeaked,
    IReadOnlyList<EligibilityCard> Cards,
    ClaimWindow ClaimWindow);

public static class EligibilityEndpoints
{
    /// <summary>Maps <c>POST /api/eligibility</c> (public, rate-limited).</summary>
    public static IEndpointRouteBuilder MapEligibilityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/eligibility", CheckAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("CheckEligibility")
            .WithSummary("Whether the holder of a claim code is affected, what leaked, which cards, and the claim window.");
        return endpoints;
    }

    internal static async Task<Results<Ok<EligibilityResponse>, ProblemHttpResult>> CheckAsync(
        EligibilityRequest? request, HttpContext context, EligibilityCheck check, CancellationToken cancellationToken) =>
        await check.CheckAsync(request?.ClaimCode, request?.PostalCode, ClientAddress.Of(context), cancellationToken).ConfigureAwait(false) switch
        {
            EligibilityOutcome.Matched { Answer: var a } => TypedResults.Ok(new EligibilityResponse(
                Affected: true,
                new EligibilityIncident(a.IncidentId, a.IncidentName),
                a.DataCategories,
                a.CardDataLeaked,
                [.. a.Cards.Select(c => new EligibilityCard(c.Brand, c.Last4))],
                new ClaimWindow(a.ClaimsOpenOn, a.ClaimsCloseOn))),
            var refused => ProblemFor(refused, context),
        };

    /// <summary>The ProblemDetails for an outcome that is not a match: 400 malformed code, 429 too many, 404 for the rest.</summary>
    internal static ProblemHttpResult ProblemFor(EligibilityOutcome outcome, HttpContext context) => outcome switch
    {
        EligibilityOutcome.InvalidCode => TypedResults.Problem(
            title: "The claim code is not valid.",
            detail: "Check the code against your notice: 16 letters and digits (no 0, O, 1 or I), e.g. ABCD-EFGH-JKLM-NPQR.",
            statusCode: StatusCodes.Status400BadRequest),
        EligibilityOutcome.TooMany { ForCode: false } tooMany => TooMany(context, tooMany.RetryAfter, "Too many checks from your network. Wait a moment and try again."),
        EligibilityOutcome.TooMany tooMany => TooMany(context, tooMany.RetryAfter, "This code has been tried too often. Wait and try again, or contact the help desk named in your notice."),
        _ => TypedResults.Problem(
            title: "No match.",
            detail: "The claim code and the postal code do not match an affected customer. Check both against your notice letter or email.",
            statusCode: StatusCodes.Status404NotFound),
    };

    private static ProblemHttpResult TooMany(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: "Too many attempts.", detail: detail, statusCode: StatusCodes.Status429TooManyRequests);
    }
}

/// <summary>A checked claim code: the holder's answer and customer id, or the problem to answer with.</summary>
/// <param name="Answer">What the holder may learn; null when the check did not match or was refused.</param>
/// <param name="CustomerId">Whose code it is (for the session; never shown).</param>
/// <param name="Problem">400 (malformed code), 404 (no match: unknown code and wrong postal code alike) or 429.</param>
public sealed record ClaimCodeCheck(EligibilityAnswer? Answer, string? CustomerId, ProblemHttpResult? Problem);

/// <summary>
/// The claim-code check for HTTP entry points (eligibility, cardholder sign-in): <see cref="EligibilityCheck"/> with
/// its rate limits and response-time floor, answered as ProblemDetails — so neither entry point is a weaker oracle.
/// </summary>
public sealed class ClaimCodeVerifier(EligibilityCheck check)
{
    public async Task<ClaimCodeCheck> VerifyAsync(string? claimCode, string? postalCode, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await check.CheckAsync(claimCode, postalCode, ClientAddress.Of(context), cancellationToken).ConfigureAwait(false);
        return outcome is EligibilityOutcome.Matched matched
            ? new ClaimCodeCheck(matched.Answer, matched.CustomerId, null)
            : new ClaimCodeCheck(null, null, EligibilityEndpoints.ProblemFor(outcome, context));
    }
}
