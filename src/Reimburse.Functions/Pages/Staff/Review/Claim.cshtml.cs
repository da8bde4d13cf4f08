using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Reimburse.Claims;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Intake;
using Reimburse.Functions.Review;
using Reimburse.Functions.Security;
using Reimburse.LocalReader.Pdf;
using Reimburse.Policy;

namespace Reimburse.Functions.Pages.Staff.Review;

/// <summary>
/// One claim for a reviewer (<see cref="ClaimReview"/>): the documents beside what was read from them, the declared
/// values, the rules, duplicates and the audit trail, and the decisions the signed-in reviewer may take now. Every
/// decision is a command through the claim workflow with the reviewer as its actor.
/// </summary>
public sealed class ClaimModel(Ui ui, ClaimReview review, PdfPageImages pdfPages, IPdfPageCounter pdfPageCounter, TimeProvider time) : UiPageModel(ui)
{
    /// <summary>Document types a browser shows as an image.</summary>
    private static readonly string[] Viewable = ["image/jpeg", "image/png"];

    public ReviewClaim Claim { get; private set; } = null!;

    public string Me => StaffActors.IdOf(User);

    /// <summary>The status after the last decision (shown once after the redirect).</summary>
    public string? DoneStatus { get; private set; }

    /// <summary>Default deadline offered for a request: two weeks from today in Japan.</summary>
    public DateOnly DefaultDeadline => TokyoTime.DateOf(time.GetUtcNow()).AddDays(14);

    /// <summary>The response header of a page image that says how many pages the PDF has.</summary>
    public const string PageCountHeader = "X-Page-Count";

    public static bool IsViewable(string contentType) => Viewable.Contains(contentType, StringComparer.OrdinalIgnoreCase);

    public static bool IsPdf(string contentType) => string.Equals(contentType, "application/pdf", StringComparison.OrdinalIgnoreCase);

    public bool Can(string action) => Claim.AllowedActions.Contains(action, StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(string claimId, string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(claimId, cancellationToken))
        {
            return NotFound();
        }
        DoneStatus = Enum.TryParse<ClaimStatus>(done, out _) ? done : null;
        return Page();
    }

    /// <summary>A document of the claim, served as an attachment that is never run or rendered as a page.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(string claimId, string documentId, CancellationToken cancellationToken)
    {
        if (await ReadAsync(claimId, documentId, cancellationToken) is not { } document)
        {
            return NotFound();
        }
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = document.FileName }.ToString();
        return File(document.Content.ToArray(), document.ContentType);
    }

    /// <summary>
    /// One page of a PDF document as a PNG for the viewer (page numbers outside the document show its first or last
    /// page); the page count is in <see cref="PageCountHeader"/>.
    /// </summary>
    public async Task<IActionResult> OnGetPageImageAsync(string claimId, string documentId, int page, CancellationToken cancellationToken)
    {
        if (await ReadAsync(claimId, documentId, cancellationToken) is not { } document || !IsPdf(document.ContentType))
        {
            return NotFound();
        }
        var image = await pdfPages.RenderAsync(document.Content.ToMemory(), page, cancellationToken);
        if (image.Png is null)
        {
            // The PDF does not open (the reader said so on the claim page too): nothing to show, and no 500.
            return NotFound();
        }
        Response.Headers[PageCountHeader] = image.Pages.ToString(CultureInfo.InvariantCulture);
        return File(image.Png, "image/png");
    }

    /// <summary>How many pages a PDF document has (pdfinfo only: the viewer shows its page buttons without rendering twice).</summary>
    public async Task<IActionResult> OnGetPageCountAsync(string claimId, string documentId, CancellationToken cancellationToken)
    {
        if (await ReadAsync(claimId, documentId, cancellationToken) is not { } document || !IsPdf(document.ContentType))
        {
            return NotFound();
        }
        var count = await pdfPageCounter.CountAsync(document.Content.ToMemory(), cancellationToken);
        return count.Opened ? new JsonResult(new { pages = count.Pages }) : NotFound();
    }

    /// <summary>The document, with the headers every served document gets; null when the ids are bad or it is gone.</summary>
    private async Task<DocumentDownload?> ReadAsync(string claimId, string documentId, CancellationToken cancellationToken)
    {
        if (!ClaimIds.IsValidPart(claimId) || string.IsNullOrEmpty(documentId) || documentId.Length > 64 || !documentId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return null;
        }
        var document = await review.ReadDocumentAsync(new DocumentLinkTarget(claimId, documentId), User, cancellationToken);
        if (document is not null)
        {
            var headers = Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-store, private";
            headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        }
        return document;
    }

    public Task<IActionResult> OnPostLeaseAsync(string claimId, CancellationToken cancellationToken) =>
        DecideAsync(claimId, () => review.TakeLeaseAsync(claimId, User, null, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReleaseAsync(string claimId, CancellationToken cancellationToken) =>
        DecideAsync(claimId, () => review.ReleaseLeaseAsync(claimId, User, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(string claimId, long? amount, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(claimId, () => review.ApproveAsync(claimId, User, amount, reason, cancellationToken), cancellationToken, "amount");

    public Task<IActionResult> OnPostConfirmAsync(string claimId, CancellationToken cancellationToken) =>
        DecideAsync(claimId, () => review.ConfirmAsync(claimId, User, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDeclineAsync(string claimId, string? note, CancellationToken cancellationToken) =>
        DecideAsync(claimId, () => review.DeclineAsync(claimId, User, note, cancellationToken), cancellationToken, "declineNote");

    public Task<IActionResult> OnPostRejectAsync(string claimId, string? reasonCode, string? note, CancellationToken cancellationToken) =>
        DecideAsync(claimId, () => review.RejectAsync(claimId, User, reasonCode, note, cancellationToken), cancellationToken, "reasonCode");

    public Task<IActionResult> OnPostRequestInformationAsync(string claimId, string? message, string? deadline, CancellationToken cancellationToken) =>
        DecideAsync(claimId, () => review.RequestInformationAsync(claimId, User, message, deadline, cancellationToken), cancellationToken, "message");

    public Task<IActionResult> OnPostEscalateAsync(string claimId, string? note, CancellationToken cancellationToken) =>
        DecideAsync(claimId, () => review.EscalateAsync(claimId, User, note, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostClearAttentionAsync(string claimId, string? note, CancellationToken cancellationToken) =>
        DecideAsync(claimId, () => review.ClearAttentionAsync(claimId, User, note, cancellationToken), cancellationToken);

    private async Task<IActionResult> DecideAsync(string claimId, Func<Task<ReviewDecision>> decide, CancellationToken cancellationToken, string field = "")
    {
        try
        {
            var decision = await decide();
            return RedirectToPage(new { claimId, done = decision.Status });
        }
        catch (ClaimDomainException ex) when (ex.Code != ClaimErrors.NotFound)
        {
            ModelState.AddModelError(field, Ui[ex.Text]);
        }
        catch (InputException ex)
        {
            ModelState.AddModelError(field, ex.Message);
        }
        return await LoadAsync(claimId, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string claimId, CancellationToken cancellationToken)
    {
        try
        {
            Claim = await review.GetAsync(claimId, User, cancellationToken);
            return true;
        }
        catch (ClaimDomainException ex) when (ex.Code == ClaimErrors.NotFound)
        {
            return false;
        }
        catch (InputException)
        {
            return false;
        }
    }
}
