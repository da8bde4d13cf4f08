using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Reimburse.Customers;
using Reimburse.Functions.Security;
using Reimburse.Incidents;

namespace Reimburse.Functions.Customers;

/// <summary>What an import did (<see cref="ImportResult"/>), with where to download its error report.</summary>
public sealed record ImportResponse(ImportResult Import, string ErrorReport)
{
    public static ImportResponse From(ImportResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r, $"/api/incidents/{r.IncidentId}/customers/imports/{r.ImportId}/errors.csv");
    }
}

/// <summary>Whom to issue claim codes for: nobody named means every customer without a code.</summary>
/// <param name="CustomerIds">Re-issue for these customers (their old codes stop working).</param>
/// <param name="ReissueRun">Re-issue for everyone whose code came from this run (e.g. its file was lost).</param>
public sealed record IssueCodesRequest(IReadOnlyList<string>? CustomerIds, string? ReissueRun);

/// <summary>What an issuance run did; <see cref="Mailing"/> can be downloaded once.</summary>
public sealed record IssueCodesResponse(string IncidentId, string? RunId, int Issued, int Invalidated, string? Mailing);

public static class CustomerEndpoints
{
    /// <summary>Maps the operator endpoints: incidents, customer imports, claim codes and mail-merge files.</summary>
    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var incidents = endpoints.MapGroup("/api/incidents/{incidentId}")
            .RequireAuthorization(Roles.Policies.Operator)
            .DisableAntiforgery();
        incidents.MapPut("", PutIncidentAsync).WithName("PutIncident").WithSummary("Creates or replaces an incident (JSON, or YAML with Content-Type application/yaml).");
        incidents.MapGet("", GetIncidentAsync).WithName("GetIncident");
        incidents.MapPost("/customers/imports", ImportAsync).WithName("ImportCustomers").WithSummary("Imports an affected-customer CSV (UTF-8 or Shift_JIS; ?encoding=auto|utf-8|shift_jis).");
        incidents.MapGet("/customers/imports/{importId}", GetImportAsync).WithName("GetCustomerImport");
        incidents.MapGet("/customers/imports/{importId}/errors.csv", GetImportReportAsync).WithName("GetCustomerImportErrors");
        incidents.MapPost("/claim-codes", IssueCodesAsync).WithName("IssueClaimCodes").WithSummary("Issues claim codes and writes the mail-merge file (downloadable once).");
        incidents.MapGet("/claim-codes/runs/{runId}/mailing.csv", TakeMailingAsync).WithName("TakeMailing").WithSummary("The run's mail-merge file with the codes in clear text: once.");
        return endpoints;
    }

    internal static async Task<Results<Created<JsonObject>, Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> PutIncidentAsync(
        string incidentId, HttpRequest request, IIncidentStore store, IOptions<IncidentDefaultsOptions> defaults, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var format = request.ContentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true ? IncidentFormat.Yaml : IncidentFormat.Json;
        Incident incident;
        try
        {
            incident = IncidentDocument.Parse(text, format, defaults.Value.ToPolicy());
        }
        catch (IncidentDefinitionException ex)
        {
            return TypedResults.ValidationProblem(
                ex.Errors.GroupBy(e => e.Path.Length == 0 ? "document" : e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "The incident definition is not valid.");
        }
        if (incident.Id != incidentId)
        {
            return TypedResults.Problem(title: "The incident id does not match the URL.",
                detail: $"The document defines \"{incident.Id}\" but was sent to /api/incidents/{incidentId}.", statusCode: StatusCodes.Status400BadRequest);
        }
        var created = await store.SaveAsync(incident, cancellationToken).ConfigureAwait(false);
        var body = IncidentDocument.ToJsonNode(incident);
        return created ? TypedResults.Created($"/api/incidents/{incident.Id}", body) : TypedResults.Ok(body);
    }

    internal static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetIncidentAsync(string incidentId, IIncidentStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is { } incident
            ? TypedResults.Ok(IncidentDocument.ToJsonNode(incident))
            : UnknownIncident(incidentId);

    internal static async Task<Results<Created<ImportResponse>, ProblemHttpResult>> ImportAsync(
        string incidentId, string? encoding, HttpContext context, IIncidentStore store, CustomerImporter importer,
        IOptions<CustomerImportOptions> options, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is null)
        {
            return UnknownIncident(incidentId);
        }
        if (!TryParseEncoding(encoding, out var csvEncoding))
        {
            return TypedResults.Problem(title: "Unknown encoding.", detail: "encoding must be auto, utf-8 or shift_jis.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxUploadMegabytes * 1024L * 1024L;
        }
        try
        {
            var result = await importer.ImportAsync(incidentId, context.Request.Body, csvEncoding, cancellationToken).ConfigureAwait(false);
            return TypedResults.Created($"/api/incidents/{incidentId}/customers/imports/{result.ImportId}", ImportResponse.From(result));
        }
        catch (CustomerFileException ex)
        {
            return TypedResults.Problem(title: ex.Title, detail: ex.Message, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["problems"] = ex.Problems });
        }
    }

    internal static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> GetImportAsync(
        string incidentId, string importId, ICustomerRunStore runs, CancellationToken cancellationToken) =>
        await runs.GetImportAsync(incidentId, importId, cancellationToken).ConfigureAwait(false) is { } result
            ? TypedResults.Ok(ImportResponse.From(result))
            : TypedResults.Problem(title: "No such import.", statusCode: StatusCodes.Status404NotFound);

    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetImportReportAsync(
        string incidentId, string importId, ICustomerRunStore runs, ICustomerFiles files, CancellationToken cancellationToken)
    {
        if (await runs.GetImportAsync(incidentId, importId, cancellationToken).ConfigureAwait(false) is null
            || await files.OpenImportReportAsync(incidentId, importId, cancellationToken).ConfigureAwait(false) is not { } report)
        {
            return TypedResults.Problem(title: "No such import.", statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.File(report, "text/csv; charset=utf-8", $"{incidentId}-{importId}-errors.csv");
    }

    internal static async Task<Results<Created<IssueCodesResponse>, Ok<IssueCodesResponse>, ProblemHttpResult>> IssueCodesAsync(
        string incidentId, HttpRequest request, IIncidentStore store, ClaimCodeIssuer issuer, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is null)
        {
            return UnknownIncident(incidentId);
        }
        IssueCodesRequest? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await request.ReadFromJsonAsync<IssueCodesRequest>(cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                return TypedResults.Problem(title: "The request body is not valid JSON.", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        }
        IssueScope scope = body switch
        {
            { CustomerIds: { Count: > 0 } ids, ReissueRun: null } => IssueScope.Customers(ids),
            { CustomerIds: null or { Count: 0 }, ReissueRun: { } run } => IssueScope.Run(run),
            { CustomerIds: { Count: > 0 }, ReissueRun: not null } => throw new Hosting.InputException("Give customerIds or reissueRun, not both."),
            _ => IssueScope.WithoutCode,
        };
        var result = await issuer.IssueAsync(incidentId, scope, cancellationToken).ConfigureAwait(false);
        var mailing = result.RunId is null ? null : $"/api/incidents/{incidentId}/claim-codes/runs/{result.RunId}/mailing.csv";
        var response = new IssueCodesResponse(incidentId, result.RunId, result.Issued, result.Invalidated, mailing);
        return result.RunId is null ? TypedResults.Ok(response) : TypedResults.Created(mailing, response);
    }

    internal static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> TakeMailingAsync(
        string incidentId, string runId, ClaimCodeIssuer issuer, CancellationToken cancellationToken)
    {
        var content = await issuer.TakeMailingAsync(incidentId, runId, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return TypedResults.Problem(title: "The mail-merge file is not available.",
                detail: "It was downloaded already (it can be downloaded once), or the run does not exist. If the file was lost, re-issue the run's codes.",
                statusCode: StatusCodes.Status410Gone);
        }
        return TypedResults.Stream(async output =>
        {
            await using (content.ConfigureAwait(false))
            {
                await content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
            await issuer.ForgetMailingAsync(incidentId, runId, CancellationToken.None).ConfigureAwait(false);
        }, "text/csv; charset=utf-8", $"{incidentId}-{runId}-mailing.csv");
    }

    internal static bool TryParseEncoding(string? value, out CsvEncoding encoding)
    {
        encoding = (value ?? "auto").Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "AUTO" or "" => CsvEncoding.Auto,
            "UTF8" => CsvEncoding.Utf8,
            "SHIFTJIS" or "SJIS" or "CP932" => CsvEncoding.ShiftJis,
            _ => (CsvEncoding)(-1),
        };
        return Enum.IsDefined(encoding);
    }

    private static ProblemHttpResult UnknownIncident(string incidentId) =>
        TypedResults.Problem(title: "Unknown incident.", detail: $"There is no incident \"{incidentId}\".", statusCode: StatusCodes.Status404NotFound);
}
