namespace Reimburse.Functions.Pages;

/// <summary>Response headers that keep the pages from being framed, sniffed, cached or scripted from elsewhere.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts and styles only from our own files (no inline script, no inline style), nothing from other origins,
    /// no plugins, no framing by anyone. <c>blob:</c> images and frames are the upload previews.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; media-src 'none'; object-src 'none'; frame-src 'self' blob:; child-src 'self' blob:; worker-src 'none'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response (set when the response starts, so error pages get them too).</summary>
    public static IApplicationBuilder UseReimburseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var response = ((HttpContext)state).Response;
                var headers = response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (((HttpContext)state).Request.IsHttps)
                {
                    headers.StrictTransportSecurity = "max-age=31536000";
                }
                // Pages, downloads and API answers carry personal data: never store them in a shared or back-button cache.
                // Only what says otherwise (the versioned page assets) is cached.
                if (string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
