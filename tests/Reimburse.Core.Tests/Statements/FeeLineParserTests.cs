using Reimburse.Money;
using Reimburse.Statements;

namespace Reimburse.Core.Tests.Statements;

public class FeeLineParserTests
{
    private static FeeLineResult Parse(TextOrigin origin, params string[] lines) =>
        FeeLineParser.Parse(lines.Select(l => new StatementLine(l)).ToList(), origin);

    private static FeeFinding Fee(TextOrigin origin, params string[] lines) =>
        Parse(origin, lines).Fee ?? throw new Xunit.Sdk.XunitException("no fee found in: " + string.Join(" / ", lines));

    [Theory]
    [InlineData("カード再発行手数料 1,100円")]
    [InlineData("再発行手数料　￥１，１００")]
    [InlineData("再発行料 ¥1,100")]
    [InlineData("再発行に伴う手数料 1100 円（税込）")]
    [InlineData("カード再発行に係る手数料として1,100円をご請求いたします。")]
    [InlineData("発行手数料 1,100円")]
    [InlineData("2024/05/10  カード再発行手数料  1,100")]
    [InlineData("再発行手数料 1,000円+税")]
    [InlineData("再発行手数料 1,000円（税抜）")]
    [InlineData("カード再発行手数料 1,000円 消費税 100円")]
    [InlineData("再発行手数料 1,100円（うち消費税100円）")]
    public void Issuers_fee_lines_give_1100_yen(string line)
    {
        var fee = Fee(TextOrigin.DigitalText, line);
        Assert.Equal(new Yen(1100), fee.Amount);
        Assert.False(fee.Waived);
    }

    [Fact]
    public void A_reissue_heading_with_fee_and_tax_below_gives_their_sum()
    {
        var fee = Fee(TextOrigin.DigitalText, "カード再発行", "手数料 1,000円 消費税 100円");
        Assert.Equal(new Yen(1100), fee.Amount);
    }

    [Fact]
    public void A_bare_fee_without_a_reissue_heading_is_not_the_reissue_fee()
    {
        Assert.Null(Parse(TextOrigin.DigitalText, "ご利用明細", "手数料 1,000円 消費税 100円").Fee);
    }

    [Fact]
    public void Fee_and_tax_on_separate_lines_are_added()
    {
        var fee = Fee(TextOrigin.DigitalText, "カード再発行手数料　　1,000円", "消費税　　　　　　　　100円", "合計　　　　　　　　1,100円");
        Assert.Equal(new Yen(1100), fee.Amount);
        Assert.True(fee.Confidence >= 0.9);
    }

