using Microsoft.AspNetCore.Mvc.ModelBinding;
using Reimburse.Functions.Intake;
using Reimburse.Text;

namespace Reimburse.Functions.Pages.Portal;

/// <summary>What the upload partial needs: its field, its words and the limits the browser checks before sending.</summary>
public sealed record UploadField(FieldState Field, LocalizedText Label, LocalizedText Hint, long MaxFileBytes, int MaxFiles)
{
    /// <summary>The file types intake accepts, for the file picker and the browser's own check.</summary>
    public const string Accept = ".pdf,.jpg,.jpeg,.png,.heic,.heif,.tif,.tiff,.csv,application/pdf,image/jpeg,image/png,image/heic,image/heif,image/tiff,text/csv";

    public int MaxMegabytes => (int)(MaxFileBytes / 1024 / 1024);

    public static UploadField For(UiPageModel page, string name, LocalizedText label, LocalizedText hint, IntakeOptions limits)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(limits);
        return new(page.Field(name), label, hint, limits.MaxFileBytes, limits.MaxFiles);
    }
}

/// <summary>The payout-account fields as typed, with their states, for the bank-account partial.</summary>
public sealed record BankAccountFields(
    FieldState BankCode,
    FieldState BranchCode,
    FieldState AccountType,
    FieldState AccountNumber,
    FieldState AccountHolder,
    BankAccountInput Values)
{
    public static BankAccountFields For(UiPageModel page, BankAccountInput values)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new(page.Field(ClaimForms.BankCode), page.Field(ClaimForms.BranchCode), page.Field(ClaimForms.AccountType),
            page.Field(ClaimForms.AccountNumber), page.Field(ClaimForms.AccountHolder), values);
    }
}

/// <summary>Turns intake's refusals into field errors and summary lines in the visitor's language.</summary>
public static class IntakeErrorsOnPage
{
    /// <summary>Adds <paramref name="error"/>: each field's messages to that field, otherwise the message to <paramref name="fallbackField"/>.</summary>
    public static void Add(ModelStateDictionary modelState, Ui ui, IntakeException error, string fallbackField)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(ui);
        ArgumentNullException.ThrowIfNull(error);
        if (error.Fields.Count == 0)
        {
            modelState.AddModelError(fallbackField, ui[error.Text]);
            return;
        }
        foreach (var (field, messages) in error.Fields)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(field, ui[message]);
            }
        }
    }
}
