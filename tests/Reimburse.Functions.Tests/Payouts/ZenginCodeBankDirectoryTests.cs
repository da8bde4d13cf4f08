using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Reimburse.Banking;
using Reimburse.Functions.Payouts;
using Reimburse.Payouts;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Payouts;

/// <summary>The real zengin-code list, loaded once for all tests in the class.</summary>
public sealed class ZenginCodeFixture
{
    public ZenginCodeFixture()
    {
        DataPath = Path.Combine(RepoPaths.Root, ZenginCodeBankDirectory.RelativeDataPath);
        Directory = ZenginCodeBankDirectory.Load(DataPath);
    }

    public string DataPath { get; }

    public ZenginCodeBankDirectory Directory { get; }
}

public sealed class ZenginCodeBankDirectoryTests(ZenginCodeFixture fixture) : IClassFixture<ZenginCodeFixture>
{
    private readonly ZenginCodeBankDirectory _banks = fixture.Directory;

    [Fact]
    public void Mizuho_0001_and_its_Tokyo_head_office_branch_001_are_in_the_list()
    {
        var bank = _banks.FindBank("0001");
        var branch = _banks.FindBranch("0001", "001");

        Assert.Equal(new BankEntry("0001", "みずほ", "ミズホ", "ﾐｽﾞﾎ"), bank);
        Assert.NotNull(branch);
        Assert.Equal("東京営業部", branch.Name);
        Assert.Equal("ﾄｳｷﾖｳ", branch.ZenginKana);
    }

    [Fact]
    public void Made_up_codes_are_not_in_the_list()
    {
        Assert.Null(_banks.FindBank("0002"));
        Assert.Null(_banks.FindBank("9998"));
        Assert.Null(_banks.FindBank("１２３４"));
        Assert.Null(_banks.FindBranch("0001", "000"));
        Assert.Null(_banks.FindBranch("0002", "001"));
    }

    [Fact]
    public void The_whole_list_is_loaded_with_every_reading_in_Zengin_kana()
    {
        // The pinned 1.0.0-p20260824 has 1,146 banks and 28,944 branches; a newer list only grows a little.
        Assert.InRange(_banks.BankCount, 1_000, 2_000);
        Assert.InRange(_banks.BranchCount, 25_000, 40_000);
        Assert.Equal(0, _banks.NamesWithoutZenginKana);
        Assert.Equal("1.0.0-p20260824", _banks.Version);
    }

    [Fact]
    public void MUFG_full_width_Latin_and_long_vowel_become_half_width_in_its_Zengin_name()
    {
        var bank = _banks.FindBank("0005");

        Assert.NotNull(bank);
        Assert.Equal("三菱ＵＦＪ", bank.Name);
        Assert.Equal("ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ", bank.ZenginKana);
    }

    [Theory]
    [InlineData("みずほ", "0001")]
    [InlineData("ﾐｽﾞﾎ", "0001")]
    [InlineData("三菱UFJ", "0005")]
    [InlineData("ゆうちょ", "9900")]
    public void The_UI_lookup_finds_banks_by_name_or_reading(string query, string code)
    {
        Assert.Contains(_banks.SearchBanks(query, limit: 20), b => b.Code == code);
    }

