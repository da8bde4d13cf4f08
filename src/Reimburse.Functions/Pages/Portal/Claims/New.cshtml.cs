using System.Security.Cryptography;
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
    TimeProvider time) : CardholderPageModel(ui)
{
    /// <summary>The files field of the form.</summary>
    public const string FilesField = "files";

    public IntakeOptions Limits => options.Value;

    public Incident? Incident { get; private set; }

    public AffectedCustomer? Customer { get; private set; }

    public DateOnly Today { get; private set; }

    /// <summary>Issued with the form; the same for every resend of it.</summary>
    [BindProperty]
    public string IdempotencyKey { get; set; } = "";

    [BindProperty(Name = ClaimForms.ReissueDate)]
    public string? ReissueDate { get; set; }

    [BindProperty(Name = ClaimForms.DeclaredFee)]
    public string? DeclaredFee { get; set; }

    [BindProperty(Name = ClaimForms.CardLast4)]
    public string? CardLast4 { get; set; }

    [BindProperty(Name = ClaimForms.BankCode)]
    public string? BankCode { get; set; }

    [BindProperty(Name = ClaimForms.BranchCode)]
    public string? BranchCode { get; set; }

    [BindProperty(Name = ClaimForms.AccountType)]
    public string? AccountType { get; set; }

    [BindProperty(Name = ClaimForms.AccountNumber)]
    public string? AccountNumber { get; set; }

    [BindProperty(Name = ClaimForms.AccountHolder)]
    public string? AccountHolder { get; set; }

    public BankAccountInput Account => new(BankCode, BranchCode, AccountType, AccountNumber, AccountHolder);

    /// <summary>Why the form is closed to this cardholder (no card leaked, outside the window), or null.</summary>
    public string? Closed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        IdempotencyKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        CardLast4 ??= Customer?.Cards.Count == 1 ? Customer.Cards[0].Last4 : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Closed is not null)
        {
            return Page();
        }
        if (IdempotencyKey is not { Length: > 0 and <= 64 } || !IdempotencyKey.All(char.IsAsciiLetterOrDigit))
        {
            // A form from elsewhere (or an old page): issue a fresh key and let the person send again.
            IdempotencyKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }
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
            if (await UploadsAsync(cancellationToken) is { } uploads)
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
        try
        {
            var outcome = await intake.SubmitAsync(Cardholder, IdempotencyKey, fields, files, cancellationToken);
            return LocalRedirect($"/claims/{outcome.State.ClaimId}?submitted=true");
        }
        catch (IntakeException ex)
        {
            IntakeErrorsOnPage.Add(ModelState, Ui, ex, "");
            return Page();
        }
        catch (ClaimDomainException ex)
        {
            ModelState.AddModelError("", Ui[ex.Text]);
            return Page();
        }
    }

    /// <summary>The uploaded files, each refused by size before its bytes are read; null (with the error added) when there are too many.</summary>
    private async Task<IReadOnlyList<Upload>?> UploadsAsync(CancellationToken cancellationToken)
    {
        var form = await Request.ReadFormAsync(cancellationToken);
        if (form.Files.Count > Limits.MaxFiles)
        {
            AddError(FilesField, T.ClaimForm.TooMany, Limits.MaxFiles);
            return null;
        }
        var uploads = new List<Upload>(form.Files.Count);
        var position = 0;
        foreach (var file in form.Files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)))
        {
            UploadInspector.CheckSize(file.FileName, file.Length, ++position, Limits);
            await using var stream = file.OpenReadStream();
            uploads.Add(new Upload(file.FileName, await BinaryData.FromStreamAsync(stream, cancellationToken)));
        }
        return uploads;
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
