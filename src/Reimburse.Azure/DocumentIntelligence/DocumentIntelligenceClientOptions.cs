using Azure.Core;

namespace Reimburse.Azure.DocumentIntelligence;

/// <summary>Options for <see cref="DocumentIntelligenceClient"/>: service version, polling and the overall analysis time limit.</summary>
public sealed class DocumentIntelligenceClientOptions : ClientOptions
{
    /// <summary>The REST API versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>2024-11-30 (GA, v4.0).</summary>
        V2024_11_30 = 1,
    }

    public const ServiceVersion LatestVersion = ServiceVersion.V2024_11_30;

    public DocumentIntelligenceClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version switch
        {
            ServiceVersion.V2024_11_30 => "2024-11-30",
            _ => throw new NotSupportedException($"Service version {version} is not supported."),
        };
        // 429 and 503 are retried by the pipeline, honouring Retry-After; the service throttles bursts of uploads.
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromSeconds(1);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
    }

    /// <summary>The api-version query value.</summary>
    public string Version { get; }

    /// <summary>Wait between polls of the analyze operation when the service sends no Retry-After.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest time one analysis (upload, queueing, polling) may take before it is reported as timed out.</summary>
    public TimeSpan AnalysisTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Locale hint for OCR (ja-JP for Japanese statements); null lets the service detect it.</summary>
    public string? Locale { get; set; } = "ja-JP";
}
