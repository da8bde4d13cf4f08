using Reimburse.Payouts;

namespace Reimburse.Core.Tests.Payouts;

public sealed class ZenginKanaTests
{
    [Theory]
    [InlineData("やまだ たろう", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("パンダ", "ﾊﾟﾝﾀﾞ")]
    [InlineData("ぽっぷ", "ﾎﾟﾂﾌﾟ")]
    public void Hiragana_and_katakana_of_either_width_become_half_width_katakana(string input, string expected)
    {
        Assert.Equal(expected, ZenginKana.ToZenginKana(input));
    }

    [Theory]
    [InlineData("キュウヨ", "ｷﾕｳﾖ")]
    [InlineData("ジンジ ショウゴ", "ｼﾞﾝｼﾞ ｼﾖｳｺﾞ")]
    [InlineData("ハットリ", "ﾊﾂﾄﾘ")]
    [InlineData("ファン", "ﾌｱﾝ")]
    [InlineData("ティム ウォーカー", "ﾃｲﾑ ｳｵ-ｶ-")]
    [InlineData("ヮヵヶ", "ﾜｶｹ")]
    [InlineData("ｷｭｳﾖ ｼｮｳｺﾞ", "ｷﾕｳﾖ ｼﾖｳｺﾞ")]
    [InlineData("きゃっしゅ", "ｷﾔﾂｼﾕ")]
    public void Small_kana_become_large_kana(string input, string expected)
    {
        Assert.Equal(expected, ZenginKana.ToZenginKana(input));
    }

    [Theory]
    [InlineData("スズキ ジローー", "ｽｽﾞｷ ｼﾞﾛ--")]
    [InlineData("ﾒｰﾙ", "ﾒ-ﾙ")]
    [InlineData("コーヒー", "ｺ-ﾋ-")]
    [InlineData("ABC－DEF", "ABC-DEF")]
    public void Long_vowel_marks_and_dashes_become_a_hyphen(string input, string expected)
    {
        Assert.Equal(expected, ZenginKana.ToZenginKana(input));
    }

    [Theory]
    [InlineData("ガギグゲゴ", "ｶﾞｷﾞｸﾞｹﾞｺﾞ")]
    [InlineData("ザジズゼゾ", "ｻﾞｼﾞｽﾞｾﾞｿﾞ")]
    [InlineData("ダヂヅデド", "ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ")]
    [InlineData("バビブベボ", "ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ")]
    [InlineData("パピプペポ", "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ")]
    [InlineData("か\u3099", "ｶﾞ")] // decomposed (NFD) input: combining voiced mark
    [InlineData("は\u309A", "ﾊﾟ")]
    [InlineData("カ゛", "ｶﾞ")] // spacing voiced mark
    public void Voiced_and_semi_voiced_kana_become_base_and_separate_mark(string input, string expected)
    {
        Assert.Equal(expected, ZenginKana.ToZenginKana(input));
    }

    [Theory]
    [InlineData("ヴィクトル", "ｳﾞｲｸﾄﾙ")]
    [InlineData("ゔぃくとる", "ｳﾞｲｸﾄﾙ")]
    [InlineData("ヰヱ", "ｲｴ")]
    [InlineData("ゐゑ", "ｲｴ")]
    [InlineData("ヲ", "ｦ")]
    [InlineData("ヷヸヹヺ", "ﾜﾞｲﾞｴﾞｦﾞ")]
    public void Rare_kana_map_to_what_banks_register(string input, string expected)
    {
        Assert.Equal(expected, ZenginKana.ToZenginKana(input));
    }

    [Theory]
    [InlineData("ＳＭＩＴＨ　ＪＯＨＮ", "SMITH JOHN")]
    [InlineData("smith john", "SMITH JOHN")]
    [InlineData("ｊｏｈｎ　１２３", "JOHN 123")]
    [InlineData("（カ）．／", "(ｶ)./")]
    [InlineData("「ア」", "｢ｱ｣")]
    [InlineData("￥", "\\")]
    public void Full_width_Latin_digits_and_symbols_become_half_width_upper_case(string input, string expected)
    {
        Assert.Equal(expected, ZenginKana.ToZenginKana(input));
    }

    [Theory]
    [InlineData("  ヤマダ   タロウ  ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("ヤマダ\u3000\u3000タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("ジョン・スミス", "ｼﾞﾖﾝ ｽﾐｽ")]
    [InlineData("ジョン ・ スミス", "ｼﾞﾖﾝ ｽﾐｽ")]
    public void Spaces_collapse_to_one_and_are_trimmed(string input, string expected)
    {
        Assert.Equal(expected, ZenginKana.ToZenginKana(input));
    }

    [Fact]
    public void Kanji_after_a_corporate_form_is_still_rejected()
    {
        // Only the form has a fixed reading; the company's own name in kanji does not.
        var error = Assert.Throws<FormatException>(() => ZenginKana.ToZenginKana("株式会社 山田商店"));
        Assert.Contains("'山'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("株式会社ヤマダショウテン", "ｶ)ﾔﾏﾀﾞｼﾖｳﾃﾝ")]
    [InlineData("ヤマダショウテン株式会社", "ﾔﾏﾀﾞｼﾖｳﾃﾝ(ｶ")]
    [InlineData("カブシキガイシャ ヤマダショウテン", "ｶ)ﾔﾏﾀﾞｼﾖｳﾃﾝ")]
    [InlineData("ヤマダ カブシキガイシャ トウキョウシテン", "ﾔﾏﾀﾞ(ｶ)ﾄｳｷﾖｳｼﾃﾝ")]
    [InlineData("有限会社ヤマダ", "ﾕ)ﾔﾏﾀﾞ")]
    [InlineData("ヤマダ合同会社", "ﾔﾏﾀﾞ(ﾄﾞ")]
    public void Corporate_forms_become_the_bank_abbreviation(string input, string expected)
    {
        Assert.Equal(expected, ZenginKana.ToZenginKana(input));
    }

    [Theory]
    [InlineData("山田 太郎", '山', 1)]
    [InlineData("ヤマダ,タロウ", ',', 4)]
    [InlineData("O'BRIEN", '\'', 2)]
    [InlineData("ヤマダ&タロウ", '&', 4)]
    [InlineData("ゝ", 'ゝ', 1)]
    public void Characters_without_a_Zengin_form_are_rejected_with_the_character_and_position(string input, char bad, int position)
    {
        var ok = ZenginKana.TryToZenginKana(input, out _, out var error);

        Assert.False(ok);
        Assert.Contains("'" + bad + "'", error, StringComparison.Ordinal);
        Assert.Contains("position " + position, error, StringComparison.Ordinal);
        var thrown = Assert.Throws<FormatException>(() => ZenginKana.ToZenginKana(input));
        Assert.Equal(error, thrown.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("・")]
    public void An_empty_name_is_rejected(string input)
    {
        Assert.False(ZenginKana.TryToZenginKana(input, out _, out var error));
        Assert.Equal("The name is empty.", error);
    }

    [Fact]
    public void Every_kana_in_the_Unicode_blocks_converts_to_allowed_characters_or_is_rejected()
    {
        for (var c = '\u3041'; c <= '\u30FF'; c++)
        {
            if (ZenginKana.TryToZenginKana("ア" + c, out var result, out _))
            {
                Assert.True(ZenginKana.IndexOfInvalid(result) < 0, $"U+{(int)c:X4} gave '{result}'");
            }
        }
    }

    [Theory]
    [InlineData("ｱｲｳ ABC 123 ()-./\\｢｣ﾞﾟｦ", -1)]
    [InlineData("ｱｲｳｰ", 3)]
    [InlineData("ｧ", 0)]
    [InlineData("abc", 0)]
    [InlineData("ア", 0)]
    [InlineData("A,B", 1)]
    public void IndexOfInvalid_finds_the_first_character_outside_the_Zengin_set(string text, int expected)
    {
        Assert.Equal(expected, ZenginKana.IndexOfInvalid(text));
    }
}
