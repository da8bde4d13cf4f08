using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Reimburse.Japanese;

/// <summary>
/// Normalises and compares personal names as they appear on fee statements, in the affected-customer list and on
/// bank accounts: kanji, hiragana, katakana (full- or half-width) and romaji. Also converts a name to the
/// half-width katakana that the Zengin transfer format accepts.
/// </summary>
public static class KanaNames
{
    // Small kana and archaic kana folded to the forms banks and readers use interchangeably.
    private const string FoldFrom = "ァィゥェォッャュョヮヵヶヲヰヱヂヅ";
    private const string FoldTo = "アイウエオツヤユヨワカケオイエジズ";

    // Full-width katakana ア..ン (U+30A2..U+30F3) in code-point order, as half-width; '\0' where there is none
    // (voiced forms, which are decomposed before lookup, and ヰ/ヱ which are folded first).
    private const string FullToHalfKatakana =
        "ｱ\0ｲ\0ｳ\0ｴ\0ｵｶ\0ｷ\0ｸ\0ｹ\0ｺ\0ｻ\0ｼ\0ｽ\0ｾ\0ｿ\0ﾀ\0ﾁ\0\0ﾂ\0ﾃ\0ﾄ\0ﾅﾆﾇﾈﾉﾊ\0\0ﾋ\0\0ﾌ\0\0ﾍ\0\0ﾎ\0\0ﾏﾐﾑﾒﾓ\0ﾔ\0ﾕ\0ﾖﾗﾘﾙﾚﾛ\0ﾜ\0\0ｵﾝ";

