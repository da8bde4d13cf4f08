using Microsoft.AspNetCore.Mvc.RazorPages;
using Reimburse.Text;

namespace Reimburse.Functions.Pages;

/// <summary>A form field's ids and error, so that label, hint and error are tied to the control (aria-describedby).</summary>
/// <param name="Name">The form field name.</param>
/// <param name="Error">The error message shown under the label, or null.</param>
public sealed record FieldState(string Name, string? Error)
{
    /// <summary>The control's id: the name in kebab case.</summary>
    public string Id { get; } = "f-" + string.Concat(Name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public string HintId => Id + "-hint";

    public string ErrorId => Id + "-error";

    public bool Invalid => Error is not null;

    /// <summary>The control's aria-describedby: its hint (when it has one) and its error (when there is one).</summary>
    public string? DescribedBy(bool hint = true) =>
        (hint, Invalid) switch
        {
            (true, true) => HintId + " " + ErrorId,
            (true, false) => HintId,
            (false, true) => ErrorId,
            _ => null,
        };

    /// <summary>The value of aria-invalid: "true" or absent.</summary>
    public string? AriaInvalid => Invalid ? "true" : null;
}

/// <summary>An error in the page's error summary: linked to its field when it has one.</summary>
public sealed record SummaryError(string? FieldId, string Message);

/// <summary>The base of every page model: the page's <see cref="Ui"/>, field states and the error summary.</summary>
public abstract class UiPageModel(Ui ui) : PageModel
{
    /// <summary>Language and formatting of this request.</summary>
    public Ui Ui { get; } = ui;

    /// <summary>The state of form field <paramref name="name"/>.</summary>
    public FieldState Field(string name) =>
        new(name, ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null);

    /// <summary>Every error on the page, in the order the fields were checked; form-level errors have no field.</summary>
    public IReadOnlyList<SummaryError> SummaryErrors =>
        [.. ModelState.Where(e => e.Value is { Errors.Count: > 0 })
            .SelectMany(e => e.Value!.Errors.Select(err => new SummaryError(e.Key.Length == 0 ? null : Field(e.Key).Id, err.ErrorMessage)))];

    /// <summary>Adds an error to field <paramref name="field"/> (or to the form when empty), in the page's language.</summary>
    protected void AddError(string field, LocalizedText message, params object?[] args) =>
        ModelState.AddModelError(field, Ui.Format(message, args));
}
