using Microsoft.AspNetCore.Mvc;
using Reimburse.Customers;
using Reimburse.Functions.Customers;
using Reimburse.Incidents;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Staff.Operator;

/// <summary>
/// Imports an incident's affected-customer CSV through <see cref="CustomerImporter"/> (the same path as the API and the
/// CLI), then shows the counts and offers the error report.
/// </summary>
/// <remarks>The upload limit matches the default of <see cref="CustomerImportOptions.MaxUploadMegabytes"/>; larger lists go through the CLI.</remarks>
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class ImportModel(Ui ui, IIncidentStore incidents, CustomerImporter importer, ICustomerRunStore runs, ICustomerFiles files) : UiPageModel(ui)
{
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    public Incident Incident { get; private set; } = null!;

    [BindProperty]
    public IFormFile? CustomerFile { get; set; }

    [BindProperty]
    public string Encoding { get; set; } = "auto";

    /// <summary>The import just done (after the redirect).</summary>
    public ImportResult? Result { get; private set; }

    public static IReadOnlyList<string> Encodings { get; } = ["auto", "utf-8", "shift_jis"];

    public async Task<IActionResult> OnGetAsync(string incidentId, [FromQuery(Name = "import")] string? importId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(incidentId, cancellationToken))
        {
            return NotFound();
        }
        if (RunIds.IsValid(importId))
        {
            Result = await runs.GetImportAsync(incidentId, importId!, cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(incidentId, cancellationToken))
        {
            return NotFound();
        }
        if (!CustomerEndpoints.TryParseEncoding(Encoding, out var encoding))
        {
            Encoding = "auto";
            encoding = CsvEncoding.Auto;
        }
        if (CustomerFile is null)
        {
            AddError(nameof(CustomerFile), T.Import.FileMissing);
        }
        else if (CustomerFile.Length == 0)
        {
            AddError(nameof(CustomerFile), T.Import.FileEmpty);
        }
        else if (Path.GetExtension(CustomerFile.FileName).ToUpperInvariant() is not (".CSV" or ".TXT"))
        {
            AddError(nameof(CustomerFile), T.Import.FileWrongType);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        try
        {
            await using var content = CustomerFile!.OpenReadStream();
            var result = await importer.ImportAsync(incidentId, content, encoding, cancellationToken);
            return RedirectToPage(new { incidentId, import = result.ImportId });
        }
        catch (CustomerFileException ex)
        {
            AddError("", T.Import.NotRead);
            foreach (var problem in ex.Problems)
            {
                if (problem.Line > 0)
                {
                    AddError(nameof(CustomerFile), T.Import.Problem, problem.Line, problem.Reason);
                }
                else
                {
                    ModelState.AddModelError(nameof(CustomerFile), problem.Reason);
                }
            }
            return Page();
        }
    }

    /// <summary>The error report of an import, as a CSV download.</summary>
    public async Task<IActionResult> OnGetReportAsync(string incidentId, [FromQuery(Name = "import")] string? importId, CancellationToken cancellationToken)
    {
        if (!RunIds.IsValid(importId)
            || await runs.GetImportAsync(incidentId, importId!, cancellationToken) is null
            || await files.OpenImportReportAsync(incidentId, importId!, cancellationToken) is not { } report)
        {
            return NotFound();
        }
        return File(report, "text/csv; charset=utf-8", $"{incidentId}-{importId}-errors.csv");
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
