using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Reimburse.Claims;
using Reimburse.Functions.Intake;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Portal;

/// <summary>
/// The cardholder pages that take documents and a payout account (the claim form, the status page's answers): the
/// account fields as typed, the idempotency key issued with the form, and the uploads read within intake's limits.
/// </summary>
public abstract class ClaimFormPageModel(Ui ui, IOptions<IntakeOptions> options) : CardholderPageModel(ui)
{
    /// <summary>The files field of the forms.</summary>
    public const string FilesField = "files";

    public IntakeOptions Limits => options.Value;

    /// <summary>Issued with the form; the same for every resend of it.</summary>
    [BindProperty]
    public string IdempotencyKey { get; set; } = "";

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

    /// <summary>
    /// Runs <paramref name="send"/>; intake's refusals (to their fields, otherwise <paramref name="fallbackField"/>) and
    /// the claim's own come back as errors on the page.
    /// </summary>
    protected async Task<IActionResult> SendAsync(Func<Task<IActionResult>> send, string fallbackField = "")
    {
        ArgumentNullException.ThrowIfNull(send);
        try
        {
            return await send();
        }
        catch (IntakeException ex)
        {
            IntakeErrorsOnPage.Add(ModelState, Ui, ex, fallbackField);
        }
        catch (ClaimDomainException ex)
        {
            ModelState.AddModelError("", Ui[ex.Text]);
        }
        return Page();
    }

    /// <summary>A fresh key for a new form.</summary>
    protected static string NewIdempotencyKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The posted key when it has the shape the form issues, otherwise a fresh one (a form from elsewhere).</summary>
    protected string PostedIdempotencyKey() =>
        IdempotencyKey is { Length: > 0 and <= 64 } key && key.All(char.IsAsciiLetterOrDigit) ? key : NewIdempotencyKey();

    /// <summary>
    /// The uploaded files, each refused by size before its bytes are read (<see cref="IntakeException"/>); null, with
    /// the error added, when there are too many.
    /// </summary>
    protected async Task<IReadOnlyList<Upload>?> ReadUploadsAsync(CancellationToken cancellationToken)
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
}
