using System.Text.Json;
using Reimburse.Banking;

namespace Reimburse.Core.Tests.Banking;

public class BankAccountTests
{
    [Fact]
    public void Valid_input_is_normalised()
    {
        Assert.True(BankAccount.TryCreate("０００５", "001", "普通", "１２３-４５６７", "やまだ　たろう", out var account, out var errors));
        Assert.Empty(errors);
        Assert.Equal("0005", account.BankCode);
        Assert.Equal("001", account.BranchCode);
        Assert.Equal(AccountType.Ordinary, account.Type);
        Assert.Equal("1234567", account.Number);
        Assert.Equal("ヤマダ タロウ", account.HolderKana);
        Assert.Equal("ﾔﾏﾀﾞ ﾀﾛｳ", account.HolderZengin);
    }

    [Theory]
    [InlineData("普通", AccountType.Ordinary)]
    [InlineData("ordinary", AccountType.Ordinary)]
    [InlineData("1", AccountType.Ordinary)]
    [InlineData("当座", AccountType.Current)]
    [InlineData("Current", AccountType.Current)]
    [InlineData("２", AccountType.Current)]
    [InlineData("貯蓄", AccountType.Savings)]
    [InlineData("savings", AccountType.Savings)]
    [InlineData("4", AccountType.Savings)]
    public void Account_type_is_read_in_japanese_english_or_as_a_code(string text, AccountType expected)
    {
        Assert.True(BankAccount.TryParseType(text, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("005", "001", "普通", "1234567", "ヤマダ タロウ", "bankCode")]
    [InlineData("00a5", "001", "普通", "1234567", "ヤマダ タロウ", "bankCode")]
    [InlineData("0005", "01", "普通", "1234567", "ヤマダ タロウ", "branchCode")]
    [InlineData("0005", "0011", "普通", "1234567", "ヤマダ タロウ", "branchCode")]
    [InlineData("0005", "001", "定期", "1234567", "ヤマダ タロウ", "type")]
    [InlineData("0005", "001", "3", "1234567", "ヤマダ タロウ", "type")]
    [InlineData("0005", "001", "普通", "123456", "ヤマダ タロウ", "number")]
    [InlineData("0005", "001", "普通", "12345678", "ヤマダ タロウ", "number")]
    [InlineData("0005", "001", "普通", "", "ヤマダ タロウ", "number")]
    [InlineData("0005", "001", "普通", "1234567", "山田 太郎", "holderKana")]
    [InlineData("0005", "001", "普通", "1234567", "", "holderKana")]
    [InlineData("0005", "001", "普通", "1234567", "()", "holderKana")]
    [InlineData("0005", "001", "普通", "1234567", "ヤマダ タロウ ヤマダ タロウ ヤマダ タロウ ヤマダ", "holderKana")]
    public void Invalid_field_is_named_with_a_message_in_both_languages(
        string bank, string branch, string type, string number, string holder, string field)
    {
        Assert.False(BankAccount.TryCreate(bank, branch, type, number, holder, out var account, out var errors));
        Assert.Null(account);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message.Ja));
        Assert.False(string.IsNullOrWhiteSpace(error.Message.En));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        Assert.False(BankAccount.TryCreate(null, null, null, null, null, out _, out var errors));
        Assert.Equal(["bankCode", "branchCode", "number", "type", "holderKana"], errors.Select(e => e.Field));
    }

    [Fact]
    public void The_constructor_refuses_an_invalid_account()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BankAccount("1", "001", AccountType.Ordinary, "1234567", "ヤマダ"));
        Assert.Contains("bank code", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new BankAccount("0005", "001", (AccountType)3, "1234567", "ヤマダ"));
    }

    [Fact]
    public void The_masked_form_hides_the_account_number_and_the_name()
    {
        var account = new BankAccount("0005", "001", AccountType.Ordinary, "1234567", "ヤマダ タロウ");
        Assert.Equal("0005-001 普通 ****567", account.Masked);
        Assert.Equal(account.Masked, account.ToString());
        Assert.DoesNotContain("1234567", account.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_round_trip_keeps_the_account_and_revalidates_it()
    {
        var account = new BankAccount("0005", "001", AccountType.Savings, "1234567", "ヤマダ タロウ");
        var json = JsonSerializer.Serialize(account);
        Assert.Equal(account, JsonSerializer.Deserialize<BankAccount>(json));
        var tampered = json.Replace("1234567", "12", StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => JsonSerializer.Deserialize<BankAccount>(tampered));
    }
}
