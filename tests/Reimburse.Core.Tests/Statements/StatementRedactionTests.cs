using Reimburse.Privacy;
using Reimburse.Statements;

namespace Reimburse.Core.Tests.Statements;

public class StatementRedactionTests
{
    [Theory]
    [InlineData("セキュリティコード 123", "セキュリティコード ***")]
    [InlineData("CVV: 123", "CVV: ***")]
    [InlineData("cvc2 1234", "cvc2 ****")]
    [InlineData("セキュリティコード：１２３", "セキュリティコード：***")]
    [InlineData("裏面3桁の番号 987", "裏面3桁の番号 ***")]
    public void Security_codes_are_masked(string text, string expected)
    {
        Assert.Equal(expected, StatementRedaction.Redact(text, out var counts));
        Assert.Equal(1, counts.SecurityCodes);
    }

    [Fact]
    public void Luhn_valid_card_numbers_are_masked_to_the_last_four()
    {
        var text = StatementRedaction.Redact("カード番号 4111 1111 1111 1111 有効期限 12/27", out var counts);
        Assert.Equal("カード番号 ****-****-****-1111 有効期限 12/27", text);
        Assert.Equal(1, counts.CardNumbers);
    }

    [Theory]
    [InlineData("4111 1111 1111 1112")] // check digit misread
    [InlineData("4111-1111-1111-11l1")] // 1 read as l
    [InlineData("4111111111111112")]
    [InlineData("３７８２ ８２２４６３ １０００６")]
    public void Card_shaped_numbers_that_fail_luhn_are_masked_too(string number)
    {
        var text = StatementRedaction.Redact("カード番号 " + number, out var counts);
        Assert.Equal(1, counts.CardNumbers);
        Assert.StartsWith("カード番号 ****-****-****-", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("カード番号 ****-****-****-1234")]
    [InlineData("4980-12**-****-1234")]
    [InlineData("ご請求金額 12,345円 2024/05/10 0120-123-456")]
    public void Masked_numbers_amounts_dates_and_phone_numbers_are_left_alone(string text)
    {
        Assert.Equal(text, StatementRedaction.Redact(text, out var counts));
        Assert.Equal(default, counts);
    }

    [Fact]
    public void Redacted_text_never_contains_a_card_number()
    {
        var text = StatementRedaction.Redact("5555 5555 5555 4444 / ５５５５５５５５５５５５４４４４ / 378282246310005");
        Assert.False(CardNumbers.ContainsCardNumber(text));
    }
}
