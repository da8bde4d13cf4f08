using System.Globalization;
using System.Text;

namespace Reimburse.Payouts;

/// <summary>
/// The half-width text that Zengin (全銀協) transfer files accept in their character fields, and the conversion of
/// names (hiragana, katakana, Latin, digits) into it.
/// </summary>
/// <remarks>
/// <para>The allowed set is the conservative one that every bank takes: digits, upper-case Latin letters,
/// half-width katakana <c>ｦ ｱ-ﾝ</c> without the small forms, the separate voiced marks <c>ﾞ ﾟ</c>, the space and
/// the symbols <c>( ) - . / \ ｢ ｣</c> (<c>\</c> is the yen sign of JIS X 0201, byte 0x5C). Some banks also take
/// a comma; some reject it, so it is left out. The half-width prolonged sound mark <c>ｰ</c> is not in the set:
/// banks register names with a hyphen, so <c>ー</c> becomes <c>-</c>.</para>
/// <para>Conversion never guesses a reading: kanji and any character outside the table are an error naming the
/// character and its position. Corporate forms (株式会社, 有限会社, 合同会社, written in kanji or in full katakana)
/// become the bank abbreviations (<c>ｶ)</c> at the start, <c>(ｶ</c> at the end, <c>(ｶ)</c> in the middle).</para>
/// </remarks>
public static class ZenginKana
{
    /// <summary>Width of the recipient name (受取人名) in a Zengin data record.</summary>
    public const int MaxRecipientLength = 30;

    private const char VoicedMark = 'ﾞ';
    private const char SemiVoicedMark = 'ﾟ';

    // Full-width katakana U+30A1..U+30FA to half-width, in code-point order (one entry per code point; voiced
    // forms take two characters). Small kana map to their large forms: Zengin has no small kana.
    private static readonly string[] KatakanaToHalf =
    [
        "ｱ", "ｱ", "ｲ", "ｲ", "ｳ", "ｳ", "ｴ", "ｴ", "ｵ", "ｵ", // ァアィイゥウェエォオ
        "ｶ", "ｶﾞ", "ｷ", "ｷﾞ", "ｸ", "ｸﾞ", "ｹ", "ｹﾞ", "ｺ", "ｺﾞ", // カガキギクグケゲコゴ
        "ｻ", "ｻﾞ", "ｼ", "ｼﾞ", "ｽ", "ｽﾞ", "ｾ", "ｾﾞ", "ｿ", "ｿﾞ", // サザシジスズセゼソゾ
        "ﾀ", "ﾀﾞ", "ﾁ", "ﾁﾞ", "ﾂ", "ﾂ", "ﾂﾞ", "ﾃ", "ﾃﾞ", "ﾄ", "ﾄﾞ", // タダチヂッツヅテデトド
        "ﾅ", "ﾆ", "ﾇ", "ﾈ", "ﾉ", // ナニヌネノ
        "ﾊ", "ﾊﾞ", "ﾊﾟ", "ﾋ", "ﾋﾞ", "ﾋﾟ", "ﾌ", "ﾌﾞ", "ﾌﾟ", "ﾍ", "ﾍﾞ", "ﾍﾟ", "ﾎ", "ﾎﾞ", "ﾎﾟ", // ハバパ…ホボポ
        "ﾏ", "ﾐ", "ﾑ", "ﾒ", "ﾓ", // マミムメモ
        "ﾔ", "ﾔ", "ﾕ", "ﾕ", "ﾖ", "ﾖ", // ャヤュユョヨ
        "ﾗ", "ﾘ", "ﾙ", "ﾚ", "ﾛ", // ラリルレロ
        "ﾜ", "ﾜ", "ｲ", "ｴ", "ｦ", "ﾝ", // ヮワヰヱヲン
        "ｳﾞ", "ｶ", "ｹ", // ヴヵヶ
        "ﾜﾞ", "ｲﾞ", "ｴﾞ", "ｦﾞ", // ヷヸヹヺ
    ];

    // Corporate forms and their bank abbreviation (without the parentheses), longest first.
    private static readonly (string Long, string Short)[] CorporateForms =
    [
        ("ｶﾌﾞｼｷｶﾞｲｼﾔ", "ｶ"),
        ("ﾕｳｹﾞﾝｶﾞｲｼﾔ", "ﾕ"),
        ("ｺﾞｳﾄﾞｳｶﾞｲｼﾔ", "ﾄﾞ"),
    ];

    private static readonly (string Kanji, string Kana)[] CorporateKanji =
    [
        ("株式会社", "ｶﾌﾞｼｷｶﾞｲｼﾔ"),
        ("有限会社", "ﾕｳｹﾞﾝｶﾞｲｼﾔ"),
        ("合同会社", "ｺﾞｳﾄﾞｳｶﾞｲｼﾔ"),
    ];

