using System.Net;
using System.Net.Http.Json;
using Reimburse.Functions.Pages.Portal;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Pages;

/// <summary>The bank and branch lookup the cardholder forms autocomplete from (the real Zengin code list).</summary>
public sealed class BankLookupTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ReimburseAppFactory _factory;
    private readonly HttpClient _client;

    public BankLookupTests(AzuriteFixture azurite)
    {
        _factory = new ReimburseAppFactory(azurite.ConnectionString);
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Theory]
    [InlineData("みずほ", "0001")]
    [InlineData("ﾐｽﾞﾎ", "0001")]
    [InlineData("ミズホ", "0001")]
    [InlineData("0005", "0005")]
    [InlineData("ゆうちょ", "9900")]
    public async Task Banks_are_found_by_name_reading_of_either_width_or_code(string query, string expectedCode)
    {
        var banks = await _client.GetFromJsonAsync<BankChoice[]>(new Uri("/api/banks?q=" + Uri.EscapeDataString(query), UriKind.Relative));

        Assert.Contains(banks!, b => b.Code == expectedCode);
    }

    [Fact]
    public async Task Branches_are_found_by_name_or_code_within_their_bank()
    {
        var byName = await _client.GetFromJsonAsync<BranchChoice[]>(new Uri("/api/banks/0001/branches?q=" + Uri.EscapeDataString("とうきょう"), UriKind.Relative));
        var byCode = await _client.GetFromJsonAsync<BranchChoice[]>(new Uri("/api/banks/0001/branches?q=001", UriKind.Relative));

        Assert.NotEmpty(byName!);
        Assert.All(byName!, b => Assert.StartsWith("トウキヨウ", b.Kana.Replace("ョ", "ヨ", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Contains(byCode!, b => b.Code == "001");
    }

    [Fact]
    public async Task Answers_are_cacheable_and_bad_queries_are_problems()
    {
        var ok = await _client.GetAsync(new Uri("/api/banks?q=" + Uri.EscapeDataString("みず") + "&limit=3", UriKind.Relative));
        var empty = await _client.GetAsync(new Uri("/api/banks?q=", UriKind.Relative));
        var tooMany = await _client.GetAsync(new Uri("/api/banks?q=a&limit=500", UriKind.Relative));
        var unknownBank = await _client.GetAsync(new Uri("/api/banks/0000/branches?q=a", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True((await ok.Content.ReadFromJsonAsync<BankChoice[]>())!.Length <= 3);
        Assert.Equal("public, max-age=3600", ok.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownBank.StatusCode);
        Assert.Equal("application/problem+json", unknownBank.Content.Headers.ContentType?.MediaType);
    }
}
