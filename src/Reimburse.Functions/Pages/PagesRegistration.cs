using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Reimburse.Functions.Pages.Portal;
using Reimburse.Functions.Pages.Staff;
using Microsoft.Extensions.WebEncoders;

namespace Reimburse.Functions.Pages;

/// <summary>The web pages: cardholder portal and staff consoles (Razor Pages, server-rendered, ja/en).</summary>
public static partial class PagesRegistration
{
    /// <summary>Cookie carrying the antiforgery token's pair (HttpOnly, SameSite=Strict).</summary>
    public const string AntiforgeryCookie = "rb-af";

    /// <summary>The hidden form field carrying the antiforgery request token.</summary>
    public const string AntiforgeryFormField = "__rvt";

    /// <summary>Registers Razor Pages with their conventions, antiforgery, the per-request <see cref="Ui"/> and the page assets.</summary>
    public static IServiceCollection AddReimbursePages(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<Ui>();
        services.AddSingleton<PageAssets>();
        services.AddStaffPageAuthorization();
        services.AddRazorPages(options => StaffPages.Protect(options.Conventions))
            // Every page validates its own fields with messages in the visitor's language; no implicit English "required".
            .AddMvcOptions(options => options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true)
            // The pages live in this assembly, whichever process hosts the app (the tests build it inside theirs).
            .ConfigureApplicationPartManager(manager =>
            {
                var assembly = typeof(PagesRegistration).Assembly;
                if (!manager.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
                {
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        manager.ApplicationParts.Add(part);
                    }
                }
            });
        // Japanese text as itself, not as &#x…; entities (a third of the size, readable source); markup is still encoded.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookie;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = AntiforgeryFormField;
        });
        return services;
    }

    /// <summary>
    /// Maps the pages and their assets, with security headers on every response, and — for browser requests outside
    /// the API — HTML error pages and the remembered language choice.
    /// </summary>
    public static WebApplication MapReimbursePages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseReimburseSecurityHeaders();
        // Registered on the app itself (not in a UseWhen branch, which has no routing to re-execute with); API
        // requests switch it off below and keep their ProblemDetails.
        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        app.Use(PagesOnlyAsync);
        app.MapGet("/assets/{name}", (string name, PageAssets assets, HttpContext context) => assets.Serve(name, context))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapBankLookup();
        app.MapRazorPages();
        return app;
    }

    /// <summary>A browser asking for a page (not the API, not a script fetching JSON).</summary>
    internal static bool IsPageRequest(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api")
        && !context.Request.Path.StartsWithSegments("/assets")
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// For browser page requests: an unexpected exception becomes the status alone (logged without personal data), so
    /// that the status code page renders the friendly error page in the visitor's language instead of JSON; and a
    /// <c>?lang=</c> choice is remembered. Other requests pass through without the HTML status code pages.
    /// </summary>
    private static async Task PagesOnlyAsync(HttpContext context, RequestDelegate next)
    {
        if (!IsPageRequest(context))
        {
            context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            await next(context);
            return;
        }
        RememberLanguage(context);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            if (status >= 500)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PagesRegistration));
                LogPageFailed(logger, ex.GetType().Name, context.Request.Path, ex);
            }
            context.Response.Clear();
            context.Response.StatusCode = status;
        }
    }

    private static void RememberLanguage(HttpContext context)
    {
        if (Ui.Supported(context.Request.Query[Ui.LanguageQuery]) is { } lang && context.Request.Cookies[Ui.LanguageCookie] != lang)
        {
            context.Response.Cookies.Append(Ui.LanguageCookie, lang, new CookieOptions
            {
                Path = "/",
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
        }
    }

    [LoggerMessage(EventId = 7100, Level = LogLevel.Error, Message = "Page failed with {ExceptionType} on {Path}")]
    private static partial void LogPageFailed(ILogger logger, string exceptionType, PathString path, Exception exception);
}
