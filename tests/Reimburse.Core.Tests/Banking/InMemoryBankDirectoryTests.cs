using Reimburse.Banking;

namespace Reimburse.Core.Tests.Banking;

public sealed class InMemoryBankDirectoryTests
{
    private static readonly InMemoryBankDirectory Directory = new(
        [
            new BankEntry("0005", "三菱ＵＦＪ", "ミツビシユーエフジエイ", "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ"),
            new BankEntry("0001", "みずほ", "ミズホ", "ﾐｽﾞﾎ"),
            new BankEntry("0009", "三井住友", "ミツイスミトモ", "ﾐﾂｲｽﾐﾄﾓ"),
            new BankEntry("0010", "りそな", "リソナ", "ﾘｿﾅ"),
        ],
        [
            new BranchEntry("0001", "004", "丸の内中央", "マルノウチチユウオウ", "ﾏﾙﾉｳﾁﾁﾕｳｵｳ"),
            new BranchEntry("0001", "001", "東京営業部", "トウキヨウ", "ﾄｳｷﾖｳ"),
            new BranchEntry("0001", "005", "丸之内", "マルノウチ", "ﾏﾙﾉｳﾁ"),
            new BranchEntry("0009", "001", "本店", "ホンテン", "ﾎﾝﾃﾝ"),
        ]);

    [Fact]
    public void Banks_and_branches_are_found_by_code()
    {
        Assert.Equal("みずほ", Directory.FindBank("0001")?.Name);
        Assert.Equal("東京営業部", Directory.FindBranch("0001", "001")?.Name);
        Assert.Equal("本店", Directory.FindBranch("0009", "001")?.Name);
        Assert.Null(Directory.FindBank("0002"));
        Assert.Null(Directory.FindBranch("0001", "002"));
        Assert.Null(Directory.FindBranch("0010", "001")); // a bank without branches
        Assert.Null(Directory.FindBranch("0002", "001"));
        Assert.Equal(4, Directory.BankCount);
        Assert.Equal(4, Directory.BranchCount);
    }

    [Theory]
    [InlineData("みず", "0001")]
    [InlineData("ミズ", "0001")]
    [InlineData("ﾐｽﾞ", "0001")]
    [InlineData("三菱UFJ", "0005")]
    [InlineData("三菱ｕｆｊ", "0005")]
    [InlineData("みつびしゆー", "0005")]
    [InlineData("ミツビシユ", "0005")]
    [InlineData("ミツビシュ", "0005")]
    [InlineData("000", "0001,0005,0009")]
    [InlineData("ミツ", "0005,0009")]
    [InlineData("", "0001,0005,0009")]
    [InlineData("ゆうちょ", "")]
    public void Banks_are_found_by_name_reading_or_code_prefix(string query, string codes)
    {
        var found = Directory.SearchBanks(query, limit: 3);

        Assert.Equal(codes, string.Join(',', found.Select(b => b.Code)));
    }

    [Theory]
    [InlineData("まるの", "004,005")]
    [InlineData("丸の", "004")]
    [InlineData("00", "001,004,005")]
    [InlineData("トウ", "001")]
    public void Branches_are_searched_within_their_bank(string query, string codes)
    {
        var found = Directory.SearchBranches("0001", query, limit: 10);

        Assert.Equal(codes, string.Join(',', found.Select(b => b.Code)));
    }

    [Fact]
    public void Branch_search_in_an_unknown_bank_finds_nothing()
    {
        Assert.Empty(Directory.SearchBranches("0002", "", limit: 10));
    }

    [Fact]
    public void A_duplicate_bank_or_a_branch_without_its_bank_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new InMemoryBankDirectory(
            [new BankEntry("0001", "a", "ア", "ｱ"), new BankEntry("0001", "b", "イ", "ｲ")], []));
        Assert.Throws<ArgumentException>(() => new InMemoryBankDirectory(
            [new BankEntry("0001", "a", "ア", "ｱ")], [new BranchEntry("0002", "001", "x", "エ", "ｴ")]));
        Assert.Throws<ArgumentException>(() => new InMemoryBankDirectory(
            [new BankEntry("0001", "a", "ア", "ｱ")], [new BranchEntry("0001", "001", "x", "エ", "ｴ"), new BranchEntry("0001", "001", "y", "オ", "ｵ")]));
    }
}
