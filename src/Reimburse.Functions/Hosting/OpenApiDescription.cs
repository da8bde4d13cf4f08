using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Intake;

namespace Reimburse.Functions.Hosting;

/// <summary>Marks an endpoint that requires the <c>Idempotency-Key</c> header (documented in OpenAPI).</summary>
public sealed class RequiresIdempotencyKey;

/// <summary>
/// The API description: OpenAPI 3.1 generated from the endpoints (ASP.NET Core's built-in generator), served as
/// <c>/openapi/v1.json</c> and <c>/openapi/v1.yaml</c>, with the security schemes (cardholder cookie or bearer, staff
/// bearer) and the headers our endpoints read themselves (Idempotency-Key, X-CSRF-Token).
/// </summary>
public static class OpenApiDescription
{
    public const string DocumentName = "v1";
    public const string CardholderCookie = "cardholderCookie";
    public const string CardholderBearer = "cardholderBearer";
    public const string StaffBearer = "staffBearer";

    public static IServiceCollection AddReimburseOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Reimburse API",
                    Version = "v1",
                    Description = "Card-reissue fee refunds after a data breach. Cardholders sign in with the claim code from their notice "
                        + "(POST /api/session) and submit and follow claims (/api/claims); staff use bearer tokens with roles. "
                        + "Errors are RFC 9457 problem details with a stable `code` and `messages` in Japanese and English.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes[CardholderCookie] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = "reimburse_session",
                    Description = "The session cookie set by POST /api/session (HttpOnly, SameSite=Strict). Changes need the session's csrfToken in X-CSRF-Token or the csrfToken form field.",
                };
                document.Components.SecuritySchemes[CardholderBearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The token from POST /api/session with bearer: true (rcs1.…). An extended token may come back in X-Session-Token.",
                };
                document.Components.SecuritySchemes[StaffBearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Staff token with roles (Entra ID in Azure; `reimburse token` in development).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
                var document = context.Document;
                if (policies.Contains(CardholderAuthentication.Policy))
                {
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CardholderCookie, document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CardholderBearer, document)] = [] },
                    ];
                    if (!HttpMethods.IsGet(context.Description.HttpMethod ?? "GET"))
                    {
                        AddHeader(operation, CsrfEndpointFilter.HeaderName, required: false,
                            "The session's csrfToken: required when the session cookie authenticates the request (or send the csrfToken form field).");
                    }
                }
                else if (policies.Any(p => p.StartsWith("staff:", StringComparison.Ordinal)))
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(StaffBearer, document)] = [] }];
                }
                if (metadata.OfType<RequiresIdempotencyKey>().Any())
                {
                    AddHeader(operation, ClaimEndpoints.IdempotencyKeyHeader, required: true,
                        "A new value (e.g. a UUID) per submission, the same value when retrying it: a retry or a double click returns the same result. 1-255 visible ASCII characters.");
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Serves the description at <c>/openapi/v1.json</c> and <c>/openapi/v1.yaml</c>.</summary>
    public static IEndpointRouteBuilder MapReimburseOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        endpoints.MapOpenApi("/openapi/{documentName}.yaml").AllowAnonymous();
        return endpoints;
    }

    private static void AddHeader(OpenApiOperation operation, string name, bool required, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
