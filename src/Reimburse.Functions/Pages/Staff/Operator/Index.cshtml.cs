using System.Text;
using Microsoft.AspNetCore.Mvc;
using Reimburse.Incidents;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Staff.Operator;

/// <summary>The operator's incidents: the list, and defining or replacing one from a JSON/YAML file.</summary>
[RequestSizeLimit(MaxDefinitionBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxDefinitionBytes + 64 * 1024)]
public sealed class IndexModel(Ui ui, IIncidentCatalog catalog, IIncidentStore store) : UiPageModel(ui)
{
    /// <summary>Largest definition file accepted: a definition is a page of text.</summary>
    public const int MaxDefinitionBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public IReadOnlyList<Incident> Incidents { get; private set; } = [];

    [BindProperty]
    public IFormFile? Definition { get; set; }

    /// <summary>The incident just saved (after the redirect), and whether it was new.</summary>
    [BindProperty(SupportsGet = true, Name = "saved")]
    public string? SavedId { get; set; }

    [BindProperty(SupportsGet = true, Name = "created")]
    public bool SavedWasCreated { get; set; }

    public Incident? Saved => Incidents.FirstOrDefault(i => i.Id == SavedId);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Incidents = await catalog.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        SavedId = null;
        var incident = await ReadAsync();
        if (incident is null)
        {
            Incidents = await catalog.ListAsync(cancellationToken);
            return Page();
        }
        var created = await store.SaveAsync(incident, cancellationToken);
        return RedirectToPage(new { saved = incident.Id, created });
    }

    private async Task<Incident?> ReadAsync()
    {
        if (Definition is not { Length: > 0 } file)
        {
            AddError(nameof(Definition), T.Incidents.FileMissing);
            return null;
        }
        if (Path.GetExtension(file.FileName).ToUpperInvariant() is not (".JSON" or ".YAML" or ".YML"))
        {
            AddError(nameof(Definition), T.Incidents.FileWrongType);
            return null;
        }
        string text;
        try
        {
            using var reader = new StreamReader(file.OpenReadStream(), StrictUtf8);
            text = await reader.ReadToEndAsync();
        }
        catch (DecoderFallbackException)
        {
            AddError(nameof(Definition), T.Incidents.FileNotText);
            return null;
        }
        try
        {
            return IncidentDocument.Parse(text, IncidentDocument.FormatOf(file.FileName));
        }
        catch (IncidentDefinitionException ex)
        {
            foreach (var error in ex.Errors.Take(20))
            {
                AddError(nameof(Definition), T.Incidents.Invalid, error.Path.Length == 0 ? "-" : error.Path, error.Message);
            }
            return null;
        }
    }
}
