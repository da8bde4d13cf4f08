using Reimburse.Claims;
using Reimburse.Customers;
using Reimburse.Functions.Intake;
using Reimburse.Incidents;
using Reimburse.Policy;

namespace Reimburse.Functions.Pages.Portal.Claims;

/// <summary>The signed-in cardholder's claims, newest first, and the way to a new one.</summary>
public sealed class IndexModel(Ui ui, ClaimIntake intake, IIncidentStore incidents, IAffectedCustomers customers, TimeProvider time) : CardholderPageModel(ui)
{
    public IReadOnlyList<ClaimState> Claims { get; private set; } = [];

    public Incident? Incident { get; private set; }

    public AffectedCustomer? Customer { get; private set; }

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Claims = await intake.ListOwnAsync(Cardholder, cancellationToken);
        Incident = await incidents.GetAsync(Cardholder.IncidentId, cancellationToken);
        Customer = await customers.FindAsync(Cardholder.IncidentId, Cardholder.CustomerId, cancellationToken);
        Today = TokyoTime.DateOf(time.GetUtcNow());
    }
}
