using System.Globalization;
using System.Net;

namespace Reimburse.Functions.Hosting;

/// <summary>Azure Functions custom-handler conventions.</summary>
public static class CustomHandlerHosting
{
    /// <summary>The port the Functions host tells a custom handler to listen on.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    // Headers that only a request from outside carries: the platform's front end adds them, and the host's HTTP
    // forwarding (enableForwardingHttpRequest) copies every header of the caller's request. X-Original-For/-Proto are
    // what the forwarded-headers middleware leaves when it has applied X-Forwarded-For/-Proto.
    private static readonly string[] OutsideHeaders =
    [
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Original-For", "X-Original-Proto", "X-Original-Host",
        "X-Original-URL", "X-ARR-LOG-ID", "X-ARR-SSL",
        "X-Client-IP", "Client-IP", "X-Waws-Unencoded-URL", "Disguised-Host", "Was-Default-Hostname",
        "X-MS-CLIENT-PRINCIPAL", "X-MS-CLIENT-PRINCIPAL-ID",
    ];

    /// <summary>True when the process runs under the Functions host (which sets <see cref="PortVariable"/>).</summary>
    public static bool UnderFunctionsHost => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PortVariable));

    /// <summary>When run by the Functions host, listen on loopback at the port it gives us.</summary>
    public static WebApplicationBuilder UseCustomHandlerPort(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var port = Environment.GetEnvironmentVariable(PortVariable);
        if (!string.IsNullOrEmpty(port) && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{p}");
        }
        return builder;
    }

    /// <summary>
    /// Whether <paramref name="request"/> is the host's own invocation of a function (posted to 127.0.0.1 at our port)
    /// rather than a caller's request that the catch-all HTTP function forwarded with its path unchanged: the
    /// forwarded copy keeps the caller's Host header (the app's public name) and the front end's headers.
    /// </summary>
    /// <remarks>
    /// Without this check anyone could POST /ClaimSteps through the public URL and run or flag claim steps of their choosing.
    /// </remarks>
    public static bool IsHostInvocation(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = request.Host.Host;
        var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        // After the forwarded-headers middleware applied X-Forwarded-For, the remote address is the caller's.
        var remote = request.HttpContext.Connection.RemoteIpAddress;
        return loopback && (remote is null || IPAddress.IsLoopback(remote)) && !OutsideHeaders.Any(request.Headers.ContainsKey);
    }

    /// <summary>
    /// Answers 404 to anything but the host's own invocations (see <see cref="IsHostInvocation"/>); the endpoint carries
    /// <see cref="HostInvocationOnly"/> so that an audit of the route table sees why it has no sign-in.
    /// </summary>
    public static TBuilder RequireHostInvocation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithMetadata(HostInvocationOnly.Instance)
            .AddEndpointFilter(async (context, next) =>
                IsHostInvocation(context.HttpContext.Request) ? await next(context).ConfigureAwait(false) : Results.NotFound());
}

/// <summary>Endpoint metadata: only the Functions host's own invocations reach it (no user sign-in by design).</summary>
public sealed class HostInvocationOnly
{
    private HostInvocationOnly()
    {
    }

    /// <summary>The marker.</summary>
    public static HostInvocationOnly Instance { get; } = new();
}
