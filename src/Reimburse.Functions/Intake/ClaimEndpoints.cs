using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Intake;

/// <summary>The cardholder claim API: submit, list, read, add documents or answer, change the payout account.</summary>
public static class ClaimEndpoints
{
    /// <summary>The header that makes a submission (or document upload) safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Set on a response that repeats the result of an earlier request with the same key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapCardholderClaimEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var limits = endpoints.ServiceProvider.GetRequiredService<IOptions<IntakeOptions>>().Value;
        var claims = endpoints.MapGroup("/api/claims").RequireCardholder().WithTags("Cardholder");

        claims.MapPost("", SubmitAsync)
            .DisableAntiforgery()
            .WithMetadata(new RequiresIdempotencyKey())
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: limits.MaxRequestBytes)
            .Accepts<ClaimSubmissionForm>("multipart/form-data")
            .WithName("SubmitClaim")
            .WithSummary("Submits a claim: statement files, reissue date, declared fee, card last 4 and the payout account. Requires Idempotency-Key; a retry returns the same claim.")
            .Produces<ClaimView>(StatusCodes.Status201Created)
            .Produces<ClaimView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        claims.MapGet("", ListAsync)
            .WithName("ListClaims")
            .WithSummary("The signed-in cardholder's claims, newest first.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        claims.MapGet("/{claimId}", GetAsync)
            .WithName("GetClaim")
            .WithSummary("A claim's status, reasons (ja/en), open request with its deadline, documents and history. Another customer's claim answers 404 like a missing one.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapPost("/{claimId}/documents", AddDocumentsAsync)
            .DisableAntiforgery()
            .WithMetadata(new RequiresIdempotencyKey())
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: limits.MaxRequestBytes)
            .Accepts<DocumentsForm>("multipart/form-data")
            .WithName("AddClaimDocuments")
            .WithSummary("Adds documents while the claim is being checked, or answers the open request (documents and/or a note). Requires Idempotency-Key.")
            .Produces<ClaimView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        claims.MapPut("/{claimId}/bank-account", ChangeBankAccountAsync)
            .WithName("ChangeBankAccount")
            .WithSummary("Gives the corrected payout account the claim asks for (after a returned transfer). Repeating it is harmless.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    internal static async Task<Results<Created<ClaimView>, Ok<ClaimView>>> SubmitAsync(
        HttpContext context, ClaimForms forms, UploadInspector inspector, ClaimIntake intake, IOptions<IntakeOptions> options, CancellationToken cancellationToken)
    {
        var who = Cardholder.From(context.User);
        var key = IdempotencyKey(context.Request);
        var (form, uploads) = await ReadFormAsync(context.Request, options.Value, cancellationToken).ConfigureAwait(false);
        var fields = forms.ReadSubmission(name => form[name].FirstOrDefault());
        var files = await inspector.InspectAsync(uploads, required: true, cancellationToken).ConfigureAwait(false);
        var outcome = await intake.SubmitAsync(who, key, fields, files, cancellationToken).ConfigureAwait(false);
        var view = ClaimViews.Detail(outcome.State, await intake.HistoryAsync(outcome.State, cancellationToken).ConfigureAwait(false));
        if (outcome.Changed)
        {
            return TypedResults.Created("/api/claims/" + outcome.State.ClaimId, view);
        }
        context.Response.Headers[ReplayedHeader] = "true";
        return TypedResults.Ok(view);
    }

    internal static async Task<Ok<IReadOnlyList<ClaimSummary>>> ListAsync(ClaimsPrincipal user, ClaimIntake intake, CancellationToken cancellationToken)
    {
        var claims = await intake.ListOwnAsync(Cardholder.From(user), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<ClaimSummary>>([.. claims.Select(ClaimViews.Summary)]);
    }

    internal static async Task<Ok<ClaimView>> GetAsync(string claimId, ClaimsPrincipal user, ClaimIntake intake, CancellationToken cancellationToken)
    {
        var state = await intake.LoadOwnAsync(Cardholder.From(user), claimId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ClaimViews.Detail(state, await intake.HistoryAsync(state, cancellationToken).ConfigureAwait(false)));
    }

    internal static async Task<Ok<ClaimView>> AddDocumentsAsync(
        string claimId, HttpContext context, UploadInspector inspector, ClaimIntake intake, IOptions<IntakeOptions> options, CancellationToken cancellationToken)
    {
        var who = Cardholder.From(context.User);
        // Ownership first: another customer's claim answers 404 whatever the request holds.
        await intake.LoadOwnAsync(who, claimId, cancellationToken).ConfigureAwait(false);
        var key = IdempotencyKey(context.Request);
        var (form, uploads) = await ReadFormAsync(context.Request, options.Value, cancellationToken).ConfigureAwait(false);
        var note = form[ClaimForms.Note].FirstOrDefault();
        var files = await inspector.InspectAsync(uploads, required: string.IsNullOrWhiteSpace(note), cancellationToken).ConfigureAwait(false);
        var outcome = await intake.AddDocumentsAsync(who, claimId, key, new DocumentSubmission(files, note, form[ClaimForms.RequestId].FirstOrDefault()), cancellationToken).ConfigureAwait(false);
        if (!outcome.Changed)
        {
            context.Response.Headers[ReplayedHeader] = "true";
        }
        return TypedResults.Ok(ClaimViews.Detail(outcome.State, await intake.HistoryAsync(outcome.State, cancellationToken).ConfigureAwait(false)));
    }

    internal static async Task<Ok<ClaimView>> ChangeBankAccountAsync(
        string claimId, BankAccountInput? account, ClaimsPrincipal user, ClaimForms forms, ClaimIntake intake, CancellationToken cancellationToken)
    {
        var who = Cardholder.From(user);
        await intake.LoadOwnAsync(who, claimId, cancellationToken).ConfigureAwait(false);
        var outcome = await intake.ChangeBankAccountAsync(who, claimId, forms.ReadBankAccount(account), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ClaimViews.Detail(outcome.State, await intake.HistoryAsync(outcome.State, cancellationToken).ConfigureAwait(false)));
    }

    private static string IdempotencyKey(HttpRequest request)
    {
        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length is 0 or > 255 || key.Any(c => c is < '!' or > '~'))
        {
            throw new IntakeException(StatusCodes.Status400BadRequest, IntakeErrors.IdempotencyKeyRequired, new(
                "Idempotency-Key ヘッダー(送信ごとに新しい値、例: UUID)が必要です。",
                "Send an Idempotency-Key header (a new value, e.g. a UUID, per submission; the same value when retrying it)."));
        }
        return key;
    }

    private static async Task<(IFormCollection Form, IReadOnlyList<Upload> Files)> ReadFormAsync(HttpRequest request, IntakeOptions limits, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || !(request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new IntakeException(StatusCodes.Status415UnsupportedMediaType, IntakeErrors.NotMultipart, new(
                "multipart/form-data で送信してください。", "Send the form as multipart/form-data."));
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // The multipart reader's limits (body length, part count): the request is too large.
            throw new IntakeException(StatusCodes.Status413PayloadTooLarge, IntakeErrors.FileTooLarge, new(
                $"送信できるのはファイル{limits.MaxFiles}つ、各{limits.MaxFileBytes / 1024 / 1024} MBまでです。",
                $"Send at most {limits.MaxFiles} files of {limits.MaxFileBytes / 1024 / 1024} MB each."));
        }
        if (form.Files.Count > limits.MaxFiles)
        {
            throw new IntakeException(StatusCodes.Status413PayloadTooLarge, IntakeErrors.TooManyFiles, new(
                $"一度に添付できるファイルは{limits.MaxFiles}つまでです。", $"Attach at most {limits.MaxFiles} files at a time."));
        }
        var uploads = new List<Upload>(form.Files.Count);
        var position = 0;
        foreach (var file in form.Files)
        {
            // Refused before its bytes are read into memory.
            UploadInspector.CheckSize(file.FileName, file.Length, ++position, limits);
            using var stream = file.OpenReadStream();
            uploads.Add(new Upload(file.FileName, await BinaryData.FromStreamAsync(stream, cancellationToken).ConfigureAwait(false)));
        }
        return (form, uploads);
    }
}

