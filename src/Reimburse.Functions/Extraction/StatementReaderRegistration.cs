using Azure;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Options;
using Reimburse.Azure.DocumentIntelligence;
using Reimburse.Functions.Hosting;
using Reimburse.LocalReader;
using Reimburse.Statements;

namespace Reimburse.Functions.Extraction;

/// <summary>Registers the statement readers: the local reader always, Document Intelligence when configured.</summary>
public static class StatementReaderRegistration
{
    /// <summary>Keyed-service name of the local reader.</summary>
    public const string Local = LocalStatementReader.ReaderName;

    /// <summary>Keyed-service name of the Document Intelligence reader.</summary>
    public const string Azure = DocumentIntelligenceStatementReader.ReaderName;

    /// <summary>
    /// Adds <see cref="IStatementReader"/>: Document Intelligence when <c>DocumentIntelligence:Endpoint</c> is set
    /// (CSV statements still go to the local reader, which the service cannot read), otherwise the local reader.
    /// Both are also registered as keyed services ("local", "azure") for callers that choose.
    /// </summary>
    /// <remarks>
    /// Without <c>DocumentIntelligence:ApiKey</c> the client authenticates with Entra ID — the managed identity of
    /// <c>DocumentIntelligence:ManagedIdentityClientId</c> in Azure (see <see cref="AzureCredentials"/>) — which is the
    /// recommended set-up: no key in configuration, local auth disabled on the resource.
    /// </remarks>
    public static IServiceCollection AddStatementReaders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<LocalReaderOptions>()
            .Bind(configuration.GetSection(LocalReaderOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DocumentIntelligenceReaderOptions>()
            .Bind(configuration.GetSection(DocumentIntelligenceReaderOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp => new LocalStatementReader(sp.GetRequiredService<IOptions<LocalReaderOptions>>().Value));
        services.AddKeyedSingleton<IStatementReader>(Local, (sp, _) => sp.GetRequiredService<LocalStatementReader>());

        var azureConfigured = IsDocumentIntelligenceConfigured(configuration);
        if (azureConfigured)
        {
            services.AddSingleton(sp => CreateClient(sp.GetRequiredService<IOptions<DocumentIntelligenceReaderOptions>>().Value));
            services.AddKeyedSingleton<IStatementReader>(Azure, (sp, _) => new DocumentIntelligenceStatementReader(
                sp.GetRequiredService<DocumentIntelligenceClient>(),
                sp.GetRequiredService<IOptions<DocumentIntelligenceReaderOptions>>().Value));
            services.AddSingleton<IStatementReader>(sp => new StatementReaderRouter(
                sp.GetRequiredKeyedService<IStatementReader>(Azure),
                sp.GetRequiredKeyedService<IStatementReader>(Local)));
        }
        else
        {
            services.AddSingleton<IStatementReader>(sp => sp.GetRequiredKeyedService<IStatementReader>(Local));
        }
        return services;
    }

    /// <summary>True when configuration names a Document Intelligence endpoint.</summary>
    public static bool IsDocumentIntelligenceConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[DocumentIntelligenceReaderOptions.SectionName + ":" + nameof(DocumentIntelligenceReaderOptions.Endpoint)]);
    }

    /// <summary>The client for <paramref name="options"/>; <paramref name="transport"/> replaces the HTTP transport (tests).</summary>
    internal static DocumentIntelligenceClient CreateClient(DocumentIntelligenceReaderOptions options, HttpPipelineTransport? transport = null)
    {
        var endpoint = options.Endpoint ?? throw new OptionsValidationException(
            DocumentIntelligenceReaderOptions.SectionName, typeof(DocumentIntelligenceReaderOptions), ["DocumentIntelligence:Endpoint is required."]);
        var clientOptions = new DocumentIntelligenceClientOptions
        {
            AnalysisTimeout = options.AnalysisTimeout,
            PollingInterval = options.PollingInterval,
        };
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }
        return string.IsNullOrEmpty(options.ApiKey)
            ? new DocumentIntelligenceClient(endpoint, AzureCredentials.Create(options.ManagedIdentityClientId), clientOptions)
            : new DocumentIntelligenceClient(endpoint, new AzureKeyCredential(options.ApiKey), clientOptions);
    }
}
