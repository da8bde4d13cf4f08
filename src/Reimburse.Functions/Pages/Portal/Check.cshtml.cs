using Microsoft.AspNetCore.Mvc;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Customers;
using Reimburse.Functions.Hosting;
using Reimburse.Text;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Portal;

/// <summary>A refusal shown above the form: no match, or too many attempts.</summary>
public sealed record CheckRefusal(LocalizedText Title, string Body);

/// <summary>
/// The eligibility check: claim code + postal code → signed in and on to the answer (<see cref="EligibilityModel"/>),
/// or the same neutral "no match" for an unknown code and a wrong postal code.
/// Calls the same <see cref="EligibilityCheck"/> as <c>POST /api/eligibility</c>, so rate limits, the response-time
/// floor and the single neutral "no match" hold here too.
/// </summary>
/// <remarks>
/// A match also signs the cardholder in (the session cookie of <see cref="CardholderSessions"/>): the check is the same
/// proof of the notice as the API's sign-in, so the result page can lead straight to the claim form and status pages.
/// </remarks>
public sealed class CheckModel(Ui ui, EligibilityCheck check, CardholderSessions sessions) : UiPageModel(ui)
{
    [BindProperty]
    public string? ClaimCode { get; set; }

    [BindProperty]
    public string? PostalCode { get; set; }

    /// <summary>A cardholder page to return to after a match (from the sign-in redirect).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the visitor was sent here: their session ended.</summary>
    public bool SessionEnded { get; private set; }

    public CheckRefusal? Refusal { get; private set; }

    public void OnGet(bool expired = false)
    {
        SessionEnded = expired;
        if (!CardholderPageModel.IsReturnUrl(ReturnUrl))
        {
            ReturnUrl = null;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CardholderPageModel.IsReturnUrl(ReturnUrl))
        {
            ReturnUrl = null;
        }
        if (string.IsNullOrWhiteSpace(ClaimCode))
        {
            AddError(nameof(ClaimCode), T.Check.CodeMissing);
        }
        else if (!ClaimCodes.ClaimCode.TryNormalize(ClaimCode, out _))
        {
            AddError(nameof(ClaimCode), T.Check.CodeInvalid);
        }
        if (string.IsNullOrWhiteSpace(PostalCode))
        {
            AddError(nameof(PostalCode), T.Check.PostalMissing);
        }
        else if (PostalCodes.Normalize(PostalCode) is null)
        {
            AddError(nameof(PostalCode), T.Check.PostalInvalid);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        switch (await check.CheckAsync(ClaimCode, PostalCode, ClientAddress.Of(HttpContext), cancellationToken))
        {
            case EligibilityOutcome.Matched matched:
                var (session, token) = sessions.Open(matched.Answer.IncidentId, matched.CustomerId);
                sessions.SetCookie(HttpContext, session, token);
                return LocalRedirect(CardholderPageModel.IsReturnUrl(ReturnUrl) ? ReturnUrl! : EligibilityModel.Path);
            case EligibilityOutcome.InvalidCode:
                AddError(nameof(ClaimCode), T.Check.CodeInvalid);
                break;
            case EligibilityOutcome.TooMany tooMany:
                Refusal = new CheckRefusal(T.Check.TooManyTitle, Ui.Format(T.Check.TooManyBody, Math.Max(1, (int)Math.Ceiling(tooMany.RetryAfter.TotalMinutes))));
                break;
            default:
                Refusal = new CheckRefusal(T.Check.NoMatchTitle, Ui[T.Check.NoMatchBody]);
                break;
        }
        return Page();
    }
}
