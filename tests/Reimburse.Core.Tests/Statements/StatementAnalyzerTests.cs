using Reimburse.Money;
using Reimburse.Privacy;
using Reimburse.Statements;

namespace Reimburse.Core.Tests.Statements;

public class StatementAnalyzerTests
{
    private const string Letter = """
        楽天カード株式会社
                                                令和6年5月10日
        山田 太郎 様
        カード再発行のお知らせ
        カード番号 4111 1111 1111 1111
        セキュリティコード 123
        このたびはカードを再発行いたしました。
        カード再発行手数料として1,100円（税込）を6月27日のお支払いにご請求いたします。
        お問い合わせ 0570-66-6910
        """;

    [Fact]
    public void A_letter_gives_fee_date_issuer_last4_and_holder()
    {
        var facts = StatementAnalyzer.Analyze(StatementText.FromPlainText(Letter, TextOrigin.DigitalText), "local");
        Assert.Equal(new Yen(1100), facts.Fee!.Value);
        Assert.False(facts.FeeWaived);
        Assert.Equal(new DateOnly(2024, 5, 10), facts.StatementDate!.Value);
        Assert.Equal("rakuten", facts.Issuer!.Value);
        Assert.Equal("1111", facts.CardLast4!.Value);
        Assert.Equal("山田 太郎", facts.HolderName!.Value);
        Assert.True(facts.LooksLikeFeeStatement.Value);
        Assert.Equal("local", facts.Reader);
        Assert.All([facts.Fee.Confidence, facts.Issuer.Confidence, facts.CardLast4.Confidence], c => Assert.True(c >= 0.8));
    }

    [Fact]
    public void Nothing_sensitive_leaves_the_analyzer()
    {
        var facts = StatementAnalyzer.Analyze(StatementText.FromPlainText(Letter, TextOrigin.DigitalText), "local");
        Assert.False(CardNumbers.ContainsCardNumber(facts.Text));
        Assert.DoesNotContain("4111 1111", facts.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("コード 123", facts.Text, StringComparison.Ordinal);
        Assert.Contains(facts.Warnings, w => w.Contains("full card number", StringComparison.Ordinal));
        Assert.Contains(facts.Warnings, w => w.Contains("security code", StringComparison.Ordinal));
    }

    [Fact]
    public void A_statement_without_a_fee_says_so()
    {
        const string statement = """
            三井住友カード ご利用明細
            2024年5月10日
            05/02  コンビニ  540
            年会費  1,375
            合計  1,915
            """;
        var facts = StatementAnalyzer.Analyze(StatementText.FromPlainText(statement, TextOrigin.DigitalText), "local");
        Assert.Null(facts.Fee);
        Assert.False(facts.LooksLikeFeeStatement.Value);
        Assert.Equal("smbc", facts.Issuer!.Value);
        Assert.Contains(facts.Warnings, w => w.Contains("No reissue-fee line", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bank_or_a_merchant_named_like_an_issuer_does_not_win_over_the_letterhead()
    {
        const string statement = """
            イオンカード ご利用明細書
            お引落口座 三井住友銀行
            05/02  イオンモール幕張  3,240
            カード再発行手数料  1,100
            """;
        var facts = StatementAnalyzer.Analyze(StatementText.FromPlainText(statement, TextOrigin.DigitalText), "local");
        Assert.Equal("aeon", facts.Issuer!.Value);
    }

    [Fact]
    public void The_brand_jcb_yields_to_the_issuer()
    {
        const string statement = """
            セゾンカード（JCB）
            カード再発行手数料 550円
            株式会社クレディセゾン
            """;
        var facts = StatementAnalyzer.Analyze(StatementText.FromPlainText(statement, TextOrigin.DigitalText), "local");
        Assert.Equal("saison", facts.Issuer!.Value);
    }

    [Fact]
    public void Hints_fill_in_what_the_text_lacks()
    {
        var hints = new StatementHints(
            Fee: new Fact<Yen>(new Yen(1100), 0.9),
            FeeLine: new Fact<string>("Reissue fee 1,100", 0.9),
            IssuerName: new Fact<string>("JCB", 0.95));
        var facts = StatementAnalyzer.Analyze(StatementText.FromPlainText("Statement", TextOrigin.Ocr), "azure", hints: hints);
        Assert.Equal(new Yen(1100), facts.Fee!.Value);
        Assert.Equal("jcb", facts.Issuer!.Value);
    }

    [Theory]
    [InlineData("カード番号 キキキキネーキキキキネー6027", "6027")]
    [InlineData("カー ド番号 4541-98*な-****_6967  お支払日  2025年2月27日", "6967")]
    [InlineData("カード番号 xxxx-XXXX-xk#x-5584", "5584")]
    public void Last_four_digits_survive_ocr_garbling_the_mask(string line, string last4)
    {
        var facts = StatementAnalyzer.Analyze(new StatementText([new StatementLine(line, 0.9)], TextOrigin.Ocr), "local");
        Assert.Equal(last4, facts.CardLast4!.Value);
    }

    [Fact]
    public void Ocr_line_confidence_carries_into_the_facts()
    {
        var text = new StatementText(
            [new StatementLine("エポスカード", 0.95), new StatementLine("カード番号 ****-****-****-4321", 0.5), new StatementLine("カード再発行手数料 無料", 0.95)],
            TextOrigin.Ocr);
        var facts = StatementAnalyzer.Analyze(text, "local");
        Assert.True(facts.FeeWaived);
        Assert.Equal("4321", facts.CardLast4!.Value);
        Assert.True(facts.CardLast4.Confidence < 0.8);
    }
}
