using System.Globalization;

namespace Reimburse.Functions.Hosting;

/// <summary>Azure Functions custom-handler conventions.</summary>
public static class CustomHandlerHosting
{
    /// <summary>The port the Functions host tells a custom handler to listen on.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

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
}
