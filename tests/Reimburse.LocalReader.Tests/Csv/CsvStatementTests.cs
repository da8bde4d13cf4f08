using System.Text;
using Reimburse.LocalReader.Csv;
using Reimburse.Money;
using Reimburse.Statements;

namespace Reimburse.LocalReader.Tests.Csv;

public class CsvStatementTests
{
    private static readonly Encoding ShiftJis = GetShiftJis();

    private static Encoding GetShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }

    private static FeeStatementFacts Read(byte[] bytes)
    {
        var text = CsvStatement.Decode(bytes, out _);
        var lines = CsvStatement.ToLines(text, 1000, out _);
        return StatementAnalyzer.Analyze(new StatementText(lines, TextOrigin.Structured), "local");
    }

    [Fact]
    public void A_shift_jis_statement_with_a_header_gives_the_fee()
    {
        const string csv = "\"利用日\",\"利用店名・商品名\",\"利用者\",\"支払方法\",\"利用金額\",\"支払手数料\",\"支払総額\"\r\n"
            + "\"2024/05/02\",\"ローソン\",\"本人\",\"1回払い\",\"540\",\"0\",\"540\"\r\n"
            + "\"2024/05/10\",\"カード再発行手数料\",\"本人\",\"1回払い\",\"1100\",\"0\",\"1100\"\r\n";
        var facts = Read(ShiftJis.GetBytes(csv));
        Assert.Equal(new Yen(1100), facts.Fee!.Value);
        Assert.True(facts.Fee.Confidence >= 0.9);
        Assert.Equal(new DateOnly(2024, 5, 10), facts.StatementDate!.Value);
    }

    [Fact]
    public void A_utf8_statement_with_a_member_preamble_gives_fee_card_and_holder()
    {
        const string csv = "カード名称,楽天カード\r\n会員名,佐藤 花子 様\r\nカード番号,4111 1111 1111 1111\r\n\r\n"
            + "ご利用者,ご利用日,ご利用先など,ご利用金額(￥),支払区分,備考\r\n"
            + "本人,2024/05/10,\"再発行手数料, 紛失\",\"1,100\",1回払い,\r\n";
        var facts = Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(csv)]);
        Assert.Equal(new Yen(1100), facts.Fee!.Value);
        Assert.Equal("1111", facts.CardLast4!.Value);
        Assert.Equal("佐藤 花子", facts.HolderName!.Value);
        Assert.Equal("rakuten", facts.Issuer!.Value);
        Assert.DoesNotContain("4111 1111", facts.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_headerless_statement_takes_the_amount_column_not_the_instalment_counts()
    {
        const string csv = "山田 太郎 様,****-****-****-1234,三井住友カード（NL）\r\n"
            + "2024/05/02,セブン-イレブン,432,1,1,432,\r\n"
            + "2024/05/10,カード再発行手数料,1100,1,1,1100,\r\n"
            + ",,,,,1532,\r\n";
        var facts = Read(ShiftJis.GetBytes(csv));
        Assert.Equal(new Yen(1100), facts.Fee!.Value);
        Assert.Equal("1234", facts.CardLast4!.Value);
        Assert.Equal("smbc", facts.Issuer!.Value);
    }

    [Fact]
    public void A_waived_fee_row_of_zero_is_waived()
    {
        const string csv = "日付\t摘要\t金額\n2024/05/10\tカード再発行手数料（無料）\t0\n";
        var facts = Read(Encoding.UTF8.GetBytes(csv));
        Assert.True(facts.FeeWaived);
        Assert.Equal(Yen.Zero, facts.Fee!.Value);
    }

    [Fact]
    public void Quoted_cells_keep_commas_quotes_and_line_breaks()
    {
        var rows = CsvStatement.Parse("a,\"b,c\",\"d\"\"e\",\"f\r\ng\"\r\nx,y\r\n", ',', 100);
        Assert.Equal(["a", "b,c", "d\"e", "f\r\ng"], rows[0]);
        Assert.Equal(["x", "y"], rows[1]);
    }

    [Fact]
    public void Bytes_that_are_neither_utf8_nor_shift_jis_are_rejected()
    {
        Assert.Throws<InvalidDataException>(() => CsvStatement.Decode([0x81, 0x20, 0xFF, 0xFE], out _));
    }
}
