using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Reimburse.Functions.Finance;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Security;
using T = Reimburse.Functions.Pages.Text.UiText;

namespace Reimburse.Functions.Pages.Staff.Finance;

/// <summary>One batch: its files (the same bytes every time), the bank's results so far, and importing a settlement file.</summary>
[RequestSizeLimit(MaxSettlementBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxSettlementBytes + 64 * 1024)]
public sealed class BatchModel(Ui ui, PayoutBatches batches, PayoutBatchStore store, BatchSettlements settlements) : UiPageModel(ui)
{
    /// <summary>Largest settlement file read (a line per transfer: far below).</summary>
    public const int MaxSettlementBytes = 16 * 1024 * 1024;

    public PayoutBatch Batch { get; private set; } = null!;

    public SettlementProgress? Progress { get; private set; }

    /// <summary>What the last import recorded (after the redirect).</summary>
    public (int Paid, int Returned, int Unchanged)? Recorded { get; private set; }

    public IReadOnlyList<Reimburse.Payouts.SettlementError> SettlementErrors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string batchId, int? paid, int? returned, int? unchanged, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(batchId, cancellationToken))
        {
            return NotFound();
        }
        if (paid is { } p && returned is { } r && unchanged is { } u)
        {
            Recorded = (p, r, u);
        }
        return Page();
    }

    public Task<IActionResult> OnGetZenginAsync(string batchId, CancellationToken cancellationToken) =>
        DownloadAsync(batchId, b => b.Zengin, "text/plain; charset=shift_jis", cancellationToken);

    public Task<IActionResult> OnGetJournalAsync(string batchId, CancellationToken cancellationToken) =>
        DownloadAsync(batchId, b => b.Journal, "text/csv; charset=utf-8", cancellationToken);

    public async Task<IActionResult> OnPostCompleteAsync(string batchId, CancellationToken cancellationToken)
    {
        try
        {
            return await batches.CompleteAsync(batchId, cancellationToken) is null ? NotFound() : RedirectToPage(new { batchId });
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError("", ex.Message);
            return await LoadAsync(batchId, cancellationToken) ? Page() : NotFound();
        }
    }

    public async Task<IActionResult> OnPostSettlementAsync(string batchId, IFormFile? settlement, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(batchId, cancellationToken))
        {
            return NotFound();
        }
        if (settlement is not { Length: > 0 })
        {
            AddError(nameof(settlement), T.Finance.SettlementFileMissing);
            return Page();
        }
        using var buffer = new MemoryStream();
        await using (var stream = settlement.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }
        var report = await settlements.ImportAsync(batchId, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), StaffActors.Finance(User), cancellationToken);
        if (report is null)
        {
            return NotFound();
        }
        if (!report.Recorded || report.Errors.Count > 0)
        {
            AddError(nameof(settlement), T.Finance.NotRecorded);
            SettlementErrors = report.Errors;
            await LoadAsync(batchId, cancellationToken);
            return Page();
        }
        return RedirectToPage(new { batchId, paid = report.Paid, returned = report.Returned, unchanged = report.Unchanged });
    }

    private async Task<IActionResult> DownloadAsync(string batchId, Func<PayoutBatch, BatchFile?> file, string contentType, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(batchId, cancellationToken) is not { } batch || file(batch) is not { } stored
            || await store.OpenAsync(stored.BlobName, cancellationToken) is not { } download)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "no-store, private";
        return new FileStreamResult(download.Content, contentType)
        {
            FileDownloadName = Path.GetFileName(stored.BlobName),
            EntityTag = new EntityTagHeaderValue("\"" + stored.Sha256 + "\""),
        };
    }

    private async Task<bool> LoadAsync(string batchId, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(batchId, cancellationToken) is not { } batch)
        {
            return false;
        }
        Batch = batch;
        Progress = await batches.ProgressAsync(batch, cancellationToken);
        return true;
    }
}
