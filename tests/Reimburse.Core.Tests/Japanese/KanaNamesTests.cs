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
}
