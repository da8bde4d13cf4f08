using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Reimburse.Functions.Cardholders;

namespace Reimburse.Functions.Pages.Portal;

/// <summary>
/// The base of the cardholder's signed-in pages: the page runs only for a valid cardholder session (the cookie set
/// by the eligibility check); without one the visitor goes to the check and comes back afterwards.
/// </summary>
/// <remarks>
/// Authenticated here rather than by an authorization convention so that an anonymous visitor is redirected (the
/// session scheme answers 401 for the API). <see cref="HttpContext.User"/> is left as it is: antiforgery tokens stay
/// bound to the anonymous user they were issued for.
/// </remarks>
public abstract class CardholderPageModel(Ui ui) : UiPageModel(ui)
{
    /// <summary>Where a visitor without a session is sent.</summary>
    public const string SignInPath = "/check";

    /// <summary>The signed-in cardholder.</summary>
    public Cardholder Cardholder { get; private set; } = null!;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await HttpContext.AuthenticateAsync(CardholderSessionHandler.SchemeName);
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            var back = Uri.EscapeDataString(Request.Path + Request.QueryString);
            context.Result = new RedirectResult(SignInPath + "?returnUrl=" + back + (result.Failure is null ? "" : "&expired=true"));
            return;
        }
        Cardholder = Cardholder.From(principal);
        await next();
    }

    /// <summary>Whether <paramref name="url"/> is a cardholder page to come back to after the check.</summary>
    public static bool IsReturnUrl(string? url) =>
        url is { Length: > 1 }
        && url.StartsWith("/claims", StringComparison.Ordinal)
        && !url.Contains("//", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal);
}
