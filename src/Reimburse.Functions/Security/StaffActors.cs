using System.Security.Claims;
using Reimburse.Claims;

namespace Reimburse.Functions.Security;

/// <summary>
/// The claim workflow's <see cref="Actor"/> for a signed-in staff member: the token's subject is the id recorded on
/// every event the member causes.
/// </summary>
public static class StaffActors
{
    /// <summary>The member's stable id (the token's <c>sub</c>).</summary>
    /// <exception cref="InvalidOperationException">The principal is not an authenticated staff member.</exception>
    public static string IdOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException("The request is not from a signed-in staff member.");
    }

    /// <summary>A senior reviewer when the token holds that role, otherwise a reviewer.</summary>
    public static Actor Reviewer(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = IdOf(user);
        return user.IsInRole(Roles.SeniorReviewer) ? Actor.SeniorReviewer(id) : Actor.Reviewer(id);
    }

    public static Actor Finance(ClaimsPrincipal user) => Actor.Finance(IdOf(user));
}
