using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.DocumentIntelligence;

/// <summary>
/// Azure AI Document Intelligence (REST API 2024-11-30) over Azure.Core's <see cref="HttpPipeline"/>: analyze a
/// document with a prebuilt model (prebuilt-receipt, prebuilt-invoice, prebuilt-layout) and wait for the result.
/// Shaped like the official client so it can replace this one later.
/// </summary>
/// <remarks>
/// Analysis is a long-running operation: POST …/documentModels/{model}:analyze answers 202 with an
/// Operation-Location, which is polled (honouring Retry-After) until succeeded or failed. 429 and 503 are retried
/// by the pipeline's retry policy, which honours Retry-After too. HTTP errors surface as
/// <see cref="RequestFailedException"/>; an analysis the service reports as failed as
/// <see cref="DocumentAnalysisFailedException"/>; one that outlives <see cref="DocumentIntelligenceClientOptions.AnalysisTimeout"/>
/// as <see cref="TimeoutException"/>.
/// </remarks>
public class DocumentIntelligenceClient
{
    /// <summary>The Entra ID scope for Cognitive Services.</summary>
    public const string DefaultScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>The header that carries a resource key.</summary>
    public const string KeyHeader = "Ocp-Apim-Subscription-Key";

    private readonly Uri _endpoint;
    private readonly DocumentIntelligenceClientOptions _options;

    /// <summary>For mocking.</summary>
    protected DocumentIntelligenceClient()
    {
        _endpoint = new Uri("https://localhost/");
        _options = new DocumentIntelligenceClientOptions();
        Pipeline = HttpPipelineBuilder.Build(_options);
    }

    /// <summary>A client that authenticates with a resource key.</summary>
    public DocumentIntelligenceClient(Uri endpoint, AzureKeyCredential credential, DocumentIntelligenceClientOptions? options = null)
        : this(endpoint, new KeyPolicy(credential ?? throw new ArgumentNullException(nameof(credential))), options)
    {
    }

