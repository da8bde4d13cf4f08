using Microsoft.AspNetCore.Mvc;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Incidents;
using Reimburse.Policy;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Portal;

/// <summary>
/// The answer to a matching eligibility check, for the signed-in cardholder: affected, what leaked, which cards, the
/// claim window and what to do next. Rendered from the session (the check redirects here), so it survives a reload
/// and a change of language, and never needs the claim code again.
/// </summary>
public sealed class EligibilityModel(Ui ui, IIncidentStore incidents, IAffectedCustomers customers, TimeProvider time) : CardholderPageModel(ui)
{
    public const string Path = "/eligibility";

    public EligibilityAnswer Answer { get; private set; } = null!;

    /// <summary>Whether the claim form is open to this cardholder today: card data leaked and within the window.</summary>
    public bool CanClaim => Answer is { CardDataLeaked: true } a && Today >= a.ClaimsOpenOn && Today <= a.ClaimsCloseOn;

    public DateOnly Today { get; private set; }

    /// <summary>Where today (in Japan) stands in the claim window.</summary>
    public string WindowMessage => Today switch
    {
        var today when today < Answer.ClaimsOpenOn => Ui.Format(T.Eligible.WindowNotOpen, Ui.Date(Answer.ClaimsOpenOn)),
        var today when today > Answer.ClaimsCloseOn => Ui.Format(T.Eligible.WindowClosed, Ui.Date(Answer.ClaimsCloseOn)),
        _ => Ui.Format(T.Eligible.WindowOpen, Ui.Date(Answer.ClaimsCloseOn)),
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(Cardholder.IncidentId, cancellationToken);
        var customer = await customers.FindAsync(Cardholder.IncidentId, Cardholder.CustomerId, cancellationToken);
        if (incident is null || customer is null)
        {
            // The row went away after sign-in (an operator's correction): check again.
            return LocalRedirect("/check");
        }
        Answer = new EligibilityAnswer(incident.Id, incident.Name, customer.DataCategories, customer.CardDataLeaked, customer.Cards, incident.ClaimsOpenOn, incident.ClaimsCloseOn);
        Today = TokyoTime.DateOf(time.GetUtcNow());
        return Page();
    }
}
