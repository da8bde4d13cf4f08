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
        EligibilityChecker checker,
        ClaimCodeHasher hasher,
        EligibilityRateLimiter limiter,
        IOptions<EligibilityOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await AnswerAsync(request, context, checker, hasher, limiter, cancellationToken).ConfigureAwait(false);
        // Every answer takes at least the floor, so that timing does not tell an unknown code from a wrong postal code.
        var remaining = TimeSpan.FromMilliseconds(options.Value.MinimumResponseMilliseconds) - Stopwatch.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    private static async Task<Results<Ok<EligibilityResponse>, ProblemHttpResult>> AnswerAsync(
        EligibilityRequest? request, HttpContext context, EligibilityChecker checker, ClaimCodeHasher hasher, EligibilityRateLimiter limiter, CancellationToken cancellationToken)
    {
        if (!limiter.TryAcquireForClient(context.Connection.RemoteIpAddress, out var clientRetry))
        {
            return TooMany(context, clientRetry, "Too many checks from your network. Wait a moment and try again.");
        }
        if (!ClaimCode.TryNormalize(request?.ClaimCode, out var canonical))
        {
            return TypedResults.Problem(
                title: "The claim code is not valid.",
                detail: "Check the code against your notice: 16 letters and digits (no 0, O, 1 or I), e.g. ABCD-EFGH-JKLM-NPQR.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        var hash = hasher.Hash(canonical);
        if (!limiter.TryAcquireForCode(hash, out var codeRetry))
        {
            return TooMany(context, codeRetry, "This code has been tried too often. Wait and try again, or contact the help desk named in your notice.");
        }
        var result = await checker.CheckHashAsync(hash, request?.PostalCode, cancellationToken).ConfigureAwait(false);
        if (result.Answer is not { } a)
        {
            return TypedResults.Problem(
                title: "No match.",
                detail: "The claim code and the postal code do not match an affected customer. Check both against your notice letter or email.",
                statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.Ok(new EligibilityResponse(
            Affected: true,
            new EligibilityIncident(a.IncidentId, a.IncidentName),
            a.DataCategories,
            a.CardDataLeaked,
            [.. a.Cards.Select(c => new EligibilityCard(c.Brand, c.Last4))],
            new ClaimWindow(a.ClaimsOpenOn, a.ClaimsCloseOn)));
    }

    private static ProblemHttpResult TooMany(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: "Too many attempts.", detail: detail, statusCode: StatusCodes.Status429TooManyRequests);
    }
}
