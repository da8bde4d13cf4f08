using Reimburse.Japanese;

namespace Reimburse.Core.Tests.Japanese;

public class KanaNamesTests
{
    [Theory]
    [InlineData("山田　太郎", "山田太郎")]
    [InlineData("やまだ たろう", "ヤマダタロウ")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ")]
    [InlineData("ｽﾐｽ･ｼﾞｮﾝ", "スミスジョン")]
    [InlineData("スミス・ジョン", "スミスジョン")]
    [InlineData("Taro Yamada", "TAROYAMADA")]
    [InlineData("ＴＡＲＯ　ＹＡＭＡＤＡ", "TAROYAMADA")]
    [InlineData("ﾊﾟﾋﾟﾌﾟ", "パピプ")]
    public void Normalize_folds_width_script_spaces_and_case(string input, string expected)
    {
        Assert.Equal(expected, KanaNames.Normalize(input));
    }

    [Theory]
    [InlineData("やまだ　たろう", "ヤマダ タロウ")]
    [InlineData(" ﾔﾏﾀﾞ   ﾀﾛｳ ", "ヤマダ タロウ")]
    [InlineData("john  smith", "JOHN SMITH")]
    public void ToKatakana_keeps_one_space_between_names(string input, string expected)
    {
        Assert.Equal(expected, KanaNames.ToKatakana(input));
    }

    [Theory]
    [InlineData("キョウコ", "キヨウコ")]
    [InlineData("ｷｮｳｺ", "キヨウコ")]
    [InlineData("ハットリ", "ハツトリ")]
    [InlineData("チヂミ", "チジミ")]
    [InlineData("ﾏｰｸ", "マーク")]
    [InlineData("マ-ク", "マーク")]
    public void KanaKey_folds_small_kana_and_long_marks(string input, string expected)
    {
        Assert.Equal(expected, KanaNames.KanaKey(input));
    }

    [Theory]
    [InlineData("山田 太郎")]
    [InlineData("山田太郎")]
    [InlineData("ヤマダ タロウ")]
    [InlineData("やまだたろう")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("TARO YAMADA")]
    [InlineData("YAMADA TARO")]
    [InlineData("Yamada Tarou")]
    [InlineData("YAMADA TAROH")]
    public void Matches_accepts_the_same_person_in_any_script(string candidate)
    {
        Assert.True(KanaNames.Matches(candidate, "山田 太郎", "ヤマダ タロウ"));
    }

    [Theory]
    [InlineData("山田 次郎")]
    [InlineData("山本太郎")]
    [InlineData("ヤマダ ジロウ")]
    [InlineData("JIRO YAMADA")]
    [InlineData("TARO YAMAMOTO")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1234")]
    public void Matches_rejects_another_name(string candidate)
    {
        Assert.False(KanaNames.Matches(candidate, "山田 太郎", "ヤマダ タロウ"));
    }

    [Theory]
    [InlineData("SHUICHI OHNO", "大野 修一", "オオノ シュウイチ")]
    [InlineData("SYUUITI OONO", "大野 修一", "オオノ シュウイチ")]
    [InlineData("KYOKO HATTORI", "服部 京子", "ハットリ キョウコ")]
    [InlineData("KYOUKO HATTORI", "服部 京子", "ハットリ キョウコ")]
    [InlineData("HOMMA SHINICHI", "本間 真一", "ホンマ シンイチ")]
    [InlineData("SHIN-ICHI HONMA", "本間 真一", "ホンマ シンイチ")]
    [InlineData("TSUTOMU FUKUDA", "福田 勉", "フクダ ツトム")]
    [InlineData("TUTOMU HUKUDA", "福田 勉", "フクダ ツトム")]
    [InlineData("MICHIKO MATCHAN", "町 美智子", "マッチャン ミチコ")]
    public void Matches_tolerates_romaji_spelling_variants(string candidate, string kanji, string kana)
    {
        Assert.True(KanaNames.Matches(candidate, kanji, kana));
    }

    [Fact]
    public void A_kanji_name_is_compared_with_the_kanji_name_not_the_reading()
    {
        // 山田 and 山多 share the reading ヤマダ; a kanji candidate must match the kanji.
        Assert.False(KanaNames.Matches("山多 太郎", "山田 太郎", "ヤマダ タロウ"));
    }

    [Theory]
    [InlineData("シュウイチ", "SHUUICHI")]
    [InlineData("ハットリ", "HATTORI")]
    [InlineData("マッチャ", "MATCHA")]
    [InlineData("ジュンコ", "JUNKO")]
    [InlineData("ふくだ つとむ", "FUKUDA TSUTOMU")]
    [InlineData("ヴァイオリン", "VAIORIN")]
    [InlineData("コーヒー", "KOHI")]
    public void ToRomaji_writes_hepburn(string kana, string expected)
    {
        Assert.Equal(expected, KanaNames.ToRomaji(kana));
    }

    [Theory]
    [InlineData("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("やまだ　たろう", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("キョウコ", "ｷﾖｳｺ")]
    [InlineData("ハットリ", "ﾊﾂﾄﾘ")]
    [InlineData("シュウ", "ｼﾕｳ")]
    [InlineData("マーク", "ﾏ-ｸ")]
    [InlineData("パピプペポ", "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ")]
    [InlineData("ヴィ", "ｳﾞｲ")]
    [InlineData("チヂミ", "ﾁﾁﾞﾐ")]
    [InlineData("ヲ", "ｵ")]
    [InlineData("スミス・ジョン", "ｽﾐｽ ｼﾞﾖﾝ")]
    [InlineData("ｽﾐｽ  ｼﾞｮﾝ ", "ｽﾐｽ ｼﾞﾖﾝ")]
    [InlineData("john smith", "JOHN SMITH")]
    [InlineData("カ)ヤマダショウテン", "ｶ)ﾔﾏﾀﾞｼﾖｳﾃﾝ")]
    [InlineData("ﾔﾏﾀﾞ.ﾀﾛｳ", "ﾔﾏﾀﾞ.ﾀﾛｳ")]
    public void ToZenginKana_writes_the_half_width_kana_banks_accept(string name, string expected)
    {
        Assert.Equal(expected, KanaNames.ToZenginKana(name));
    }

    [Theory]
    [InlineData("山田 太郎", '山')]
    [InlineData("ヤマダ,タロウ", ',')]
    [InlineData("ヤマダ/タロウ", '/')]
    [InlineData("José", '\u0301')]
    public void ToZenginKana_names_the_first_character_it_cannot_write(string name, char invalid)
    {
        Assert.False(KanaNames.TryToZenginKana(name, out var zengin, out var bad));
        Assert.Null(zengin);
        Assert.Equal(invalid, bad);
        var ex = Assert.Throws<FormatException>(() => KanaNames.ToZenginKana(name));
        Assert.Contains(invalid.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ・ ")]
    public void ToZenginKana_rejects_an_empty_name(string name)
    {
        Assert.False(KanaNames.TryToZenginKana(name, out _, out _));
        Assert.Throws<FormatException>(() => KanaNames.ToZenginKana(name));
    }

    [Fact]
    public void Every_full_width_katakana_has_a_zengin_form()
    {
        for (var c = 'ァ'; c <= 'ヴ'; c++)
        {
            Assert.True(KanaNames.TryToZenginKana(c.ToString(), out var zengin, out _), $"U+{(int)c:X4} {c}");
            Assert.All(zengin, z => Assert.True(z is >= '\uFF61' and <= '\uFF9F', $"{c} → {zengin}"));
            Assert.DoesNotContain(zengin, z => "ｧｨｩｪｫｬｭｮｯｦ".Contains(z, StringComparison.Ordinal));
        }
    }
}
