using Reimburse.Japanese;

namespace Reimburse.Core.Tests.Japanese;

public class WidthTests
{
    [Theory]
    [InlineData("￥１，１００", "¥1,100")]
    [InlineData("ＡＢＣ　ｄｅｆ", "ABC def")]
    [InlineData("（税込）", "(税込)")]
    [InlineData("１２３４−５６７８", "1234-5678")]
    [InlineData("already ascii 123", "already ascii 123")]
    [InlineData("再発行手数料", "再発行手数料")]
    public void Full_width_ascii_becomes_half_width(string input, string expected)
    {
        Assert.Equal(expected, Width.Normalize(input));
    }

    [Theory]
    [InlineData("ｶｰﾄﾞ", "カード")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ")]
    [InlineData("ﾊﾟﾋﾟﾌﾟ", "パピプ")]
    [InlineData("ｳﾞｧ", "ヴァ")]
    [InlineData("ｱﾞ", "ア゛")]
    public void Half_width_katakana_becomes_full_width_with_voiced_marks_composed(string input, string expected)
    {
        Assert.Equal(expected, Width.Normalize(input));
    }

    [Fact]
    public void Length_is_kept_when_there_is_no_half_width_kana()
    {
        const string text = "カード番号　４９８０−＊＊＊＊ 合計￥２，４７５";
        Assert.Equal(text.Length, Width.Normalize(text).Length);
    }

    [Theory]
    [InlineData('７', true, 7)]
    [InlineData('3', true, 3)]
    [InlineData('三', false, 0)]
    public void Digits_of_both_widths_are_recognised(char c, bool isDigit, int value)
    {
        Assert.Equal(isDigit, Width.IsDigit(c));
        if (isDigit)
        {
            Assert.Equal(value, Width.DigitValue(c));
        }
    }
}
