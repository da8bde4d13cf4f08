using Microsoft.AspNetCore.Mvc;
using Reimburse.Functions.Cardholders;

namespace Reimburse.Functions.Pages.Portal.Claims;

/// <summary>Cardholder sign-out: the session ends on every instance and the cookie goes.</summary>
public sealed class SignOutModel(Ui ui, CardholderSessions sessions, TimeProvider time) : CardholderPageModel(ui)
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The absolute end is not needed to revoke: the row is kept until a session could have lasted at most.
        var until = time.GetUtcNow() + TimeSpan.FromMinutes(sessions.Options.AbsoluteMinutes);
        await sessions.RevokeAsync(new CardholderSession(Cardholder.SessionId, Cardholder.IncidentId, Cardholder.CustomerId, default, default, until), cancellationToken);
        sessions.ClearCookie(HttpContext);
        return LocalRedirect("/?signedOut=true");
    }
}