    [Theory]
    [InlineData("カード再発行手数料 無料")]
    [InlineData("再発行手数料：0円")]
    [InlineData("再発行手数料 ¥0")]
    [InlineData("今回のカード再発行に伴う手数料は免除いたします。")]
    [InlineData("再発行手数料は、通常1,100円（税込）のところ、今回は無料です。")]
    [InlineData("なお、再発行手数料は当社が負担いたします。")]
    [InlineData("2024/05/10  カード再発行手数料  0  1回払い")]
    [InlineData("再発行手数料はいただきません。")]
    public void Waived_fees_are_recognised(string line)
    {
        var fee = Fee(TextOrigin.DigitalText, line);
        Assert.True(fee.Waived);
        Assert.Equal(Yen.Zero, fee.Amount);
        Assert.True(fee.Confidence >= 0.9, fee.Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_procedure_that_is_not_needed_is_not_a_waived_fee()
    {
        var fee = Fee(TextOrigin.DigitalText, "お手続きは不要です。再発行手数料 1,100円（税込）をご請求します。");
        Assert.False(fee.Waived);
        Assert.Equal(new Yen(1100), fee.Amount);
    }

    [Theory]
    [InlineData("年会費 1,375円")]
    [InlineData("ATM利用手数料 220円")]
    [InlineData("ご利用金額 5,400円")]
    [InlineData("キャッシング手数料 330円")]
    [InlineData("カード再発行のお知らせ")]
    [InlineData("合計 1,100円")]
    [InlineData("再発行日 令和5年2月21晶")]
    [InlineData("カード再発行 21")]
    public void Lines_that_are_not_the_reissue_fee_give_no_fee(string line)
    {
        Assert.Null(Parse(TextOrigin.DigitalText, line).Fee);
    }

    [Fact]
    public void Each_amount_belongs_to_the_label_before_it()
    {
        var fee = Fee(TextOrigin.DigitalText, "年会費 1,375円   カード再発行手数料 550円   ATM利用手数料 220円");
        Assert.Equal(new Yen(550), fee.Amount);
    }

    [Fact]
    public void An_amount_on_the_line_after_the_label_is_taken_with_less_confidence()
    {
        var same = Fee(TextOrigin.DigitalText, "カード再発行手数料として 1,100円（税込）を");
        var split = Fee(TextOrigin.DigitalText, "カード再発行手数料として", "1,100円（税込）をご請求させていただきます。");
        Assert.Equal(new Yen(1100), split.Amount);
        Assert.True(split.Confidence < same.Confidence);
    }

    [Fact]
    public void The_same_fee_printed_twice_raises_confidence()
    {
        var once = Fee(TextOrigin.DigitalText, "カード再発行手数料 1,100円");
        var twice = Fee(TextOrigin.DigitalText, "カード再発行手数料として1,100円をご請求します。", "再発行手数料　1,100円");
        Assert.True(twice.Confidence > once.Confidence);
    }

    [Fact]
    public void Disagreeing_fee_lines_give_low_confidence_and_a_warning()
    {
        var result = Parse(TextOrigin.DigitalText, "カード再発行手数料 1,100円", "再発行手数料 550円");
        Assert.True(result.Fee!.Confidence < 0.8);
        Assert.Contains(result.Warnings, w => w.Contains("disagree", StringComparison.Ordinal));
    }

    [Fact]
    public void Ocr_zero_read_as_six_is_repaired_by_the_total_with_a_warning()
    {
        var result = Parse(TextOrigin.Ocr, "カード再発行手数料 1, 106円 (税込)", "年会費 1,375円", "合計 2, 475円");
        Assert.Equal(new Yen(1100), result.Fee!.Amount);
        Assert.NotEmpty(result.Warnings);
        Assert.True(result.Fee.Confidence < 0.8, "a repaired OCR amount escalates");
    }

    [Fact]
    public void Ocr_amount_that_is_not_a_round_fee_and_cannot_be_repaired_is_low_confidence()
    {
        var result = Parse(TextOrigin.Ocr, "カード再発行手数料 1,137円");
        Assert.True(result.Fee!.Confidence < 0.8);
    }

    [Fact]
    public void A_fee_with_a_tax_row_and_other_charges_adds_up_with_the_total()
    {
        var result = Parse(TextOrigin.Ocr,
            "2024/03/07  東京電力エナジーパートナー  2.801  1 回 払い",
            "2024/03/18  カード再発行手数料  1.000  1 回払い",
            "2024/03/18  消費税  100  1 回払い",
            "明細発行日 2024年7月10昌",
            "今回ご請求額合計  3.901");
        Assert.Equal(new Yen(1100), result.Fee!.Amount);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("add up", StringComparison.Ordinal));
        Assert.True(result.Fee.Confidence >= 0.8);
    }

    [Theory]
    [InlineData("再発行に伴う手数料  100 円 (税込)")]
    [InlineData("カード再発行手数料 650円")]
    public void An_ocr_fee_outside_the_usual_amounts_escalates(string line)
    {
        var fee = FeeLineParser.Parse([new StatementLine(line, 0.97)], TextOrigin.Ocr).Fee!;
        Assert.True(fee.Confidence < 0.8, fee.Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_fee_printed_without_tax_adds_up_with_the_total_at_its_taxed_amount()
    {
        var result = Parse(TextOrigin.Ocr, "2023/03/05  ヨドバシカメラ  5,075  1回払い", "2023/03/26  再発行料  1,.000+税 1回払い", "今回ご請求額合計  6, 175");
        Assert.Equal(new Yen(1100), result.Fee!.Amount);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("add up", StringComparison.Ordinal));
    }

    [Fact]
    public void Ocr_fee_that_does_not_add_up_with_the_total_is_low_confidence()
    {
        var result = Parse(TextOrigin.Ocr, "カード再発行手数料 1,650円", "年会費 1,375円", "合計 9,999円");
        Assert.True(result.Fee!.Confidence < 0.8);
    }

    [Fact]
    public void Ocr_backslash_yen_and_comma_read_as_period_are_understood()
    {
        var fee = Fee(TextOrigin.Ocr, "カード再発行手数料 \\1.100");
        Assert.Equal(new Yen(1100), fee.Amount);
    }

    [Fact]
    public void Low_ocr_line_confidence_lowers_the_fee_confidence()
    {
        var clear = FeeLineParser.Parse([new StatementLine("カード再発行手数料 1,100円", 0.95)], TextOrigin.Ocr).Fee!;
        var blurred = FeeLineParser.Parse([new StatementLine("カード再発行手数料 1,100円", 0.55)], TextOrigin.Ocr).Fee!;
        Assert.True(clear.Confidence >= 0.8);
        Assert.True(blurred.Confidence < 0.8);
    }

    [Fact]
    public void Ocr_damage_to_one_character_of_the_label_is_tolerated()
    {
        var fee = Fee(TextOrigin.Ocr, "カード再発仃手数料 1,100円");
        Assert.Equal(new Yen(1100), fee.Amount);
    }

    [Fact]
    public void Tax_rate_follows_the_statement_date()
    {
        var result = FeeLineParser.Parse([new StatementLine("再発行手数料 1,000円+税")], TextOrigin.DigitalText, new DateOnly(2018, 6, 1));
        Assert.Equal(new Yen(1080), result.Fee!.Amount);
    }

    [Fact]
    public void A_statement_that_only_mentions_a_reissue_reports_it()
    {
        var result = Parse(TextOrigin.DigitalText, "カード再発行のお知らせ", "新しいカードをお送りします。");
        Assert.Null(result.Fee);
        Assert.True(result.MentionsReissue);
    }
}
