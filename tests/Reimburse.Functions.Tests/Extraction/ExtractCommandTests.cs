using System.CommandLine;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Reimburse.Functions.Cli;
using Reimburse.LocalReader.Corpus;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Extraction;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly string _folder = RepoPaths.NewTempFolder("extract-cli");
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        _out.Dispose();
        _err.Dispose();
    }

    private string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private Task<int> Run(IConfiguration configuration, params string[] args)
    {
        var root = new RootCommand { ExtractCommand.Create(configuration, _out, _err) };
        return root.Parse(["extract", .. args]).InvokeAsync();
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static byte[] Csv(string fee) =>
        Encoding.UTF8.GetBytes($"カード名称,楽天カード\r\nカード番号,4111 1111 1111 1111\r\n\r\nご利用日,ご利用先,ご利用金額\r\n2024/05/10,カード再発行手数料,{fee}\r\n");

    [Fact]
    public async Task A_statement_prints_its_facts_and_exits_0()
    {
        var file = WriteFile("statement.csv", Csv("1100"));

        var code = await Run(Config(), file);

        Assert.Equal(ExtractCommand.Ok, code);
        var text = _out.ToString();
        Assert.Contains("¥1,100", text, StringComparison.Ordinal);
        Assert.Contains("rakuten", text, StringComparison.Ordinal);
        Assert.Contains("令和6年5月10日", text, StringComparison.Ordinal);
        Assert.DoesNotContain("4111 1111", text, StringComparison.Ordinal);
        Assert.Contains("1111", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_has_the_fee_in_yen_and_the_date_in_both_calendars()
    {
        var file = WriteFile("statement.csv", Csv("0"));

        var code = await Run(Config(), file, "--json", "--reader", "local");

        Assert.Equal(ExtractCommand.Ok, code);
        using var json = JsonDocument.Parse(_out.ToString());
        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("fee").GetProperty("yen").GetInt64());
        Assert.True(root.GetProperty("waived").GetBoolean());
        Assert.Equal("2024-05-10", root.GetProperty("statementDate").GetProperty("value").GetString());
        Assert.Equal("令和6年5月10日", root.GetProperty("statementDate").GetProperty("wareki").GetString());
        Assert.Equal("local", root.GetProperty("reader").GetString());
        Assert.DoesNotContain("4111 1111", root.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var code = await Run(Config(), Path.Combine(_folder, "nope.pdf"));

        Assert.Equal(ExtractCommand.FileError, code);
        Assert.Contains("no such file", _err.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GIF89a....", "GIF")]
    [InlineData("", "empty")]
    public async Task An_unsupported_or_empty_file_exits_3_with_a_reason(string content, string reason)
    {
        var file = WriteFile("upload.pdf", Encoding.ASCII.GetBytes(content));

        var code = await Run(Config(), file);

        Assert.Equal(ExtractCommand.DocumentRefused, code);
        Assert.Contains(reason, _err.ToString(), StringComparison.Ordinal);
        Assert.Empty(_out.ToString());
    }

    [Fact]
    public async Task A_password_protected_pdf_exits_3()
    {
        var file = WriteFile("locked.pdf", ImagePdfWriter.WritePasswordProtected());

        var code = await Run(Config(), file);

        Assert.Equal(ExtractCommand.DocumentRefused, code);
        Assert.Contains("password", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_limit_exits_3_without_being_read()
    {
        var file = WriteFile("big.csv", Csv("1100"));

        var code = await Run(Config(("LocalReader:MaxDocumentBytes", "10")), file);

        Assert.Equal(ExtractCommand.DocumentRefused, code);
        Assert.Contains("limit", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_azure_reader_without_an_endpoint_exits_4()
    {
        var file = WriteFile("statement.csv", Csv("1100"));

        var code = await Run(Config(), file, "--reader", "azure");

        Assert.Equal(ExtractCommand.ReaderFailed, code);
        Assert.Contains("DocumentIntelligence:Endpoint", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_reader_is_a_usage_error()
    {
        var file = WriteFile("statement.csv", Csv("1100"));

        var code = await Run(Config(), file, "--reader", "cloud");

        Assert.NotEqual(ExtractCommand.Ok, code);
        Assert.Empty(_out.ToString());
    }
}
