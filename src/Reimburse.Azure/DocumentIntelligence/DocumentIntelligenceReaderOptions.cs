using System.ComponentModel.DataAnnotations;

namespace Reimburse.Azure.DocumentIntelligence;

/// <summary>
/// Settings of the Document Intelligence statement reader (configuration section <see cref="SectionName"/>).
/// Configuring <see cref="Endpoint"/> switches the app from the local reader to Document Intelligence.
/// </summary>
public sealed class DocumentIntelligenceReaderOptions : IValidatableObject
{
    public const string SectionName = "DocumentIntelligence";

    /// <summary>The resource endpoint, e.g. https://my-resource.cognitiveservices.azure.com/.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>A resource key; leave empty to authenticate with the app's managed identity (recommended in Azure).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Client id of the user-assigned managed identity used without <see cref="ApiKey"/>; empty: the default credential
    /// chain.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The models tried when <see cref="Models"/> is empty: invoice fields and text, then layout text.</summary>
    public static IReadOnlyList<string> DefaultModels { get; } = ["prebuilt-invoice", "prebuilt-layout"];

    /// <summary>
    /// Models tried in order until one yields a confident fee: the first model's fields (invoice or receipt) and
    /// text are used; the next (layout) only when they did not hold the fee. Empty means <see cref="DefaultModels"/>.
    /// </summary>
    /// <remarks>Starts empty so that configuration binding replaces the defaults instead of appending to them.</remarks>
    public IList<string> Models { get; } = new List<string>();

    /// <summary>The models actually used.</summary>
    public IReadOnlyList<string> EffectiveModels => Models.Count > 0 ? Models.ToList() : DefaultModels;

    /// <summary>Fee confidence at or above which no further model is tried.</summary>
    [Range(0.0, 1.0)]
    public double ConfidentFee { get; set; } = 0.8;

    /// <summary>Longest time one analysis may take.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan AnalysisTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wait between polls when the service sends no Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest document sent (the S0 tier accepts 500 MB; statements are far smaller).</summary>
    [Range(1, 500L * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 20L * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)))
        {
            yield return new ValidationResult("DocumentIntelligence:Endpoint must be an absolute https URL.", [nameof(Endpoint)]);
        }
        if (Models.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("DocumentIntelligence:Models must not contain empty names.", [nameof(Models)]);
        }
    }
}
