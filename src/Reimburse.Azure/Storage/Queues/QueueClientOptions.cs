using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage.Queues;

/// <summary>How message bodies travel in the queue's XML.</summary>
public enum QueueMessageEncoding
{
    /// <summary>Base64 of the body's bytes: what the Azure Functions queue trigger expects by default.</summary>
    Base64 = 0,

    /// <summary>The text as is (XML-escaped on the wire); it must consist of characters XML allows.</summary>
    None = 1,
}

/// <summary>Options for <see cref="QueueClient"/> (retry, transport, diagnostics, service version, message encoding).</summary>
/// <remarks>
/// Unlike the official client (default None), <see cref="MessageEncoding"/> defaults to <see cref="QueueMessageEncoding.Base64"/>
/// so that messages interoperate with the Functions queue trigger. Logging is allow-listed; pop receipts are redacted.
/// </remarks>
public sealed class QueueClientOptions : ClientOptions
{
    internal const ServiceVersion LatestVersion = ServiceVersion.V2024_08_04;

    /// <summary>Creates options for the given service version (the latest by default).</summary>
    public QueueClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version;
        StoragePipeline.AllowListLogging(Diagnostics);
    }

    /// <summary>The Queue service REST versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>2024-08-04.</summary>
        V2024_08_04 = 1,
    }

    /// <summary>The service version sent as <c>x-ms-version</c>.</summary>
    public ServiceVersion Version { get; }

    /// <summary>How message bodies are encoded (Base64 by default).</summary>
    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;

    internal string VersionString => Version switch
    {
        ServiceVersion.V2024_08_04 => "2024-08-04",
        _ => throw new ArgumentOutOfRangeException(nameof(Version), Version, "Unknown Queue service version."),
    };

    internal static HttpPipeline CreatePipeline(QueueClientOptions options, HttpPipelinePolicy authentication) =>
        StoragePipeline.Build(options, options.VersionString, authentication);
}
