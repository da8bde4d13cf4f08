using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reimburse.Azure.DocumentIntelligence;
using Reimburse.Functions.Extraction;
using Reimburse.LocalReader;
using Reimburse.Statements;

namespace Reimburse.Functions.Tests.Extraction;

public class StatementReaderRegistrationTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddStatementReaders(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Without_document_intelligence_the_local_reader_is_the_reader()
    {
        using var provider = Build();
        var reader = provider.GetRequiredService<IStatementReader>();
        Assert.IsType<LocalStatementReader>(reader);
        Assert.Same(reader, provider.GetRequiredKeyedService<IStatementReader>("local"));
        Assert.Null(provider.GetKeyedService<IStatementReader>("azure"));
    }

    [Fact]
    public void A_configured_endpoint_switches_to_document_intelligence_with_csv_still_local()
    {
        using var provider = Build(("DocumentIntelligence:Endpoint", "https://reimburse.cognitiveservices.azure.com/"), ("DocumentIntelligence:ApiKey", "k"));
        var reader = provider.GetRequiredService<IStatementReader>();
        Assert.IsType<StatementReaderRouter>(reader);
        Assert.Equal("azure", reader.Name);
        Assert.IsType<DocumentIntelligenceStatementReader>(provider.GetRequiredKeyedService<IStatementReader>("azure"));
    }

    [Fact]
    public void Configured_models_replace_the_defaults()
    {
        using var provider = Build(("DocumentIntelligence:Endpoint", "https://reimburse.cognitiveservices.azure.com/"), ("DocumentIntelligence:Models:0", "prebuilt-receipt"));
        var options = provider.GetRequiredService<IOptions<DocumentIntelligenceReaderOptions>>().Value;
        Assert.Equal(["prebuilt-receipt"], options.EffectiveModels);
    }

    [Theory]
    [InlineData("DocumentIntelligence:Endpoint", "http://reimburse.cognitiveservices.azure.com/")]
    [InlineData("LocalReader:EnginePoolSize", "0")]
    [InlineData("LocalReader:MaxPages", "1000")]
    public void Invalid_settings_are_refused(string key, string value)
    {
        using var provider = Build((key, value));
        Assert.Throws<OptionsValidationException>(() =>
        {
            _ = provider.GetRequiredService<IOptions<LocalReaderOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<DocumentIntelligenceReaderOptions>>().Value;
        });
    }

    [Fact]
    public async Task The_router_sends_csv_to_the_local_reader_and_the_rest_to_the_primary()
    {
        var primary = new NamedReader("azure");
        var local = new NamedReader("local");
        var router = new StatementReaderRouter(primary, local);

        await router.ReadAsync(new StatementInput(System.Text.Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n"), "text/csv"), CancellationToken.None);
        await router.ReadAsync(new StatementInput(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "application/pdf"), CancellationToken.None);

        Assert.Equal(1, local.Calls);
        Assert.Equal(1, primary.Calls);
    }

    private sealed class NamedReader(string name) : IStatementReader
    {
        public int Calls { get; private set; }

        public string Name => name;

        public Task<StatementReadResult> ReadAsync(StatementInput input, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(StatementReadResult.Failed(ReadFailure.Empty, name));
        }
    }
}
