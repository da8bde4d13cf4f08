using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Security;

/// <summary>
/// Authenticates the staff pages from the staff token kept in an HttpOnly, SameSite=Strict cookie scoped to
/// <c>/staff</c> (set by the sign-in page). A scheme of its own, so that the cookie never authenticates the API
/// (whose endpoints take bearer tokens only and need no antiforgery) and a bearer token never opens a page.
/// </summary>
public sealed class StaffCookieHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    StaffTokenValidator validator) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "StaffCookie";

    /// <summary>The cookie holding the staff token.</summary>
    public const string CookieName = "rb-staff";

    /// <summary>The cookie's path: only the staff pages receive it.</summary>
    public const string CookiePath = "/staff";

    public const string SignInPath = "/staff/sign-in";

    public const string ForbiddenPath = "/staff/forbidden";

    /// <summary>
    /// The cookie options: HttpOnly, SameSite=Strict, Secure whenever the request came over HTTPS or the app runs under
    /// the Functions host, session lifetime.
    /// </summary>
    public static CookieOptions CookieOptions(HttpRequest request) => CookieOptions(request, CustomHandlerHosting.UnderFunctionsHost);

    // Under the host the request always arrives as plain HTTP on loopback (the platform ends TLS and the app is
    // HTTPS-only), so IsHttps alone would leave the staff token's cookie without Secure in Azure.
    internal static CookieOptions CookieOptions(HttpRequest request, bool underFunctionsHost) => new()
    {
        Path = CookiePath,
        HttpOnly = true,
        Secure = (request ?? throw new ArgumentNullException(nameof(request))).IsHttps || underFunctionsHost,
        SameSite = SameSiteMode.Strict,
        IsEssential = true,
    };

    // The same validation as bearer tokens (development tokens locally, Entra ID tokens in Azure).
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Cookies[CookieName] is not { Length: > 0 } token)
        {
            return AuthenticateResult.NoResult();
        }
        var (principal, error) = await validator.ValidateAsync(token, SchemeName, Context.RequestAborted).ConfigureAwait(false);
        return principal is null
            ? AuthenticateResult.Fail(error ?? "invalid token")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>Not signed in (or the token expired): to the sign-in page, coming back here afterwards.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var back = Request.PathBase + Request.Path + Request.QueryString;
        var expired = Request.Cookies.ContainsKey(CookieName) ? "&expired=1" : "";
        Response.Redirect(SignInPath + "?returnUrl=" + Uri.EscapeDataString(back) + expired);
        return Task.CompletedTask;
    }

    /// <summary>Signed in without the role the page needs.</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.Redirect(ForbiddenPath);
        return Task.CompletedTask;
    }
}
