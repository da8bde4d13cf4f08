using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Reimburse.Functions.Customers;
using Reimburse.Incidents;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Staff.Operator;

/// <summary>
/// Issues claim codes through <see cref="ClaimCodeIssuer"/> and hands out the run's mail-merge file once (a POST, so
/// that no prefetch or crawler can spend the single download). The page of a run shows whether it was taken.
/// </summary>
public sealed class CodesModel(Ui ui, IIncidentStore incidents, ClaimCodeIssuer issuer, ICustomerRunStore runs) : UiPageModel(ui)
{
    public Incident Incident { get; private set; } = null!;

    /// <summary>The run shown (after issuing), or null.</summary>
    public IssuanceRun? Run { get; private set; }

    /// <summary>Set when issuing found nobody without a code.</summary>
    public bool NothingToIssue { get; private set; }

    public async Task<IActionResult> OnGetAsync(string incidentId, string? run, bool none, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(incidentId, cancellationToken))
        {
            return NotFound();
        }
        NothingToIssue = none;
        if (run is not null)
        {
            Run = RunIds.IsValid(run) ? await runs.GetIssuanceAsync(incidentId, run, cancellationToken) : null;
            if (Run is null)
            {
                AddError("", T.Codes.UnknownRun, run);
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostIssueAsync(string incidentId, CancellationToken cancellationToken) =>
        await IssueAsync(incidentId, IssueScope.WithoutCode, cancellationToken);

    public async Task<IActionResult> OnPostReissueAsync(string incidentId, string run, CancellationToken cancellationToken) =>
        RunIds.IsValid(run) ? await IssueAsync(incidentId, IssueScope.Run(run), cancellationToken) : NotFound();

    /// <summary>The mail-merge file, streamed once and then deleted from storage.</summary>
    public async Task<IActionResult> OnPostMailingAsync(string incidentId, string run, CancellationToken cancellationToken)
    {
        if (!RunIds.IsValid(run) || !await LoadAsync(incidentId, cancellationToken))
        {
            return NotFound();
        }
        var content = await issuer.TakeMailingAsync(incidentId, run, cancellationToken);
        if (content is null)
        {
            return RedirectToPage(new { incidentId, run });
        }
        await using (content)
        {
            Response.ContentType = "text/csv; charset=utf-8";
            Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = $"{incidentId}-{run}-mailing.csv" }.ToString();
            await content.CopyToAsync(Response.Body, cancellationToken);
        }
        await issuer.ForgetMailingAsync(incidentId, run, CancellationToken.None);
        return new EmptyResult();
    }

    private async Task<IActionResult> IssueAsync(string incidentId, IssueScope scope, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(incidentId, cancellationToken))
        {
            return NotFound();
        }
        var result = await issuer.IssueAsync(incidentId, scope, cancellationToken);
        return result.RunId is null
            ? RedirectToPage(new { incidentId, none = true })
            : RedirectToPage(new { incidentId, run = result.RunId });
    }

    private async Task<bool> LoadAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return false;
        }
        Incident = incident;
        return true;
    }
}
