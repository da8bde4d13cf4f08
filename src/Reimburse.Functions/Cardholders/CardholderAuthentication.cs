using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Storage;

namespace Reimburse.Functions.Cardholders;

/// <summary>The signed-in cardholder, as endpoints see it.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="IncidentId">Whose incident.</param>
/// <param name="CustomerId">Which customer: the only claims this session sees.</param>
/// <param name="ByCookie">Authenticated by the session cookie (changes then need the anti-forgery token).</param>
public sealed record Cardholder(string SessionId, string IncidentId, string CustomerId, bool ByCookie)
{
    internal const string SessionClaim = "reimburse:session";
    internal const string IncidentClaim = "reimburse:incident";
    internal const string CustomerClaim = "reimburse:customer";
    internal const string DeliveryClaim = "reimburse:delivery";
    internal const string ExpiresClaim = "reimburse:expires";
    internal const string AbsoluteExpiresClaim = "reimburse:absolute-expires";

    /// <summary>The cardholder of an authenticated cardholder principal.</summary>
    /// <exception cref="InvalidOperationException">The principal is not a cardholder (an endpoint without the cardholder policy).</exception>
    public static Cardholder From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var session = user.FindFirstValue(SessionClaim);
        var incident = user.FindFirstValue(IncidentClaim);
        var customer = user.FindFirstValue(CustomerClaim);
        if (session is null || incident is null || customer is null)
        {
            throw new InvalidOperationException("The request has no cardholder session: map the endpoint with RequireAuthorization(CardholderAuthentication.Policy).");
        }
        return new Cardholder(session, incident, customer, user.FindFirstValue(DeliveryClaim) == "cookie");
    }
}

/// <summary>
/// Authenticates cardholders by their session: <c>Authorization: Bearer rcs1.…</c> or the session cookie. Tokens
/// without the cardholder prefix (staff tokens) are not this scheme's business. A token used after half its idle
/// time comes back extended: in a new cookie, or in the <c>X-Session-Token</c> response header for bearer clients.
/// </summary>
public sealed partial class CardholderSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CardholderSessions sessions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "CardholderSession";

    /// <summary>Response header carrying an extended bearer token.</summary>
    public const string RefreshedTokenHeader = "X-Session-Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        string? token = null;
        var byCookie = false;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var bearer = header["Bearer ".Length..].Trim();
            if (!bearer.StartsWith(CardholderSessions.TokenPrefix, StringComparison.Ordinal))
            {
                return AuthenticateResult.NoResult();
            }
            token = bearer;
        }
        else if (Request.Cookies.TryGetValue(sessions.Options.CookieName, out var cookie))
        {
            token = cookie;
            byCookie = true;
        }
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }
        var session = sessions.Validate(token);
        if (session is null)
        {
            LogRefused(Logger, "invalid or expired");
            return AuthenticateResult.Fail("The session is invalid or has ended.");
        }
        if (await sessions.IsRevokedAsync(session.SessionId, Context.RequestAborted).ConfigureAwait(false))
        {
            LogRefused(Logger, "signed out");
            return AuthenticateResult.Fail("The session was signed out.");
        }
        if (sessions.Extend(session) is var (extended, fresh))
        {
            session = extended;
            if (byCookie)
            {
                sessions.SetCookie(Context, extended, fresh);
            }
            else
            {
                Response.Headers[RefreshedTokenHeader] = fresh;
            }
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(Cardholder.SessionClaim, session.SessionId),
                new Claim(Cardholder.IncidentClaim, session.IncidentId),
                new Claim(Cardholder.CustomerClaim, session.CustomerId),
                new Claim(Cardholder.DeliveryClaim, byCookie ? "cookie" : "bearer"),
                new Claim(Cardholder.ExpiresClaim, session.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(Cardholder.AbsoluteExpiresClaim, session.AbsoluteExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"cardholder\"";
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Cardholder session refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}

/// <summary>
/// Requires the session's anti-forgery token on cookie-authenticated changes (POST, PUT, PATCH, DELETE): in the
/// <c>X-CSRF-Token</c> header, or in a <c>csrfToken</c> form field for plain HTML forms. Bearer requests need none: a
/// browser never attaches a bearer token by itself.
/// </summary>
public sealed class CsrfEndpointFilter(CardholderSessions sessions) : IEndpointFilter
{
    public const string HeaderName = "X-CSRF-Token";
    public const string FormField = "csrfToken";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            return await next(context).ConfigureAwait(false);
        }
        var cardholder = Cardholder.From(http.User);
        if (cardholder.ByCookie)
        {
            string? token = http.Request.Headers[HeaderName];
            if (string.IsNullOrEmpty(token) && http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
                token = form[FormField];
            }
            if (!sessions.IsValidCsrfToken(cardholder.SessionId, token))
            {
                return TypedResults.Problem(
                    title: "The anti-forgery token is missing or wrong.",
                    detail: "Reload the page and try again. (Send the session's csrfToken in the X-CSRF-Token header or the csrfToken form field.)",
                    statusCode: StatusCodes.Status403Forbidden,
                    type: "https://reimburse.example/problems/csrf");
            }
        }
        return await next(context).ConfigureAwait(false);
    }
}

public static class CardholderAuthentication
{
    /// <summary>The authorization policy of every cardholder endpoint: a cardholder session, nothing else.</summary>
    public const string Policy = "cardholder";

    /// <summary>Registers cardholder sessions: options (validated on start), the scheme, the policy and the sign-out table.</summary>
    public static IServiceCollection AddCardholderSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CardholderSessionOptions>()
            .Bind(configuration.GetSection(CardholderSessionOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.KeyBytes() is not null, $"Cardholders:SessionKey must be base64 of at least {CardholderSessionOptions.MinKeyBytes} random bytes.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageResources(tables: [CardholderSessions.RevocationsTable]);
        services.AddSingleton<CardholderSessions>();
        services.AddSingleton<CsrfEndpointFilter>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, CardholderSessionHandler>(CardholderSessionHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(CardholderSessionHandler.SchemeName).RequireAuthenticatedUser().RequireClaim(Cardholder.CustomerClaim));
        return services;
    }

    /// <summary>Cardholder endpoints: the cardholder policy and, for changes by cookie, the anti-forgery token.</summary>
    public static TBuilder RequireCardholder<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(Policy);
        builder.AddEndpointFilter<TBuilder, CsrfEndpointFilter>();
        return builder;
    }
}
