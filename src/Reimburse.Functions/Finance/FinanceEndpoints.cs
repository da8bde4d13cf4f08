using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Finance;

/// <summary>
/// Finance's API under <c>/api/finance</c>, for staff bearer tokens with the finance role (never a reviewer: who
/// pays does not approve).
/// </summary>
public static class FinanceEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var finance = endpoints.MapGroup("/api/finance")
            .RequireAuthorization(FinancePolicies.Finance)
            .DisableAntiforgery();
        finance.MapGet("/approved", WaitingAsync).WithName("GetApprovedTotals").WithSummary("Approved refunds waiting for a batch, per incident.");
        finance.MapGet("/batches", ListAsync).WithName("ListBatches");
        finance.MapPost("/batches", CreateAsync).WithName("CreateBatch")
            .WithSummary("A batch of approved, unbatched claims (optionally of one incident, at most max), exported at once as a Zengin file and a CSV journal.");
        finance.MapGet("/batches/{batchId}", GetAsync).WithName("GetBatch");
        finance.MapPost("/batches/{batchId}/complete", CompleteAsync).WithName("CompleteBatch")
            .WithSummary("Completes a batch whose builder stopped half-way.");
        finance.MapGet("/batches/{batchId}/zengin", (string batchId, PayoutBatches batches, PayoutBatchStore store, HttpContext context, CancellationToken ct) =>
            DownloadAsync(batchId, b => b.Zengin, "text/plain; charset=shift_jis", batches, store, context, ct)).WithName("DownloadZengin")
            .WithSummary("The Zengin 総合振込 file (Shift_JIS, 120-byte records, CR LF): the same bytes every time.");
        finance.MapGet("/batches/{batchId}/journal.csv", (string batchId, PayoutBatches batches, PayoutBatchStore store, HttpContext context, CancellationToken ct) =>
            DownloadAsync(batchId, b => b.Journal, "text/csv; charset=utf-8", batches, store, context, ct)).WithName("DownloadJournal")
            .WithSummary("The CSV journal (UTF-8 with BOM, no cell a spreadsheet could run): the same bytes every time.");
        finance.MapPost("/batches/{batchId}/settlement", SettleAsync).WithName("ImportSettlement")
            .WithSummary("The bank's results as CSV (請求ID, 結果, 不能事由): paid, or returned with a reason. All lines or none.");
        finance.MapGet("/reconciliation", ReconcileAsync).WithName("GetReconciliation")
            .WithSummary("Every approved yen: paid, in a batch, not batched, or returned with its reason; and every issue.");
        return endpoints;
    }

    internal static async Task<Ok<IReadOnlyList<ApprovedTotals>>> WaitingAsync(PayoutBatches batches, CancellationToken cancellationToken) =>
        TypedResults.Ok(await batches.WaitingAsync(cancellationToken).ConfigureAwait(false));

    internal static async Task<Ok<IReadOnlyList<PayoutBatchView>>> ListAsync(PayoutBatches batches, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<PayoutBatchView>>([.. (await batches.ListAsync(cancellationToken).ConfigureAwait(false)).Select(b => PayoutBatchView.From(b))]);

    internal static async Task<Created<PayoutBatchView>> CreateAsync([FromBody] CreateBatchRequest? body, PayoutBatches batches, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var batch = await batches.CreateAsync(body?.Incident, body?.Max, ParseDate(body?.TransferDate), StaffActors.Finance(user), cancellationToken).ConfigureAwait(false);
        return TypedResults.Created("/api/finance/batches/" + batch.BatchId, PayoutBatchView.From(batch));
    }

    internal static async Task<Results<Ok<PayoutBatchView>, ProblemHttpResult>> GetAsync(string batchId, PayoutBatches batches, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false) is not { } batch)
        {
            return NoSuchBatch(batchId);
        }
        return TypedResults.Ok(PayoutBatchView.From(batch, await batches.ProgressAsync(batch, cancellationToken).ConfigureAwait(false)));
    }

    internal static async Task<Results<Ok<PayoutBatchView>, ProblemHttpResult>> CompleteAsync(string batchId, PayoutBatches batches, CancellationToken cancellationToken) =>
        await batches.CompleteAsync(batchId, cancellationToken).ConfigureAwait(false) is { } batch
            ? TypedResults.Ok(PayoutBatchView.From(batch))
            : NoSuchBatch(batchId);

    internal static async Task<IResult> DownloadAsync(
        string batchId, Func<PayoutBatch, BatchFile?> file, string contentType, PayoutBatches batches, PayoutBatchStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false) is not { } batch)
        {
            return NoSuchBatch(batchId);
        }
        if (file(batch) is not { } stored)
        {
            return TypedResults.Problem(title: "The batch is not exported yet.",
                detail: $"Batch {batchId} is still being built; if its builder stopped, complete it (POST /api/finance/batches/{batchId}/complete).",
                statusCode: StatusCodes.Status409Conflict);
        }
        var download = await store.OpenAsync(stored.BlobName, cancellationToken).ConfigureAwait(false);
        if (download is null)
        {
            return TypedResults.Problem(title: "The file is missing from storage.", statusCode: StatusCodes.Status500InternalServerError);
        }
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store, private";
        headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(download.Content, contentType, Path.GetFileName(stored.BlobName),
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue("\"" + stored.Sha256 + "\""));
    }

    internal static async Task<Results<Ok<SettlementReport>, ProblemHttpResult>> SettleAsync(
        string batchId, HttpContext context, BatchSettlements settlements, IOptions<FinanceOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxSettlementMegabytes * 1024L * 1024L;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > limit)
        {
            throw new InputException($"The settlement file is larger than {options.Value.MaxSettlementMegabytes} MB.");
        }
        var report = await settlements.ImportAsync(batchId, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), StaffActors.Finance(context.User), cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            return NoSuchBatch(batchId);
        }
        if (!report.Recorded)
        {
            return TypedResults.Problem(
                title: "The settlement file was not recorded.",
                detail: "Nothing was changed: correct the lines below and send the whole file again.",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = report.Errors.Select(e => new { line = e.LineNumber, message = e.Message, text = e.ToString() }).ToList() });
        }
        return TypedResults.Ok(report);
    }

    internal static async Task<Ok<ReconciliationView>> ReconcileAsync(string? incident, FinanceReconciliation reconciliation, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reconciliation.ReconcileAsync(incident, cancellationToken).ConfigureAwait(false));

    /// <summary>YYYY-MM-DD, or null for the default.</summary>
    /// <exception cref="InputException">Not a date.</exception>
    internal static DateOnly? ParseDate(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new InputException("transferDate must be a date written YYYY-MM-DD.");

    private static ProblemHttpResult NoSuchBatch(string batchId) =>
        TypedResults.Problem(title: "No such batch.", detail: $"There is no batch \"{batchId}\".", statusCode: StatusCodes.Status404NotFound);
}