/// <summary>The multipart form of <c>POST /api/claims</c> (for the OpenAPI description; the endpoint reads the form itself).</summary>
public sealed class ClaimSubmissionForm
{
    /// <summary>One to five statement files: PDF, JPEG, PNG, HEIC, TIFF or the card company's CSV (10 MiB each).</summary>
    public IFormFileCollection? Files { get; set; }

    /// <summary>The day the card was reissued: 2026-05-01, 2026/5/1 or wareki (令和8年5月1日).</summary>
    public string? ReissueDate { get; set; }

    /// <summary>The fee paid, in yen ("1100", "1,100円").</summary>
    public string? DeclaredFee { get; set; }

    /// <summary>The last four digits of the leaked card.</summary>
    public string? CardLast4 { get; set; }

    /// <summary>金融機関コード (4 digits).</summary>
    public string? BankCode { get; set; }

    /// <summary>支店コード (3 digits).</summary>
    public string? BranchCode { get; set; }

    /// <summary>普通, 当座 or 貯蓄 (ordinary, current, savings).</summary>
    public string? AccountType { get; set; }

    /// <summary>口座番号 (7 digits).</summary>
    public string? AccountNumber { get; set; }

    /// <summary>口座名義 in kana (the holder must be the claimant).</summary>
    public string? AccountHolder { get; set; }

    /// <summary>The session's anti-forgery token, when the form is posted with the session cookie (or send X-CSRF-Token).</summary>
    public string? CsrfToken { get; set; }
}

/// <summary>The multipart form of <c>POST /api/claims/{id}/documents</c>.</summary>
public sealed class DocumentsForm
{
    /// <summary>The documents (none when a note answers a question).</summary>
    public IFormFileCollection? Files { get; set; }

    /// <summary>An answer to a reviewer's question.</summary>
    public string? Note { get; set; }

    /// <summary>The request answered (optional: the open request).</summary>
    public string? RequestId { get; set; }

    /// <summary>The anti-forgery token for cookie sessions (or send X-CSRF-Token).</summary>
    public string? CsrfToken { get; set; }
}
