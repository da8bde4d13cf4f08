using Reimburse.Functions.Finance;
using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Pages.Staff.Finance;

/// <summary>Where every approved yen is (<see cref="FinanceReconciliation"/>), for all incidents or one.</summary>
public sealed class ReconciliationModel(Ui ui, FinanceReconciliation reconciliation) : UiPageModel(ui)
{
    public ReconciliationView? View { get; private set; }

    public string? Incident { get; private set; }

    public async Task OnGetAsync(string? incident, CancellationToken cancellationToken)
    {
        Incident = string.IsNullOrWhiteSpace(incident) ? null : incident.Trim();
        try
        {
            View = await reconciliation.ReconcileAsync(Incident, cancellationToken);
        }
        catch (InputException ex)
        {
            ModelState.AddModelError("incident", ex.Message);
        }
    }
}