    [Fact]
    public void The_UI_lookup_finds_branches_by_reading_within_a_bank()
    {
        var found = _banks.SearchBranches("0001", "とうきょう", limit: 5);

        Assert.Contains(found, b => b.Code == "001");
        Assert.All(found, b => Assert.StartsWith("ﾄｳｷﾖｳ", b.ZenginKana, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_reading_in_the_list_fits_a_Zengin_record()
    {
        // Names longer than 15 are cut by the writer; what matters is that every character is allowed.
        var banks = _banks.SearchBanks("", limit: 10_000);
        Assert.Equal(_banks.BankCount, banks.Count);
        foreach (var bank in banks)
        {
            Assert.True(ZenginKana.IndexOfInvalid(bank.ZenginKana) < 0, bank.Code);
            foreach (var branch in _banks.SearchBranches(bank.Code, "", limit: 10_000))
            {
                Assert.True(ZenginKana.IndexOfInvalid(branch.ZenginKana) < 0, bank.Code + "-" + branch.Code);
            }
        }
    }

    [Fact]
    public void The_build_puts_the_list_beside_the_app_so_the_default_lookup_needs_no_repository()
    {
        var path = ZenginCodeBankDirectory.Locate(null, out var searched);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, ZenginCodeBankDirectory.RelativeDataPath), path);
        Assert.Equal(path, searched[0]);
    }

    [Fact]
    public void A_configured_path_that_does_not_exist_is_not_replaced_by_a_default()
    {
        var missing = Path.Combine(RepoPaths.NewTempFolder("zengin"), "zengin-data.js");

        Assert.Null(ZenginCodeBankDirectory.Locate(missing, out var searched));
        Assert.Equal([missing], searched);
    }

    [Theory]
    [InlineData("module.exports = ;", "does not hold an object literal")]
    [InlineData("module.exports = { \"0001\": { \"code\": \"0001\", \"name\": \"a\", \"kana\": \"ア\" };", "not valid JSON")]
    [InlineData("module.exports = { \"0001\": { \"code\": \"0001\", \"name\": 'a' } };", "not valid JSON")]
    [InlineData("module.exports = { \"001\": { \"code\": \"001\", \"name\": \"a\", \"kana\": \"ア\", \"branches\": {} } };", "'001' is not a 4-digit code")]
    [InlineData("module.exports = { \"0001\": { \"code\": \"0009\", \"name\": \"a\", \"kana\": \"ア\", \"branches\": {} } };", "says its code is '0009'")]
    [InlineData("module.exports = { \"0001\": { \"code\": \"0001\", \"name\": \"a\", \"branches\": {} } };", "has no name or kana")]
    [InlineData("module.exports = { \"0001\": { \"code\": \"0001\", \"name\": \"a\", \"kana\": \"ア\", \"branches\": { \"01\": { \"name\": \"b\", \"kana\": \"イ\" } } } };", "'01' is not a 3-digit code")]
    public void A_broken_data_file_is_refused_with_its_path_and_the_problem(string content, string problem)
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("zengin"), "zengin-data.js");
        File.WriteAllText(path, content);

        var error = Assert.Throws<InvalidDataException>(() => ZenginCodeBankDirectory.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_valid_file_loads_and_ignores_unknown_properties()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("zengin"), "zengin-data.js");
        File.WriteAllText(path, "module.exports = {\n \"0001\": { \"code\": \"0001\", \"name\": \"みずほ\", \"kana\": \"ミズホ\", \"hira\": \"みずほ\", \"roma\": \"mizuho\", \"extra\": [1, {\"a\": 2}],\n  \"branches\": { \"001\": { \"code\": \"001\", \"name\": \"東京営業部\", \"kana\": \"トウキヨウ\" } } }\n};\n");

        var banks = ZenginCodeBankDirectory.Load(path);

        Assert.Equal(1, banks.BankCount);
        Assert.Equal("ﾄｳｷﾖｳ", banks.FindBranch("0001", "001")?.ZenginKana);
        Assert.Null(banks.Version);
    }

    [Fact]
    public async Task The_app_refuses_to_start_without_the_list_and_says_what_to_do()
    {
        var missing = Path.Combine(RepoPaths.NewTempFolder("zengin"), "zengin-data.js");
        using var host = BuildHost(missing);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("zengin-code", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("Banking:ZenginDataPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_loads_the_list_while_it_starts()
    {
        using var host = BuildHost(fixture.DataPath);

        await host.StartAsync();
        try
        {
            var banks = host.Services.GetRequiredService<IBankDirectory>();
            Assert.NotNull(banks.FindBank("0001"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static ZenginRequesterOptions PayingAccount() => ZenginRequesterOptions.Development();

    [Fact]
    public void The_paying_account_from_configuration_becomes_the_Zengin_header_with_names_from_the_list()
    {
        var requester = PayingAccount().ToRequester(_banks);

        Assert.Equal(new ZenginRequester("1234567890", "ｶ)ﾘﾝﾍﾟｲ", "0001", "ﾐｽﾞﾎ", "001", "ﾄｳｷﾖｳ", AccountType.Current, "1234567"), requester);
    }

    [Fact]
    public void A_paying_account_with_a_kanji_name_or_an_unknown_branch_is_refused_naming_the_setting()
    {
        var kanji = PayingAccount();
        kanji.Name = "株式会社リンペイ山田";
        var branch = PayingAccount();
        branch.BranchCode = "000";

        Assert.Contains("Payouts:Requester:Name", Assert.Throws<InvalidOperationException>(() => kanji.ToRequester(_banks)).Message, StringComparison.Ordinal);
        Assert.Contains("Payouts:Requester:BranchCode", Assert.Throws<InvalidOperationException>(() => branch.ToRequester(_banks)).Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(string dataPath)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Banking:ZenginDataPath"] = dataPath });
        builder.Services.AddReimburseBanking(builder.Configuration);
        return builder.Build();
    }
}
