using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Reimburse.Functions.Security;

/// <summary>Authenticates staff by `Authorization: Bearer` staff tokens.</summary>
public sealed partial class StaffTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<StaffTokenOptions> tokenOptions,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "StaffBearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        return Task.FromResult(Authenticate(header["Bearer ".Length..].Trim(), tokenOptions.Value, time, SchemeName, Logger));
    }

    /// <summary>Validates a staff token for <paramref name="scheme"/> (shared by the bearer and the page cookie schemes).</summary>
    internal static AuthenticateResult Authenticate(string token, StaffTokenOptions settings, TimeProvider time, string scheme, ILogger logger)
    {
        var key = settings.KeyBytes();
        if (key is null)
        {
            return AuthenticateResult.Fail("staff sign-in is not configured");
        }
        var (principal, error) = StaffTokens.Validate(token, key, settings.Issuer, settings.Audience,
            time.GetUtcNow(), TimeSpan.FromSeconds(settings.ClockSkewSeconds), scheme);
        if (principal is null)
        {
            LogRefused(logger, error ?? "unknown");
            return AuthenticateResult.Fail(error ?? "invalid token");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(principal, scheme));
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
        services.TryAddSingleton(TimeProvider.System);
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
