using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Reimburse.Text;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages;

/// <summary>The error page a browser sees for a status code (re-executed by the status code pages).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(Ui ui) : UiPageModel(ui)
{
    public int Status { get; private set; }

    public string Reference => HttpContext.TraceIdentifier;

    /// <summary>Whether the failing request was for a staff page (the "home" link goes there).</summary>
    public bool Staff { get; private set; }

    public LocalizedText Heading => Status switch
    {
        404 or 405 => T.Errors.NotFoundTitle,
        403 => T.Errors.ForbiddenTitle,
        413 => T.Errors.TooLargeTitle,
        >= 400 and < 500 => T.Errors.BadRequestTitle,
        _ => T.Errors.ServerErrorTitle,
    };

    public LocalizedText Body => Status switch
    {
        404 or 405 => T.Errors.NotFoundBody,
        403 => T.Errors.ForbiddenBody,
        413 => T.Errors.TooLargeBody,
        >= 400 and < 500 => T.Errors.BadRequestBody,
        _ => T.Errors.ServerErrorBody,
    };

    // No handler parameters: binding one would read the form of a re-executed POST, the very body that may have
    // failed (too large), and lose the status.
    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        var reexecute = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        int? code = reexecute?.OriginalStatusCode
            ?? (int.TryParse(Request.Query["code"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? asked : null);
        Status = code is >= 400 and <= 599 ? code.Value : StatusCodes.Status404NotFound;
        Staff = reexecute?.OriginalPath.StartsWith("/staff", StringComparison.OrdinalIgnoreCase) == true;
        // Asked for directly, /error is an ordinary page; re-executed, it keeps the original status.
        Response.StatusCode = reexecute is null ? StatusCodes.Status200OK : Status;
        ViewData["Staff"] = Staff;
    }
}
