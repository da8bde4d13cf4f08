using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Reimburse.Functions.Finance;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Pages.Staff.Finance;

/// <summary>Finance's start: approved refunds waiting per incident, creating a batch, and the batches (<see cref="PayoutBatches"/>).</summary>
public sealed class IndexModel(Ui ui, PayoutBatches batches) : UiPageModel(ui)
{
    public IReadOnlyList<ApprovedTotals> Waiting { get; private set; } = [];

    public IReadOnlyList<PayoutBatch> Batches { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(string? incident, string? transferDate, int? max, CancellationToken cancellationToken)
    {
        try
        {
            DateOnly? date = null;
            if (!string.IsNullOrWhiteSpace(transferDate))
            {
                date = DateOnly.TryParseExact(transferDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d
                    : throw new InputException("transferDate must be a date written YYYY-MM-DD.");
            }
            var batch = await batches.CreateAsync(string.IsNullOrWhiteSpace(incident) ? null : incident, max, date, StaffActors.Finance(User), cancellationToken);
            return LocalRedirect("/staff/finance/batches/" + batch.BatchId);
        }
        catch (InputException ex)
        {
            ModelState.AddModelError("transferDate", ex.Message);
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError("", ex.Message);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Waiting = await batches.WaitingAsync(cancellationToken);
        Batches = [.. (await batches.ListAsync(cancellationToken)).OrderByDescending(b => b.Number)];
    }
}
