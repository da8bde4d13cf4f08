using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Reimburse.ClaimCodes;
using Reimburse.Customers;

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
        EligibilityRequest? request,
        HttpContext context,
        ClaimCodeVerifier verifier,
        CancellationToken cancellationToken)
    {
        var check = await verifier.VerifyAsync(request?.ClaimCode, request?.PostalCode, context, cancellationToken).ConfigureAwait(false);
        if (check.Answer is not { } a)
        {
            return check.Problem!;
        }
        return TypedResults.Ok(new EligibilityResponse(
            Affected: true,
            new EligibilityIncident(a.IncidentId, a.IncidentName),
            a.DataCategories,
            a.CardDataLeaked,
            [.. a.Cards.Select(c => new EligibilityCard(c.Brand, c.Last4))],
            new ClaimWindow(a.ClaimsOpenOn, a.ClaimsCloseOn)));
    }
}

/// <summary>A checked claim code: the holder's answer and customer id, or the problem to answer with.</summary>
/// <param name="Answer">What the holder may learn; null when the check did not match or was refused.</param>
/// <param name="CustomerId">Whose code it is (for the session; never shown).</param>
/// <param name="Problem">400 (malformed code), 404 (no match: unknown code and wrong postal code alike) or 429.</param>
public sealed record ClaimCodeCheck(EligibilityAnswer? Answer, string? CustomerId, ProblemHttpResult? Problem);

/// <summary>
/// Checks a claim code and postal code the way every public entry point must: rate limits per client and per code,
/// one neutral answer for an unknown code and a wrong postal code, and a response-time floor. The eligibility check
/// and the cardholder sign-in share it, so that neither is a weaker oracle than the other.
/// </summary>
public sealed class ClaimCodeVerifier(
    EligibilityChecker checker,
    ClaimCodeHasher hasher,
    EligibilityRateLimiter limiter,
    IOptions<EligibilityOptions> options,
    TimeProvider time)
{
    public async Task<ClaimCodeCheck> VerifyAsync(string? claimCode, string? postalCode, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var result = await AnswerAsync(claimCode, postalCode, context, cancellationToken).ConfigureAwait(false);
        // Every answer takes at least the floor, so that timing does not tell an unknown code from a wrong postal code.
        var remaining = TimeSpan.FromMilliseconds(options.Value.MinimumResponseMilliseconds) - Stopwatch.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    private async Task<ClaimCodeCheck> AnswerAsync(string? claimCode, string? postalCode, HttpContext context, CancellationToken cancellationToken)
    {
        if (!limiter.TryAcquireForClient(context.Connection.RemoteIpAddress, out var clientRetry))
        {
            return Refused(TooMany(context, clientRetry, "Too many checks from your network. Wait a moment and try again."));
        }
        if (!ClaimCode.TryNormalize(claimCode, out var canonical))
        {
            return Refused(TypedResults.Problem(
                title: "The claim code is not valid.",
                detail: "Check the code against your notice: 16 letters and digits (no 0, O, 1 or I), e.g. ABCD-EFGH-JKLM-NPQR.",
                statusCode: StatusCodes.Status400BadRequest));
        }
        var hash = hasher.Hash(canonical);
        if (!limiter.TryAcquireForCode(hash, out var codeRetry))
        {
            return Refused(TooMany(context, codeRetry, "This code has been tried too often. Wait and try again, or contact the help desk named in your notice."));
        }
        var result = await checker.CheckHashAsync(hash, postalCode, cancellationToken).ConfigureAwait(false);
        if (result.Answer is not { } answer)
        {
            return Refused(TypedResults.Problem(
                title: "No match.",
                detail: "The claim code and the postal code do not match an affected customer. Check both against your notice letter or email.",
                statusCode: StatusCodes.Status404NotFound));
        }
        return new ClaimCodeCheck(answer, result.CustomerId, null);
    }

    private static ClaimCodeCheck Refused(ProblemHttpResult problem) => new(null, null, problem);

    private static ProblemHttpResult TooMany(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: "Too many attempts.", detail: detail, statusCode: StatusCodes.Status429TooManyRequests);
    }
}
