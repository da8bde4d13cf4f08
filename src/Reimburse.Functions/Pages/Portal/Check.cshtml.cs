using Microsoft.AspNetCore.Mvc;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Functions.Customers;
using Reimburse.Functions.Hosting;
using Reimburse.Policy;
using Reimburse.Text;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Portal;

/// <summary>A refusal shown above the form: no match, or too many attempts.</summary>
public sealed record CheckRefusal(LocalizedText Title, string Body);

/// <summary>
/// The eligibility check: claim code + postal code → affected or not, what leaked, which cards, the claim window.
/// Calls the same <see cref="EligibilityCheck"/> as <c>POST /api/eligibility</c>, so rate limits, the response-time
/// floor and the single neutral "no match" hold here too.
/// </summary>
public sealed class CheckModel(Ui ui, EligibilityCheck check, TimeProvider time) : UiPageModel(ui)
{
    [BindProperty]
    public string? ClaimCode { get; set; }

    [BindProperty]
    public string? PostalCode { get; set; }

    /// <summary>The answer, when code and postal code matched.</summary>
    public EligibilityAnswer? Answer { get; private set; }

    public CheckRefusal? Refusal { get; private set; }

    /// <summary>Where today (in Japan) stands in the claim window.</summary>
    public string WindowMessage => Answer is not { } a ? ""
        : TokyoTime.DateOf(time.GetUtcNow()) switch
        {
            var today when today < a.ClaimsOpenOn => Ui.Format(T.Eligible.WindowNotOpen, Ui.Date(a.ClaimsOpenOn)),
            var today when today > a.ClaimsCloseOn => Ui.Format(T.Eligible.WindowClosed, Ui.Date(a.ClaimsCloseOn)),
            _ => Ui.Format(T.Eligible.WindowOpen, Ui.Date(a.ClaimsCloseOn)),
        };

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
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
                Answer = matched.Answer;
                break;
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
