using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Reimburse.Claims;
using Reimburse.Customers;
using Reimburse.Functions.Intake;
using Reimburse.Incidents;
using Reimburse.Policy;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Portal.Claims;

/// <summary>
/// The claim form: documents, the reissued card, date and fee, the payout account. Reads and checks the fields with
/// the claim API's own <see cref="ClaimForms"/> and <see cref="UploadInspector"/> and submits through
/// <see cref="ClaimIntake"/>, keyed by an idempotency key issued with the form: a double click or a resend after a
/// lost answer finds the same claim.
/// </summary>
[TypeFilter<IntakeUploadLimits>(Order = 900)]
public sealed class NewModel(
    Ui ui,
    ClaimForms forms,
    UploadInspector inspector,
    ClaimIntake intake,
    IIncidentStore incidents,
    IAffectedCustomers customers,
    IOptions<IntakeOptions> options,
    TimeProvider time) : ClaimFormPageModel(ui, options)
{
    public Incident? Incident { get; private set; }

    public AffectedCustomer? Customer { get; private set; }

    public DateOnly Today { get; private set; }

    [BindProperty(Name = ClaimForms.ReissueDate)]
    public string? ReissueDate { get; set; }

    [BindProperty(Name = ClaimForms.DeclaredFee)]
    public string? DeclaredFee { get; set; }

    [BindProperty(Name = ClaimForms.CardLast4)]
    public string? CardLast4 { get; set; }

    /// <summary>Why the form is closed to this cardholder (no card leaked, outside the window), or null.</summary>
    public string? Closed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        IdempotencyKey = NewIdempotencyKey();
        CardLast4 ??= Customer?.Cards.Count == 1 ? Customer.Cards[0].Last4 : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Closed is not null)
        {
            return Page();
        }
        // A form from elsewhere (or an old page) gets a fresh key; the person may send again.
        IdempotencyKey = PostedIdempotencyKey();
        ClaimFields? fields = null;
        try
        {
            fields = forms.ReadSubmission(name => Request.Form[name].FirstOrDefault());
        }
        catch (IntakeException ex)
        {
            IntakeErrorsOnPage.Add(ModelState, Ui, ex, "");
        }
        IReadOnlyList<InspectedUpload>? files = null;
        try
        {
            if (await ReadUploadsAsync(cancellationToken) is { } uploads)
            {
                files = await inspector.InspectAsync(uploads, required: true, cancellationToken);
            }
        }
        catch (IntakeException ex)
        {
            IntakeErrorsOnPage.Add(ModelState, Ui, ex, FilesField);
        }
        if (fields is null || files is null)
        {
            return Page();
        }
        return await SendAsync(async () =>
        {
            var outcome = await intake.SubmitAsync(Cardholder, IdempotencyKey, fields, files, cancellationToken);
            return LocalRedirect($"/claims/{outcome.State.ClaimId}?submitted=true");
        });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Incident = await incidents.GetAsync(Cardholder.IncidentId, cancellationToken);
        Customer = await customers.FindAsync(Cardholder.IncidentId, Cardholder.CustomerId, cancellationToken);
        Today = TokyoTime.DateOf(time.GetUtcNow());
        Closed = (Incident, Customer) switch
        {
            (null, _) or (_, null) => Ui[T.Claims.SignInFirst],
            (_, { CardDataLeaked: false }) => Ui[T.Claims.NoCardLeak],
            ({ } i, _) when Today < i.ClaimsOpenOn => Ui.Format(T.Claims.WindowNotOpen, Ui.Date(i.ClaimsOpenOn)),
            ({ } i, _) when Today > i.ClaimsCloseOn => Ui.Format(T.Claims.WindowClosed, Ui.Date(i.ClaimsCloseOn)),
            _ => null,
        };
    }
}
