using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Reimburse.Functions.Security;

/// <summary>
/// Authenticates staff by <c>Authorization: Bearer</c> tokens: Entra ID access tokens in Azure, development tokens
/// locally (see <see cref="StaffTokenValidator"/>).
/// </summary>
public sealed partial class StaffTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    StaffTokenValidator validator) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "StaffBearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        // A cardholder's session token is the cardholder scheme's business: never a staff sign-in, not even a failed one.
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || header["Bearer ".Length..].TrimStart().StartsWith(Cardholders.CardholderSessions.TokenPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }
        var (principal, error) = await validator.ValidateAsync(header["Bearer ".Length..].Trim(), SchemeName, Context.RequestAborted).ConfigureAwait(false);
        if (principal is null)
        {
            LogRefused(Logger, error ?? "unknown");
            return AuthenticateResult.Fail(error ?? "invalid token");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Staff token refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}

public static class StaffAuthenticationExtensions
{
    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StaffTokenOptions>()
            .Bind(configuration.GetSection(StaffTokenOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => { try { o.KeyBytes(); return true; } catch (FormatException) { return false; } catch (InvalidOperationException) { return false; } },
                "StaffTokens:SigningKey must be base64 of at least 32 bytes.")
            .ValidateOnStart();
        services.AddOptions<EntraStaffOptions>()
            .Bind(configuration.GetSection(EntraStaffOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(EntraSigningKeys.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EntraSigningKeys>();
        services.AddSingleton<StaffTokenValidator>();
        services.AddAuthentication(StaffTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, StaffTokenHandler>(StaffTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policies.AnyStaff, p => p.AddAuthenticationSchemes(StaffTokenHandler.SchemeName).RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(Roles.Policies.Reviewer, p => p.AddAuthenticationSchemes(StaffTokenHandler.SchemeName).RequireRole(Roles.Reviewer, Roles.SeniorReviewer))
            .AddPolicy(Roles.Policies.SeniorReviewer, p => p.AddAuthenticationSchemes(StaffTokenHandler.SchemeName).RequireRole(Roles.SeniorReviewer))
            .AddPolicy(Roles.Policies.Finance, p => p.AddAuthenticationSchemes(StaffTokenHandler.SchemeName).RequireRole(Roles.Finance))
            .AddPolicy(Roles.Policies.Operator, p => p.AddAuthenticationSchemes(StaffTokenHandler.SchemeName).RequireRole(Roles.Operator));
        return services;
    }

    /// <summary>`GET /api/staff/me`: who the bearer is and which roles it holds (used by the staff pages).</summary>
    public static IEndpointRouteBuilder MapStaffIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/staff/me", (ClaimsPrincipal user) => TypedResults.Ok(new StaffIdentity(
                user.FindFirstValue(ClaimTypes.NameIdentifier)!,
                user.FindFirstValue(StaffTokens.NameClaim)!,
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray())))
            .RequireAuthorization(Roles.Policies.AnyStaff);
        return endpoints;
    }
}

/// <summary>The signed-in staff member.</summary>
public sealed record StaffIdentity(string Id, string Name, IReadOnlyList<string> Roles);
