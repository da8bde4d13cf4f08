using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage.Blobs;

/// <summary>Options for the blob clients (retry, transport, diagnostics, service version).</summary>
/// <remarks>Logging is allow-listed; the Authorization header, a SAS signature, prefixes and markers are redacted.</remarks>
public sealed class BlobClientOptions : ClientOptions
{
    internal const ServiceVersion LatestVersion = ServiceVersion.V2024_08_04;

    /// <summary>Creates options for the given service version (the latest by default).</summary>
    public BlobClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version;
        StoragePipeline.AllowListLogging(Diagnostics);
    }

    /// <summary>The Blob service REST versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>2024-08-04.</summary>
        V2024_08_04 = 1,
    }

    /// <summary>The service version sent as <c>x-ms-version</c>.</summary>
    public ServiceVersion Version { get; }

    internal string VersionString => Version switch
    {
        ServiceVersion.V2024_08_04 => "2024-08-04",
        _ => throw new ArgumentOutOfRangeException(nameof(Version), Version, "Unknown Blob service version."),
    };


    internal static HttpPipeline CreatePipeline(BlobClientOptions? options, HttpPipelinePolicy authentication)
    {
        options ??= new BlobClientOptions();
        return StoragePipeline.Build(options, options.VersionString, authentication);
    }
}
