using Azure.Core;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>Options for <see cref="TableClient"/> and <see cref="TableServiceClient"/> (retry, transport, diagnostics, service version).</summary>
/// <remarks>
/// Logging is allow-listed: only harmless headers and query parameters (request ids, <c>x-ms-version</c>, <c>$top</c>, …)
/// are logged; the Authorization header, filters, keys and continuation tokens are redacted.
/// </remarks>
public sealed class TableClientOptions : ClientOptions
{
    internal const ServiceVersion LatestVersion = ServiceVersion.V2019_02_02;

    /// <summary>Creates options for the given service version (the latest by default).</summary>
    public TableClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version;
        StoragePipeline.AllowListLogging(Diagnostics);
    }

    /// <summary>The Table service REST versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>2019-02-02 (the latest Table service version; required for Entra ID authorization).</summary>
        V2019_02_02 = 1,
    }

    /// <summary>The service version sent as <c>x-ms-version</c>.</summary>
    public ServiceVersion Version { get; }

    internal string VersionString => Version switch
    {
        ServiceVersion.V2019_02_02 => "2019-02-02",
        _ => throw new ArgumentOutOfRangeException(nameof(Version), Version, "Unknown Table service version."),
    };
}
