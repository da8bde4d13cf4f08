using Microsoft.AspNetCore.Mvc;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Pages.Staff;

/// <summary>Sign-out: a POST (with antiforgery) that forgets the page cookie.</summary>
public sealed class SignOutModel(Ui ui) : UiPageModel(ui)
{
    public IActionResult OnGet() => NotFound();

    public IActionResult OnPost()
    {
        Response.Cookies.Delete(StaffCookieHandler.CookieName, StaffCookieHandler.CookieOptions(Request));
        return LocalRedirect(StaffCookieHandler.SignInPath + "?signedOut=true");
    }
}
