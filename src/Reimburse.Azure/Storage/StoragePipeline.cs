using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage;

/// <summary>Builds the Azure.Core pipeline shared by the storage clients: version header, auth, retries, logging.</summary>
internal static class StoragePipeline
{
    /// <summary>The token scope for Azure Storage data-plane access with Entra ID (managed identity).</summary>
    public const string TokenScope = "https://storage.azure.com/.default";

    // Logging is allow-listed: Azure.Core redacts every header and query parameter not listed here, so the
    // Authorization header (Shared Key signature or bearer token) and a SAS 'sig' never reach the logs.
    // Continuation tokens, markers, prefixes, filters and pop receipts stay redacted: they can carry keys or
    // capabilities.
    private static readonly string[] LoggedHeaders =
    [
        "x-ms-version", "x-ms-date", "x-ms-error-code", "x-ms-blob-type", "x-ms-approximate-messages-count",
        "x-ms-time-next-visible", "x-ms-request-server-encrypted", "x-ms-creation-time", "x-ms-lease-state",
        "DataServiceVersion", "MaxDataServiceVersion", "Prefer", "Preference-Applied", "Content-Range", "Accept-Ranges",
    ];

    private static readonly string[] LoggedQueryParameters =
    [
        "comp", "restype", "$top", "$format", "maxresults", "include", "numofmessages", "visibilitytimeout",
        "messagettl", "peekonly", "timeout",
    ];

    /// <summary>Adds the storage allow-list to the options' logging settings (called from each options constructor).</summary>
    public static void AllowListLogging(DiagnosticsOptions diagnostics)
    {
        foreach (var header in LoggedHeaders)
        {
            if (!diagnostics.LoggedHeaderNames.Contains(header))
            {
                diagnostics.LoggedHeaderNames.Add(header);
            }
        }
        foreach (var parameter in LoggedQueryParameters)
        {
            if (!diagnostics.LoggedQueryParameters.Contains(parameter))
            {
                diagnostics.LoggedQueryParameters.Add(parameter);
            }
        }
    }

    public static HttpPipeline Build(ClientOptions options, string serviceVersion, HttpPipelinePolicy authentication) =>
        HttpPipelineBuilder.Build(
            options,
            perCallPolicies: [new VersionPolicy(serviceVersion)],
            perRetryPolicies: [authentication],
            responseClassifier: null);

    public static HttpPipelinePolicy SharedKey(StorageSharedKeyCredential credential, StorageService service)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new SharedKeyPolicy(credential, service);
    }

    public static HttpPipelinePolicy Bearer(TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new BearerTokenAuthenticationPolicy(credential, TokenScope);
    }

    private sealed class VersionPolicy(string version) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue("x-ms-version", version);
    }
}
