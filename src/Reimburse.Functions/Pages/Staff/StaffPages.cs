using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Pages.Staff;

/// <summary>Who may open which staff pages: the staff roles, authenticated only by the page cookie.</summary>
public static class StaffPages
{
    /// <summary>Authorization policies of the staff pages (the API's own policies take bearer tokens instead).</summary>
    public static class Policies
    {
        public const string AnyStaff = "pages:staff";
        public const string Operator = "pages:operator";
        public const string Reviewer = "pages:reviewer";
        public const string SeniorReviewer = "pages:senior-reviewer";
        public const string Finance = "pages:finance";
    }

    /// <summary>The cookie scheme and the page policies.</summary>
    internal static IServiceCollection AddStaffPageAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, StaffCookieHandler>(StaffCookieHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.AnyStaff, p => p.AddAuthenticationSchemes(StaffCookieHandler.SchemeName).RequireRole(Roles.All))
            .AddPolicy(Policies.Operator, p => p.AddAuthenticationSchemes(StaffCookieHandler.SchemeName).RequireRole(Roles.Operator))
            // Separation of duties, as in the API: who approves does not pay, who pays does not approve.
            .AddPolicy(Policies.Reviewer, p => p.AddAuthenticationSchemes(StaffCookieHandler.SchemeName).RequireRole(Roles.Reviewer, Roles.SeniorReviewer)
                .RequireAssertion(c => !c.User.IsInRole(Roles.Finance)))
            .AddPolicy(Policies.SeniorReviewer, p => p.AddAuthenticationSchemes(StaffCookieHandler.SchemeName).RequireRole(Roles.SeniorReviewer)
                .RequireAssertion(c => !c.User.IsInRole(Roles.Finance)))
            .AddPolicy(Policies.Finance, p => p.AddAuthenticationSchemes(StaffCookieHandler.SchemeName).RequireRole(Roles.Finance)
                .RequireAssertion(c => !c.User.IsInRole(Roles.Reviewer) && !c.User.IsInRole(Roles.SeniorReviewer)));
        return services;
    }

    /// <summary>Every page under /Staff needs a staff role; each area its own; sign-in and "forbidden" are open.</summary>
    internal static void Protect(PageConventionCollection conventions)
    {
        conventions.AuthorizeFolder("/Staff", Policies.AnyStaff);
        conventions.AuthorizeFolder("/Staff/Operator", Policies.Operator);
        conventions.AuthorizeFolder("/Staff/Review", Policies.Reviewer);
        conventions.AuthorizeFolder("/Staff/Finance", Policies.Finance);
        conventions.AllowAnonymousToPage("/Staff/SignIn");
        conventions.AllowAnonymousToPage("/Staff/Forbidden");
        conventions.AllowAnonymousToPage("/Staff/SignOut");
    }
}

/// <summary>The signed-in staff member as the pages show them.</summary>
/// <param name="Id">Stable staff id (token subject).</param>
/// <param name="Name">Display name.</param>
/// <param name="Roles">Their roles.</param>
public sealed record StaffUser(string Id, string Name, IReadOnlyList<string> Roles)
{
    /// <summary>The staff member of <paramref name="user"/>, or null when it is not a signed-in staff member.</summary>
    public static StaffUser? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity is not { IsAuthenticated: true } || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }
        return new StaffUser(id, user.FindFirstValue(StaffTokens.NameClaim) ?? id, [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)]);
    }

    public bool IsOperator => Roles.Contains(Security.Roles.Operator);

    /// <summary>May review (a reviewer or senior reviewer who is not also finance).</summary>
    public bool IsReviewer => (Roles.Contains(Security.Roles.Reviewer) || Roles.Contains(Security.Roles.SeniorReviewer)) && !Roles.Contains(Security.Roles.Finance);

    public bool IsSeniorReviewer => Roles.Contains(Security.Roles.SeniorReviewer) && !Roles.Contains(Security.Roles.Finance);

    /// <summary>May pay (finance who is not also a reviewer).</summary>
    public bool IsFinance => Roles.Contains(Security.Roles.Finance) && !Roles.Contains(Security.Roles.Reviewer) && !Roles.Contains(Security.Roles.SeniorReviewer);
}