    /// <summary>A client that authenticates with Entra ID (managed identity in Azure).</summary>
    public DocumentIntelligenceClient(Uri endpoint, TokenCredential credential, DocumentIntelligenceClientOptions? options = null)
        : this(endpoint, new BearerTokenAuthenticationPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), DefaultScope), options)
    {
    }

    private DocumentIntelligenceClient(Uri endpoint, HttpPipelinePolicy authentication, DocumentIntelligenceClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)
        {
            // The key or token travels with every request: never in clear text off this machine.
            throw new ArgumentException("The Document Intelligence endpoint must use https.", nameof(endpoint));
        }
        _endpoint = endpoint;
        _options = options ?? new DocumentIntelligenceClientOptions();
        _options.Diagnostics.LoggedHeaderNames.Add("Operation-Location");
        _options.Diagnostics.LoggedHeaderNames.Add("apim-request-id");
        _options.Diagnostics.LoggedHeaderNames.Add("Retry-After");
        _options.Diagnostics.LoggedQueryParameters.Add("api-version");
        Pipeline = HttpPipelineBuilder.Build(_options, [authentication], [], new ResponseClassifier());
    }

    /// <summary>The pipeline requests go through.</summary>
    public virtual HttpPipeline Pipeline { get; }

    /// <summary>Analyzes <paramref name="document"/> with <paramref name="modelId"/> and waits for the result.</summary>
    /// <param name="modelId">prebuilt-receipt, prebuilt-invoice, prebuilt-layout or a custom model id.</param>
    /// <param name="document">The document's bytes (PDF, JPEG, PNG, TIFF, HEIF …).</param>
    /// <param name="cancellationToken">Cancels the wait (the service-side operation runs on).</param>
    public virtual async Task<AnalyzeResult> AnalyzeDocumentAsync(string modelId, BinaryData document, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentNullException.ThrowIfNull(document);
        using var timeout = new CancellationTokenSource(_options.AnalysisTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var operation = await StartAsync(modelId, document, linked.Token);
            return await WaitAsync(operation, linked.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"The {modelId} analysis did not finish within {_options.AnalysisTimeout.TotalSeconds:F0} s."),
                ex);
        }
    }

    private async Task<Uri> StartAsync(string modelId, BinaryData document, CancellationToken cancellationToken)
    {
        using var message = Pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(_endpoint);
        request.Uri.AppendPath("/documentintelligence/documentModels/", escape: false);
        request.Uri.AppendPath(modelId, escape: true);
        request.Uri.AppendPath(":analyze", escape: false);
        request.Uri.AppendQuery("api-version", _options.Version);
        // Offsets in UTF-16 code units index .NET strings directly.
        request.Uri.AppendQuery("stringIndexType", "utf16CodeUnit");
        if (_options.Locale is { } locale)
        {
            request.Uri.AppendQuery("locale", locale);
        }
        request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        request.Headers.Add(HttpHeader.Names.ContentType, "application/octet-stream");
        request.Content = RequestContent.Create(document);
        message.ResponseClassifier = new StatusCodeClassifier([202]);
        await Pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (response.Status != 202)
        {
            throw new RequestFailedException(response);
        }
        if (!response.Headers.TryGetValue("Operation-Location", out var location) || !Uri.TryCreate(location, UriKind.Absolute, out var operation))
        {
            throw new RequestFailedException(response.Status, "The service accepted the document but sent no Operation-Location.");
        }
        // The key goes to whatever host we poll: only follow the endpoint's own host.
        if (!string.Equals(operation.Host, _endpoint.Host, StringComparison.OrdinalIgnoreCase) || operation.Scheme != _endpoint.Scheme || operation.Port != _endpoint.Port)
        {
            throw new RequestFailedException(response.Status, "The Operation-Location points away from the Document Intelligence endpoint: " + operation.GetLeftPart(UriPartial.Authority));
        }
        return operation;
    }

    private async Task<AnalyzeResult> WaitAsync(Uri operation, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.Zero;
        while (true)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }
            using var message = Pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(operation);
            message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json");
            message.ResponseClassifier = new StatusCodeClassifier([200]);
            await Pipeline.SendAsync(message, cancellationToken);
            var response = message.Response;
            if (response.Status != 200)
            {
                throw new RequestFailedException(response);
            }
            var state = JsonSerializer.Deserialize<AnalyzeOperation>(response.Content.ToMemory().Span, AnalyzeResult.Json)
                ?? throw new RequestFailedException(response.Status, "The analyze operation returned an empty body.");
            switch (state.Status)
            {
                case "succeeded":
                    return state.AnalyzeResult ?? throw new RequestFailedException(response.Status, "The analysis succeeded without a result.");
                case "failed" or "canceled" or "skipped":
                    throw new DocumentAnalysisFailedException(
                        state.Status,
                        state.Error?.Code,
                        state.Error?.Innererror?.Code,
                        $"The analysis {state.Status}: {state.Error?.Code ?? "no error code"}: {state.Error?.Message ?? "no message"}"
                        + (state.Error?.Innererror is { } inner ? $" ({inner.Code}: {inner.Message})" : string.Empty));
                default:
                    delay = RetryAfter(response) ?? _options.PollingInterval;
                    break;
            }
        }
    }

    /// <summary>The wait a response asks for: retry-after-ms, x-ms-retry-after-ms, or Retry-After (seconds or an HTTP date).</summary>
    internal static TimeSpan? RetryAfter(Response response)
    {
        foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
        {
            if (response.Headers.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
            {
                return TimeSpan.FromMilliseconds(value);
            }
        }
        if (response.Headers.TryGetValue("Retry-After", out var retryAfter))
        {
            if (int.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
        return null;
    }

    /// <summary>Sets the resource key header on every request.</summary>
    private sealed class KeyPolicy(AzureKeyCredential credential) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue(KeyHeader, credential.Key);
    }
}
