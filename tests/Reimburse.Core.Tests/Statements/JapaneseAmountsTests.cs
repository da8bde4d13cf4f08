using Reimburse.Money;
using Reimburse.Statements;

namespace Reimburse.Core.Tests.Statements;

public class JapaneseAmountsTests
{
    [Theory]
    [InlineData("1,100円", 1100)]
    [InlineData("¥1,100", 1100)]
    [InlineData("￥１，１００", 1100)]
    [InlineData("1100 円", 1100)]
    [InlineData("¥1,100-", 1100)]
    [InlineData("１１００", 1100)]
    [InlineData("0円", 0)]
    [InlineData("\\1,100", 1100)]
    [InlineData("1.100円", 1100)]
    [InlineData("1, 100円", 1100)]
    [InlineData("1,.000", 1000)]
    [InlineData("12,345,678円", 12345678)]
    public void Printed_amounts_are_parsed(string text, long expected)
    {
        Assert.True(JapaneseAmounts.TryParse(text, out var amount), text);
        Assert.Equal(new Yen(expected), amount);
    }

    [Theory]
    [InlineData("1.5円")]
    [InlineData("1,100円 550円")]
    [InlineData("令和6年5月10日")]
    [InlineData("-1,100円")]
    [InlineData("abc")]
    public void Non_amounts_and_ambiguous_texts_are_rejected(string text)
    {
        Assert.False(JapaneseAmounts.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1,100円（税込）", TaxTreatment.Included)]
    [InlineData("1,100円(内税)", TaxTreatment.Included)]
    [InlineData("税込1,100円", TaxTreatment.Included)]
    [InlineData("1,000円+税", TaxTreatment.Excluded)]
    [InlineData("1,000円＋税", TaxTreatment.Excluded)]
    [InlineData("1,000円（税抜）", TaxTreatment.Excluded)]
    [InlineData("税別 1,000円", TaxTreatment.Excluded)]
    [InlineData("1,100円", TaxTreatment.Unstated)]
    public void Tax_notes_beside_an_amount_are_read(string text, TaxTreatment expected)
    {
        var found = JapaneseAmounts.FindAll(JapaneseAmounts.Prepare(text, ocr: false), includeBare: false);
        Assert.Equal(expected, Assert.Single(found).Tax);
    }

    [Fact]
    public void A_tax_amount_is_marked_as_tax()
    {
        var found = JapaneseAmounts.FindAll(JapaneseAmounts.Prepare("手数料 1,000円 消費税 100円", ocr: false), includeBare: false);
        Assert.Equal([false, true], found.Select(f => f.IsTaxPart).ToArray());
    }

    [Theory]
    [InlineData("カード番号 ****-****-****-1234")]
    [InlineData("お問い合わせ 0120-123-456")]
    [InlineData("2024/05/10 ご利用")]
    [InlineData("10% 還元")]
    [InlineData("3回払い")]
    public void Bare_numbers_that_are_not_money_are_ignored(string text)
    {
        Assert.Empty(JapaneseAmounts.FindAll(JapaneseAmounts.Prepare(text, ocr: false), includeBare: true));
    }

    [Theory]
    [InlineData("1,1O0円", "1,100円")]
    [InlineData("¥l,100", "¥1,100")]
    [InlineData("\\ 1,100", "¥ 1,100")]
    [InlineData("Oリコ", "Oリコ")]
    [InlineData("手数料 YO", "手数料 ¥0")]
    [InlineData("手数料 Y1,100", "手数料 ¥1,100")]

    [InlineData("ATM利用", "ATM利用")]
    [InlineData("YOKOHAMA 1,100", "YOKOHAMA 1,100")]
    [InlineData("手数料  I100 円", "手数料  1100 円")]
    [InlineData("\\l,650", "¥1,650")]
    [InlineData("ID 12", "ID 12")]
    [InlineData("手数料  2.200幅", "手数料  2.200円")]
    [InlineData("5月 田中", "5月 田中")]
    [InlineData("SONY 100", "SONY 100")]
    public void Ocr_letters_inside_numbers_are_repaired(string text, string expected)
    {
        Assert.Equal(expected, JapaneseAmounts.Prepare(text, ocr: true));
    }

    [Theory]
    [InlineData(2024, 5, 1, 1100)]
    [InlineData(2019, 9, 30, 1080)]
    [InlineData(2014, 3, 31, 1050)]
    public void Tax_is_added_at_the_rate_in_force_on_the_date(int y, int m, int d, long expected)
    {
        Assert.Equal(new Yen(expected), JapaneseAmounts.WithTax(new Yen(1000), new DateOnly(y, m, d)));
    }
}
