using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Security;
using Reimburse.Text;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Staff;

/// <summary>
/// Staff sign-in by pasting a staff token (in development minted by <c>reimburse token</c>). A valid token with a staff
/// role is kept in the page cookie (<see cref="StaffCookieHandler"/>); in Azure, Entra ID sign-in replaces this page.
/// </summary>
public sealed class SignInModel(Ui ui, IOptions<StaffTokenOptions> options, TimeProvider time, IWebHostEnvironment environment) : UiPageModel(ui)
{
    [BindProperty]
    public string? Token { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public LocalizedText? Notice { get; private set; }

    public string? SignedInAs { get; private set; }

    public bool Configured => options.Value.KeyBytes() is not null;

    public bool ShowDevelopmentHint => !environment.IsProduction();

    public async Task OnGetAsync(bool expired = false, bool signedOut = false)
    {
        Notice = expired ? T.SignIn.Expired : signedOut ? T.SignIn.SignedOut : null;
        var current = await HttpContext.AuthenticateAsync(StaffCookieHandler.SchemeName);
        SignedInAs = current.Succeeded ? StaffUser.From(current.Principal!)?.Name : null;
    }

    public IActionResult OnPost()
    {
        if (!Configured)
        {
            return Page();
        }
        var token = Token?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            AddError(nameof(Token), T.SignIn.TokenMissing);
            return Page();
        }
        var settings = options.Value;
        var (principal, error) = StaffTokens.Validate(token, settings.KeyBytes()!, settings.Issuer, settings.Audience,
            time.GetUtcNow(), TimeSpan.FromSeconds(settings.ClockSkewSeconds), StaffCookieHandler.SchemeName);
        if (principal is null)
        {
            AddError(nameof(Token), error == "expired or not yet valid" ? T.SignIn.TokenExpired : T.SignIn.TokenInvalid);
            return Page();
        }
        if (StaffUser.From(principal) is not { Roles.Count: > 0 })
        {
            AddError(nameof(Token), T.SignIn.TokenNoRole);
            return Page();
        }
        Response.Cookies.Append(StaffCookieHandler.CookieName, token, StaffCookieHandler.CookieOptions(Request));
        return LocalRedirect(SafeReturnUrl(ReturnUrl));
    }

    /// <summary>Back to the staff page that asked for sign-in; anything else (another site, a cardholder page) goes to the staff home.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url
        && url.StartsWith(StaffCookieHandler.CookiePath + "/", StringComparison.Ordinal)
        && !url.StartsWith(StaffCookieHandler.SignInPath, StringComparison.Ordinal)
        && !url.Contains("//", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : StaffCookieHandler.CookiePath;
}