    /// <summary>True when <paramref name="c"/> may appear in a Zengin character field.</summary>
    public static bool IsAllowed(char c) =>
        c is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'ｱ' and <= 'ﾝ') or 'ｦ' or VoicedMark or SemiVoicedMark
            or ' ' or '(' or ')' or '-' or '.' or '/' or '\\' or '｢' or '｣';

    /// <summary>The index of the first character not allowed in Zengin text, or -1 when all are allowed.</summary>
    public static int IndexOfInvalid(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsAllowed(text[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// Converts a name (hiragana, katakana of either width, Latin letters, digits, spaces) to the half-width kana
    /// Zengin accepts: small kana to large, voiced marks as separate characters, <c>ー</c> to <c>-</c>, Latin to
    /// upper case, runs of spaces to one, corporate forms to their abbreviation.
    /// </summary>
    /// <exception cref="FormatException">A character has no Zengin form (kanji, most punctuation); the message
    /// names it and its position.</exception>
    public static string ToZenginKana(string text)
    {
        if (TryToZenginKana(text, out var result, out var error))
        {
            return result;
        }
        throw new FormatException(error);
    }

    /// <summary>As <see cref="ToZenginKana"/>, without throwing; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryToZenginKana(string text, out string result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = ReplaceCorporateKanji(text);
        var sb = new StringBuilder(source.Length + 8);
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c))
            {
                // Runs of spaces (of any width) become one; leading ones are dropped here, trailing ones below.
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
                continue;
            }
            if (!TryConvert(c, sb))
            {
                result = string.Empty;
                error = string.Create(CultureInfo.InvariantCulture, $"The character '{c}' (U+{(int)c:X4}) at position {i + 1} has no Zengin half-width form; write the name in kana or Latin letters.");
                return false;
            }
        }
        var converted = sb.ToString().TrimEnd(' ');
        if (converted.Length == 0)
        {
            result = string.Empty;
            error = "The name is empty.";
            return false;
        }
        result = AbbreviateCorporateForms(converted);
        error = null;
        return true;
    }

    private static bool TryConvert(char c, StringBuilder sb)
    {
        switch (c)
        {
            case >= 'ァ' and <= 'ヺ':
                sb.Append(KatakanaToHalf[c - 'ァ']);
                return true;
            case >= 'ぁ' and <= 'ゖ':
                // Hiragana sits 0x60 below katakana; ゕゖ (U+3095/6) map like ヵヶ.
                sb.Append(KatakanaToHalf[c + 0x60 - 'ァ']);
                return true;
            case (>= 'ｱ' and <= 'ﾝ') or 'ｦ' or VoicedMark or SemiVoicedMark or '｢' or '｣':
                sb.Append(c);
                return true;
            case >= 'ｧ' and <= 'ｯ':
                sb.Append(SmallHalfWidthToLarge(c));
                return true;
            case '\u3099' or '゛':
                sb.Append(VoicedMark);
                return true;
            case '\u309A' or '゜':
                sb.Append(SemiVoicedMark);
                return true;
            case (>= '0' and <= '9') or (>= 'A' and <= 'Z') or '(' or ')' or '-' or '.' or '/' or '\\':
                sb.Append(c);
                return true;
            case >= 'a' and <= 'z':
                sb.Append((char)(c - 'a' + 'A'));
                return true;
            case >= '０' and <= '９':
                sb.Append((char)(c - '０' + '0'));
                return true;
            case >= 'Ａ' and <= 'Ｚ':
                sb.Append((char)(c - 'Ａ' + 'A'));
                return true;
            case >= 'ａ' and <= 'ｚ':
                sb.Append((char)(c - 'ａ' + 'A'));
                return true;
            case '（':
                sb.Append('(');
                return true;
            case '）':
                sb.Append(')');
                return true;
            case '．':
                sb.Append('.');
                return true;
            case '／':
                sb.Append('/');
                return true;
            case '¥' or '￥' or '＼':
                sb.Append('\\');
                return true;
            case '「':
                sb.Append('｢');
                return true;
            case '」':
                sb.Append('｣');
                return true;
            // The prolonged sound mark and every dash look-alike: banks register them as a hyphen.
            case 'ー' or 'ｰ' or '－' or '‐' or '‑' or '–' or '—' or '―' or '−':
                sb.Append('-');
                return true;
            // The middle dot between given and family name (ジョン・スミス) is registered as a space.
            case '・' or '･':
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
                return true;
            default:
                return false;
        }
    }

    private static char SmallHalfWidthToLarge(char c) => c switch
    {
        'ｧ' => 'ｱ',
        'ｨ' => 'ｲ',
        'ｩ' => 'ｳ',
        'ｪ' => 'ｴ',
        'ｫ' => 'ｵ',
        'ｬ' => 'ﾔ',
        'ｭ' => 'ﾕ',
        'ｮ' => 'ﾖ',
        _ => 'ﾂ', // ｯ
    };

    private static string ReplaceCorporateKanji(string text)
    {
        foreach (var (kanji, kana) in CorporateKanji)
        {
            if (text.Contains(kanji, StringComparison.Ordinal))
            {
                // Spaces keep the form a separate word, so that the abbreviation step finds its edges.
                text = text.Replace(kanji, " " + kana + " ", StringComparison.Ordinal);
            }
        }
        return text;
    }

    private static string AbbreviateCorporateForms(string name)
    {
        foreach (var (longForm, shortForm) in CorporateForms)
        {
            var at = name.IndexOf(longForm, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }
            var before = name[..at].TrimEnd(' ');
            var after = name[(at + longForm.Length)..].TrimStart(' ');
            if (before.Length == 0 && after.Length == 0)
            {
                // A bare "株式会社" is not a name; leave it long rather than invent one.
                continue;
            }
            name = (before.Length, after.Length) switch
            {
                (0, _) => shortForm + ")" + after,
                (_, 0) => before + "(" + shortForm,
                _ => before + "(" + shortForm + ")" + after,
            };
        }
        return name;
    }
}