    /// <summary>
    /// The canonical form of a name: NFKC (full-width Latin and half-width katakana to their usual forms),
    /// hiragana to katakana, spaces and middle dots removed, Latin letters upper-case.
    /// </summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (var c in Prepare(name))
        {
            if (!char.IsWhiteSpace(c) && !IsMiddleDot(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// A name as it should be kept: NFKC, hiragana to full-width katakana, Latin upper-case, runs of spaces (incl.
    /// the ideographic space) to one ASCII space, trimmed. Unlike <see cref="Normalize"/> it keeps the space between
    /// family and given name.
    /// </summary>
    public static string ToKatakana(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (var c in Prepare(name))
        {
            if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString().TrimEnd(' ');
    }

    /// <summary>
    /// A key for comparing kana readings: <see cref="Normalize"/>, then small kana to large (キョウ = キヨウ),
    /// ヂ/ヅ to ジ/ズ, ヲ/ヰ/ヱ to オ/イ/エ and every dash-like mark to ー — the variations a bank account name,
    /// a customer list and a typed name show for the same person.
    /// </summary>
    public static string KanaKey(string name)
    {
        var normalized = Normalize(name);
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            var i = FoldFrom.IndexOf(c, StringComparison.Ordinal);
            sb.Append(i >= 0 ? FoldTo[i] : IsDash(c) ? 'ー' : c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Whether a name read from a document or typed by a claimant is the customer's name. A name with kanji is
    /// compared with <paramref name="nameKanji"/>; a kana name with <paramref name="nameKana"/> (by
    /// <see cref="KanaKey"/>); a romaji name with the Hepburn reading of <paramref name="nameKana"/>, in either
    /// name order and tolerant of the usual spelling variants (OHNO/ONO/OONO, SHI/SI, TSU/TU, NAMBA/NANBA).
    /// </summary>
    public static bool Matches(string candidate, string nameKanji, string nameKana)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(nameKanji);
        ArgumentNullException.ThrowIfNull(nameKana);
        var normalized = Normalize(candidate);
        if (normalized.Length == 0)
        {
            return false;
        }
        if (normalized.Any(IsKanji))
        {
            return string.Equals(normalized, Normalize(nameKanji), StringComparison.Ordinal);
        }
        if (normalized.All(IsKatakanaOrMark))
        {
            return string.Equals(KanaKey(normalized), KanaKey(nameKana), StringComparison.Ordinal);
        }
        if (normalized.All(c => c is >= 'A' and <= 'Z' or '.' or '-' or '\'' or ','))
        {
            return RomajiMatches(candidate, nameKana);
        }
        return false;
    }

    /// <summary>
    /// Hepburn romaji (upper-case) of a kana text, long vowels spelt out (シュウ → SHUU; <see cref="RomajiKey"/>
    /// collapses them); spaces are kept, other characters pass through.
    /// </summary>
    public static string ToRomaji(string kana)
    {
        ArgumentNullException.ThrowIfNull(kana);
        var text = Prepare(kana);
        var sb = new StringBuilder(text.Length * 2);
        var geminate = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == 'ッ')
            {
                geminate = true;
                continue;
            }
            string? syllable = null;
            if (i + 1 < text.Length && Romaji.Digraphs.TryGetValue(text.Substring(i, 2), out var digraph))
            {
                syllable = digraph;
                i++;
            }
            else if (Romaji.Monographs.TryGetValue(c, out var mono))
            {
                syllable = mono;
            }
            if (syllable is null)
            {
                // The long-vowel mark adds nothing in passport Hepburn; anything else passes through.
                if (c != 'ー')
                {
                    sb.Append(c);
                }
                geminate = false;
                continue;
            }
            if (geminate)
            {
                sb.Append(syllable.StartsWith("CH", StringComparison.Ordinal) ? 'T' : syllable[0]);
                geminate = false;
            }
            sb.Append(syllable);
        }
        return sb.ToString();
    }

    /// <summary>
    /// A key for comparing romaji spellings: letters only, Kunrei/Nihon-shiki spellings to Hepburn, M before
    /// B/M/P to N, and long vowels (OU, OO, OH, UU) collapsed.
    /// </summary>
    public static string RomajiKey(string romaji)
    {
        ArgumentNullException.ThrowIfNull(romaji);
        var sb = new StringBuilder(romaji.Length);
        foreach (var c in Prepare(romaji))
        {
            if (c is >= 'A' and <= 'Z')
            {
                sb.Append(c);
            }
        }
        var s = sb.ToString();
        foreach (var (from, to) in Romaji.KunreiToHepburn)
        {
            s = s.Replace(from, to, StringComparison.Ordinal);
        }
        sb.Clear();
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == 'M' && next is 'B' or 'M' or 'P')
            {
                sb.Append('N');
                continue;
            }
            var previous = sb.Length > 0 ? sb[^1] : '\0';
            if (c == 'H' && next == 'U' && previous is not ('S' or 'C'))
            {
                sb.Append('F');
                continue;
            }
            // Collapse a long vowel: OO, OU, UU, and OH before a consonant or at the end (OHNO = ONO).
            if ((previous == 'O' && c is 'O' or 'U') || (previous == 'U' && c == 'U'))
            {
                continue;
            }
            if (previous == 'O' && c == 'H' && !IsVowel(next) && next != 'Y')
            {
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>True for CJK ideographs and the iteration mark 々.</summary>
    public static bool IsKanji(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF') or '々' or '〆';

    // NFKC, hiragana to katakana, Latin upper-case; spaces kept.
    private static string Prepare(string text)
    {
        var nfkc = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            sb.Append(c switch
            {
                (>= 'ぁ' and <= 'ゖ') or 'ゝ' or 'ゞ' => (char)(c + 0x60),
                >= 'a' and <= 'z' => (char)(c - 'a' + 'A'),
                _ => c,
            });
        }
        return sb.ToString();
    }

    private static bool RomajiMatches(string candidate, string nameKana)
    {
        var expected = RomajiKey(ToRomaji(Normalize(nameKana)));
        if (expected.Length == 0)
        {
            return false;
        }
        var tokens = Prepare(candidate)
            .Split([' ', ',', '.', '\u3000'], StringSplitOptions.RemoveEmptyEntries)
            .Select(RomajiKey)
            .Where(t => t.Length > 0)
            .ToArray();
        // Statements print "TARO YAMADA"; the reading is family name first: try every order of a short name.
        return tokens.Length is > 0 and <= 4 && Permutations(tokens).Any(p => string.Equals(string.Concat(p), expected, StringComparison.Ordinal));
    }

    private static IEnumerable<IEnumerable<string>> Permutations(string[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return tail.Prepend(items[i]);
            }
        }
    }

    private static bool IsKatakanaOrMark(char c) => c is (>= '\u30A1' and <= '\u30FA') or 'ー' or 'ヽ' or 'ヾ' || IsDash(c);

    private static bool IsMiddleDot(char c) => c is '・' or '·' or '\u2027' or '\u2022' or '\uFF65';

    private static bool IsDash(char c) => c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' or '\uFF0D' or '\uFF70';

    private static bool IsVowel(char c) => c is 'A' or 'I' or 'U' or 'E' or 'O';

    private static class Romaji
    {
        public static readonly Dictionary<char, string> Monographs = Build(
            "ア A イ I ウ U エ E オ O カ KA キ KI ク KU ケ KE コ KO サ SA シ SHI ス SU セ SE ソ SO " +
            "タ TA チ CHI ツ TSU テ TE ト TO ナ NA ニ NI ヌ NU ネ NE ノ NO ハ HA ヒ HI フ FU ヘ HE ホ HO " +
            "マ MA ミ MI ム MU メ ME モ MO ヤ YA ユ YU ヨ YO ラ RA リ RI ル RU レ RE ロ RO ワ WA ヰ I ヱ E ヲ O ン N " +
            "ガ GA ギ GI グ GU ゲ GE ゴ GO ザ ZA ジ JI ズ ZU ゼ ZE ゾ ZO ダ DA ヂ JI ヅ ZU デ DE ド DO " +
            "バ BA ビ BI ブ BU ベ BE ボ BO パ PA ピ PI プ PU ペ PE ポ PO ヴ VU " +
            "ァ A ィ I ゥ U ェ E ォ O ャ YA ュ YU ョ YO ヮ WA ヵ KA ヶ KE",
            key => key[0]);

        public static readonly Dictionary<string, string> Digraphs = Build(
            "キャ KYA キュ KYU キョ KYO シャ SHA シュ SHU ショ SHO シェ SHE チャ CHA チュ CHU チョ CHO チェ CHE " +
            "ニャ NYA ニュ NYU ニョ NYO ヒャ HYA ヒュ HYU ヒョ HYO ミャ MYA ミュ MYU ミョ MYO リャ RYA リュ RYU リョ RYO " +
            "ギャ GYA ギュ GYU ギョ GYO ジャ JA ジュ JU ジョ JO ジェ JE ヂャ JA ヂュ JU ヂョ JO ビャ BYA ビュ BYU ビョ BYO " +
            "ピャ PYA ピュ PYU ピョ PYO ファ FA フィ FI フェ FE フォ FO ティ TI ディ DI デュ DYU ウィ WI ウェ WE ウォ WO " +
            "ヴァ VA ヴィ VI ヴェ VE ヴォ VO",
            key => key);

        // Applied in order; no replacement creates the pattern of an earlier one. HU → FU is done by RomajiKey
        // itself because SHU/CHU contain HU.
        public static readonly (string From, string To)[] KunreiToHepburn =
        [
            ("SYA", "SHA"), ("SYU", "SHU"), ("SYO", "SHO"), ("TYA", "CHA"), ("TYU", "CHU"), ("TYO", "CHO"),
            ("ZYA", "JA"), ("ZYU", "JU"), ("ZYO", "JO"), ("JYA", "JA"), ("JYU", "JU"), ("JYO", "JO"),
            ("SI", "SHI"), ("TI", "CHI"), ("TU", "TSU"), ("ZI", "JI"), ("DI", "JI"), ("DU", "ZU"),
            ("CCH", "TCH"),
        ];

        private static Dictionary<TKey, string> Build<TKey>(string pairs, Func<string, TKey> key)
            where TKey : notnull
        {
            var parts = pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var map = new Dictionary<TKey, string>(parts.Length / 2);
            for (var i = 0; i + 1 < parts.Length; i += 2)
            {
                map.Add(key(parts[i]), parts[i + 1]);
            }
            return map;
        }
    }
}
