using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Reimburse.Customers;
using Reimburse.Functions.Customers;
using Reimburse.Incidents;

namespace Reimburse.Functions.Cardholders;

/// <summary>Sign-in: the claim code and postal code from the notice; <c>Bearer</c> asks for a bearer token instead of the cookie.</summary>
public sealed record SessionRequest(string? ClaimCode, string? PostalCode, bool Bearer = false);

/// <summary>The signed-in cardholder's session: what they may claim for, until when, and the anti-forgery token.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="CardDataLeaked">Whether card data leaked (a reissue fee can be claimed).</param>
/// <param name="Cards">The leaked cards (brand and last four).</param>
/// <param name="ClaimWindow">When claims are accepted.</param>
/// <param name="ExpiresAt">When the session lapses without activity (extended by use).</param>
/// <param name="AbsoluteExpiresAt">When it ends however active.</param>
/// <param name="CsrfToken">Send back in <c>X-CSRF-Token</c> (or the <c>csrfToken</c> form field) with every change made with the cookie.</param>
/// <param name="Token">The bearer token, only when asked for with <c>bearer: true</c> (then no cookie is set).</param>
public sealed record SessionResponse(
    EligibilityIncident Incident,
    bool CardDataLeaked,
    IReadOnlyList<EligibilityCard> Cards,
    ClaimWindow ClaimWindow,
    DateTimeOffset ExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    string CsrfToken,
    string? Token);

public static class SessionEndpoints
{
    /// <summary>Maps <c>POST /api/session</c> (sign in), <c>GET /api/session</c> and <c>DELETE /api/session</c> (sign out).</summary>
    public static IEndpointRouteBuilder MapCardholderSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/session", OpenAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("OpenSession")
            .WithTags("Cardholder")
            .WithSummary("Signs in with the claim code and postal code from the notice (rate-limited; one neutral 404 for every mismatch).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        endpoints.MapGet("/api/session", GetAsync)
            .RequireCardholder()
            .WithName("GetSession")
            .WithTags("Cardholder")
            .WithSummary("The current session: incident, leaked cards, claim window, expiry and the anti-forgery token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        endpoints.MapDelete("/api/session", CloseAsync)
            .RequireCardholder()
            .WithName("CloseSession")
            .WithTags("Cardholder")
            .WithSummary("Signs out: the session ends on every instance and the cookie is removed.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    internal static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> OpenAsync(
        SessionRequest? request, HttpContext context, ClaimCodeVerifier verifier, CardholderSessions sessions, CancellationToken cancellationToken)
    {
        var check = await verifier.VerifyAsync(request?.ClaimCode, request?.PostalCode, context, cancellationToken).ConfigureAwait(false);
        if (check is not { Answer: { } answer, CustomerId: { } customerId })
        {
            return check.Problem!;
        }
        var (session, token) = sessions.Open(answer.IncidentId, customerId);
        var bearer = request?.Bearer == true;
        if (!bearer)
        {
            sessions.SetCookie(context, session, token);
        }
        return TypedResults.Ok(new SessionResponse(
            new EligibilityIncident(answer.IncidentId, answer.IncidentName),
            answer.CardDataLeaked,
            [.. answer.Cards.Select(c => new EligibilityCard(c.Brand, c.Last4))],
            new ClaimWindow(answer.ClaimsOpenOn, answer.ClaimsCloseOn),
            session.ExpiresAt,
            session.AbsoluteExpiresAt,
            sessions.CsrfToken(session.SessionId),
            bearer ? token : null));
    }

    internal static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, CardholderSessions sessions, IIncidentStore incidents, IAffectedCustomers customers, CancellationToken cancellationToken)
    {
        var cardholder = Cardholder.From(user);
        var incident = await incidents.GetAsync(cardholder.IncidentId, cancellationToken).ConfigureAwait(false);
        var customer = await customers.FindAsync(cardholder.IncidentId, cardholder.CustomerId, cancellationToken).ConfigureAwait(false);
        if (incident is null || customer is null)
        {
            // The incident or the customer's row went away after sign-in (an operator's correction).
            return TypedResults.Problem(title: "No match.", detail: "The claim code no longer matches an affected customer.", statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.Ok(new SessionResponse(
            new EligibilityIncident(incident.Id, incident.Name),
            customer.CardDataLeaked,
            [.. customer.Cards.Select(c => new EligibilityCard(c.Brand, c.Last4))],
            new ClaimWindow(incident.ClaimsOpenOn, incident.ClaimsCloseOn),
            DateTimeOffset.Parse(user.FindFirstValue(Cardholder.ExpiresClaim)!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(user.FindFirstValue(Cardholder.AbsoluteExpiresClaim)!, System.Globalization.CultureInfo.InvariantCulture),
            sessions.CsrfToken(cardholder.SessionId),
            null));
    }

    internal static async Task<NoContent> CloseAsync(HttpContext context, CardholderSessions sessions, CancellationToken cancellationToken)
    {
        var cardholder = Cardholder.From(context.User);
        var user = context.User;
        var session = new CardholderSession(cardholder.SessionId, cardholder.IncidentId, cardholder.CustomerId, default, default,
            DateTimeOffset.Parse(user.FindFirstValue(Cardholder.AbsoluteExpiresClaim)!, System.Globalization.CultureInfo.InvariantCulture));
        await sessions.RevokeAsync(session, cancellationToken).ConfigureAwait(false);
        sessions.ClearCookie(context);
        return TypedResults.NoContent();
    }
}
