using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Reimburse.Banking;
using Reimburse.Claims;
using Reimburse.Functions.Intake;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Portal.Claims;

/// <summary>
/// A claim's status page: where it stands in plain words, the history, the documents, and — when the claim asks for
/// something — the form to answer it (documents and/or a note, or a corrected payout account). Another customer's
/// claim is a plain 404, like a missing one.
/// </summary>
[TypeFilter<IntakeUploadLimits>(Order = 900)]
public sealed class DetailModel(Ui ui, ClaimIntake intake, ClaimForms forms, UploadInspector inspector, IOptions<IntakeOptions> options, IBankDirectory banks) : ClaimFormPageModel(ui, options)
{
    public ClaimView Claim { get; private set; } = null!;

    /// <summary>The payout account as the cardholder knows it: bank and branch by name, type, last three digits.</summary>
    public string? PayoutAccount { get; private set; }

    /// <summary>Set after a redirect: what just happened (submitted, answered, account saved, documents added).</summary>
    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Submitted { get; set; }

    [BindProperty(Name = ClaimForms.Note)]
    public string? Note { get; set; }

    /// <summary>The claim asks for a corrected payout account (after a returned transfer).</summary>
    public bool AsksForAccount => Claim.InformationRequest?.Kind == "corrected-bank-account";

    /// <summary>Documents may be added while the claim is being read or checked.</summary>
    public bool CanAddDocuments => Claim.InformationRequest is null && Claim.Status.Code is "received" or "under-review";

    public async Task<IActionResult> OnGetAsync(string claimId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(claimId, cancellationToken))
        {
            return NotFound();
        }
        IdempotencyKey = NewIdempotencyKey();
        return Page();
    }

    /// <summary>Answers the open request, or adds documents: files and/or a note.</summary>
    public async Task<IActionResult> OnPostDocumentsAsync(string claimId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(claimId, cancellationToken))
        {
            return NotFound();
        }
        var answering = Claim.InformationRequest is not null;
        return await SendAsync(async () =>
        {
            if (await ReadUploadsAsync(cancellationToken) is not { } uploads)
            {
                return Page();
            }
            var note = answering ? Note : null;
            if (uploads.Count == 0 && string.IsNullOrWhiteSpace(note))
            {
                AddError(FilesField, answering ? T.ClaimPage.AnswerMissing : T.ClaimForm.FilesHint, Limits.MaxFileBytes / 1024 / 1024, Limits.MaxFiles);
                return Page();
            }
            var files = await inspector.InspectAsync(uploads, required: false, cancellationToken);
            await intake.AddDocumentsAsync(Cardholder, claimId, PostedIdempotencyKey(), new DocumentSubmission(files, note, Claim.InformationRequest?.RequestId), cancellationToken);
            return RedirectToPage(new { claimId, done = answering ? "answered" : "documents" });
        }, FilesField);
    }

    /// <summary>Gives the corrected payout account the claim asks for.</summary>
    public async Task<IActionResult> OnPostAccountAsync(string claimId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(claimId, cancellationToken))
        {
            return NotFound();
        }
        return await SendAsync(async () =>
        {
            var account = forms.ReadBankAccount(Account);
            await intake.ChangeBankAccountAsync(Cardholder, claimId, account, cancellationToken);
            return RedirectToPage(new { claimId, done = "account" });
        });
    }

    private string Describe(BankAccount account)
    {
        var bank = banks.FindBank(account.BankCode)?.Name ?? account.BankCode;
        var branch = banks.FindBranch(account.BankCode, account.BranchCode)?.Name ?? account.BranchCode;
        return $"{bank} {branch} · {Ui[BankAccount.Label(account.Type)]} ****{account.Number[^3..]}";
    }

    private async Task<bool> LoadAsync(string claimId, CancellationToken cancellationToken)
    {
        try
        {
            var state = await intake.LoadOwnAsync(Cardholder, claimId, cancellationToken);
            Claim = ClaimViews.Detail(state, await intake.HistoryAsync(state, cancellationToken));
            PayoutAccount = state.PayoutAccount is { } account ? Describe(account) : null;
            return true;
        }
        catch (ClaimDomainException ex) when (ex.Code == ClaimErrors.NotFound)
        {
            return false;
        }
    }
}
