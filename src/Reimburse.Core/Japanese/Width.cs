using System.Text;

namespace Reimburse.Japanese;

/// <summary>
/// Character-width normalisation for Japanese documents: full-width ASCII (digits, Latin letters, punctuation) to
/// half-width, the ideographic space to a space, the full-width yen sign to <c>¥</c>, and half-width katakana to
/// full-width (composing voiced marks). Table-driven so that it behaves the same with or without ICU.
/// </summary>
/// <remarks>
/// This is deliberately narrower than Unicode NFKC: NFKC also rewrites circled digits, units (㎡) and
/// compatibility ideographs, which changes what a reviewer sees in a quoted line. Name normalisation (kana folding,
/// romaji) is a separate concern.
/// </remarks>
public static class Width
{
    private const char FullWidthFirst = '！'; // U+FF01
    private const char FullWidthLast = '～'; // U+FF5E
    private const int FullToHalfOffset = 0xFEE0;

    // Half-width katakana U+FF61..U+FF9F mapped to their full-width forms, in code-point order.
    private const string HalfKatakanaToFull =
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

    /// <summary>Full-width ASCII, ideographic space, yen and minus variants to half-width; half-width katakana to full-width.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsWork(text))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '\uFF61' and <= '\uFF9F')
            {
                var full = HalfKatakanaToFull[c - '\uFF61'];
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                if (next == '\uFF9E' && TryCompose(full, voiced: true, out var composed))
                {
                    sb.Append(composed);
                    i++;
                }
                else if (next == '\uFF9F' && TryCompose(full, voiced: false, out composed))
                {
                    sb.Append(composed);
                    i++;
                }
                else
                {
                    sb.Append(full);
                }
                continue;
            }
            sb.Append(ToHalfWidth(c));
        }
        return sb.ToString();
    }

    /// <summary>The half-width form of one character (unchanged when it has none).</summary>
    public static char ToHalfWidth(char c) => c switch
    {
        >= FullWidthFirst and <= FullWidthLast when c != '￥' => (char)(c - FullToHalfOffset),
        '\u3000' => ' ',
        '￥' => '¥',
        '\u2212' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\uFE63' => '-',
        _ => c,
    };

    /// <summary>True for ASCII or full-width decimal digits.</summary>
    public static bool IsDigit(char c) => c is (>= '0' and <= '9') or (>= '０' and <= '９');

    /// <summary>The value of an ASCII or full-width digit.</summary>
    public static int DigitValue(char c) => c is >= '０' and <= '９' ? c - '０' : c - '0';

    private static bool NeedsWork(string text)
    {
        foreach (var c in text)
        {
            if (c >= '\u2010')
            {
                return true;
            }
        }
        return false;
    }

    private static bool TryCompose(char kana, bool voiced, out char composed)
    {
        // Voiced (dakuten) forms sit one code point after the base for カ..ト and ハ..ホ; semi-voiced (handakuten)
        // two after, for ハ..ホ only. ウ+゛ is ヴ.
        composed = kana;
        if (voiced && kana == 'ウ')
        {
            composed = 'ヴ';
            return true;
        }
        if (voiced && "カキクケコサシスセソタチツテトハヒフヘホ".Contains(kana, StringComparison.Ordinal))
        {
            composed = (char)(kana + 1);
            return true;
        }
        if (!voiced && "ハヒフヘホ".Contains(kana, StringComparison.Ordinal))
        {
            composed = (char)(kana + 2);
            return true;
        }
        return false;
    }
}
