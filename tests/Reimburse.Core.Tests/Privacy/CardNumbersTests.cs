using Reimburse.Privacy;

namespace Reimburse.Core.Tests.Privacy;

// Test PANs only (the card networks' published test numbers).
public sealed class CardNumbersTests
{
    [Theory]
    [InlineData("4111111111111111", "****-****-****-1111")]
    [InlineData("4111 1111 1111 1111", "****-****-****-1111")]
    [InlineData("4111-1111-1111-1111", "****-****-****-1111")]
    [InlineData("５５５５ ５５５５ ５５５５ ４４４４", "****-****-****-4444")]
    [InlineData("AMEX 3782 822463 10005 有効期限", "AMEX ****-****-****-0005 有効期限")]
    [InlineData("JCB 3530111333300000.", "JCB ****-****-****-0000.")]
    public void A_full_card_number_is_masked_to_its_last_four_digits(string text, string expected)
    {
        Assert.Equal(expected, CardNumbers.Redact(text, out var count));
        Assert.Equal(1, count);
    }

    [Theory]
    [InlineData("4111 1111 1111 1111 1,100円", "****-****-****-1111 1,100円")]
    [InlineData("4111111111111111 1100", "****-****-****-1111 1100")]
    [InlineData("カード番号 4111-1111-1111-1111 2024 再発行手数料", "カード番号 ****-****-****-1111 2024 再発行手数料")]
    [InlineData("1234 4111 1111 1111 1111", "1234 ****-****-****-1111")]
    public void A_card_number_followed_or_preceded_by_other_digits_is_still_masked(string text, string expected)
    {
        Assert.Equal(expected, CardNumbers.Redact(text, out var count));
        Assert.Equal(1, count);
    }

    [Fact]
    public void A_long_run_of_digits_without_separators_that_starts_with_a_card_number_is_masked()
    {
        var redacted = CardNumbers.Redact("41111111111111111100", out var count);
        Assert.Equal(1, count);
        Assert.DoesNotContain("4111111111111111", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("再発行手数料 1,100円")]
    [InlineData("電話 03-1234-5678 郵便番号 123-4567")]
    [InlineData("4111 1111 1111 1112")]
    [InlineData("お問い合わせ番号 1234567890123")]
    [InlineData("")]
    public void Text_without_a_card_number_is_left_alone(string text)
    {
        Assert.Same(text, CardNumbers.Redact(text, out var count));
        Assert.Equal(0, count);
        Assert.False(CardNumbers.ContainsCardNumber(text));
    }

    [Fact]
    public void Several_card_numbers_are_all_masked()
    {
        var redacted = CardNumbers.Redact("旧 4111111111111111 新 5555-5555-5555-4444", out var count);
        Assert.Equal(2, count);
        Assert.Equal("旧 ****-****-****-1111 新 ****-****-****-4444", redacted);
    }

    [Theory]
    [InlineData("**** **** **** 1234", "1234")]
    [InlineData("下4桁 ９８７６", "9876")]
    [InlineData("12", null)]
    public void Last4_reads_the_last_four_digits_of_any_form(string value, string? expected)
    {
        Assert.Equal(expected, CardNumbers.Last4(value));
    }
}
