using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Security;
using Reimburse.LocalReader;
using Reimburse.LocalReader.Pdf;

namespace Reimburse.Functions.Review;

/// <summary>Authorization policies of the reviewers' API.</summary>
public static class ReviewPolicies
{
    /// <summary>A reviewer or senior reviewer who is not also finance (separation of duties: who approves does not pay).</summary>
    public const string Reviewer = "review:reviewer";

    /// <summary>A senior reviewer who is not also finance: the four-eyes second approval.</summary>
    public const string SeniorReviewer = "review:senior-reviewer";

    // Options only: the authorization services come with AddStaffAuthentication.
    internal static void Add(IServiceCollection services) =>
        services.Configure<AuthorizationOptions>(options =>
        {
            options.AddPolicy(Reviewer, p => p
                .AddAuthenticationSchemes(StaffTokenHandler.SchemeName)
                .RequireRole(Roles.Reviewer, Roles.SeniorReviewer)
                .RequireAssertion(c => !c.User.IsInRole(Roles.Finance)));
            options.AddPolicy(SeniorReviewer, p => p
                .AddAuthenticationSchemes(StaffTokenHandler.SchemeName)
                .RequireRole(Roles.SeniorReviewer)
                .RequireAssertion(c => !c.User.IsInRole(Roles.Finance)));
        });
}

public static class ReviewRegistration
{
    /// <summary>
    /// Registers the reviewers' services: the queue, the claim review (detail and decisions), the signed document
    /// links, their options (validated on start) and the policies. Needs <c>AddClaims</c>, <c>AddCustomers</c>,
    /// <c>AddReimburseBanking</c> and <c>AddStaffAuthentication</c>.
    /// </summary>
    public static IServiceCollection AddReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewOptions>()
            .Bind(configuration.GetSection(ReviewOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.KeyBytes() is not null, "Review:DocumentLinkKey must be base64 of at least 32 random bytes.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DocumentLinks>();
        services.AddSingleton<ReviewQueue>();
        services.AddSingleton<ClaimReview>();
        // The document viewer shows PDFs as page images rendered by the local reader's poppler (options bound with the reader's).
        services.TryAddSingleton(sp => new PdfPageImages(sp.GetRequiredService<IOptions<LocalReaderOptions>>().Value));
        ReviewPolicies.Add(services);
        return services;
    }

    /// <summary>Maps <c>/api/review/…</c> (see <see cref="ReviewEndpoints"/>).</summary>
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder endpoints) => ReviewEndpoints.Map(endpoints);
}
