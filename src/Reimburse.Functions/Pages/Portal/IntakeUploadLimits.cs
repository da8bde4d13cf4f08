using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Intake;

namespace Reimburse.Functions.Pages.Portal;

/// <summary>
/// The cardholder upload pages accept what the claim API accepts (<see cref="IntakeOptions"/>: files × size plus the
/// fields), set before anything reads the body — antiforgery reads the form, so this runs among the authorization
/// filters, ahead of it (like <c>[RequestSizeLimit]</c>, which cannot read options).
/// </summary>
public sealed class IntakeUploadLimits(IOptions<IntakeOptions> options) : IAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before the antiforgery filter (1000), as the built-in request size filters do (900).</summary>
    public int Order => 900;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var limits = options.Value;
        var largest = (limits.MaxFileBytes * limits.MaxFiles) + (1024 * 1024);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = largest;
        }
        if (http.Features.Get<IFormFeature>() is not { Form: not null })
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
            {
                MultipartBodyLengthLimit = largest,
                ValueCountLimit = 64,
            }));
        }
    }
}
