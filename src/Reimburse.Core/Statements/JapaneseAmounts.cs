using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Reimburse.Japanese;
using Reimburse.Money;

namespace Reimburse.Statements;

/// <summary>Whether a printed amount includes consumption tax.</summary>
public enum TaxTreatment
{
    /// <summary>The text does not say.</summary>
    Unstated,

    /// <summary>税込 / 内税.</summary>
    Included,

    /// <summary>税抜 / 税別 / +税: tax comes on top.</summary>
    Excluded,
}

/// <summary>An amount of money found in a line of (width-normalised) text.</summary>
/// <param name="Value">The amount.</param>
/// <param name="Index">Start in the prepared line (<see cref="JapaneseAmounts.Prepare"/>).</param>
/// <param name="Length">Length in the prepared line, including ¥ / 円 and the tax note.</param>
/// <param name="Marked">Written with ¥ or 円 (a bare number in a table column is not marked).</param>
/// <param name="Tax">What the text says about tax.</param>
/// <param name="IsTaxPart">The amount is itself a tax (消費税 100円, うち消費税100円).</param>
/// <param name="Negative">Written as a credit (-, △, ▲).</param>
/// <param name="Digits">The digits as printed, without separators (for OCR-confusion repair).</param>
public sealed record AmountMatch(
    Yen Value,
    int Index,
    int Length,
    bool Marked,
    TaxTreatment Tax,
    bool IsTaxPart,
    bool Negative,
    string Digits);

/// <summary>
/// Reads yen amounts in the forms Japanese documents print them: 1,100円, ¥1,100, ￥１，１００, 1100 円（税込）,
/// 1,000円+税, and the forms OCR turns them into (¥ read as a backslash, a thousands comma read as a period or
/// followed by a space, O/l inside digits).
/// </summary>
public static partial class JapaneseAmounts
{
    /// <summary>
    /// Width-normalises a line and repairs OCR's usual damage to amounts; the result has the same length as the
    /// width-normalised line, so indices stay comparable.
    /// </summary>
    /// <param name="line">The raw line.</param>
    /// <param name="ocr">Also map letters OCR confuses with digits (O→0, l/I/|→1) when they sit inside a number.</param>
    public static string Prepare(string line, bool ocr)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = Width.Normalize(line);
        var chars = text.ToCharArray();
        if (ocr)
        {
            for (var i = 0; i < chars.Length; i++)
            {
                var c = chars[i];
                if (c is 'O' or 'o' or 'l' or 'I' or '|' && InsideNumber(chars, i))
                {
                    chars[i] = c is 'O' or 'o' ? '0' : '1';
                }
                else if (c is 'l' or 'I' or '|' && StartsNumber(chars, i))
                {
                    // A leading 1 read as I, l or |: "I100 円" is 1100, not 100.
                    chars[i] = '1';
                }
                else if (c is '幅' or '門' or '田' or '冂' or '丹' && i > 0 && chars[i - 1] is >= '0' and <= '9'
                    && (i + 1 >= chars.Length || chars[i + 1] is ' ' or '(' or '-' or '.' or ',' or '。' or '、'))
                {
                    // 円 misread as a similar kanji right after an amount.
                    chars[i] = '円';
                }
            }
        }
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            // Shift_JIS fonts draw 0x5C as ¥, and OCR reads ¥ as a backslash: before a number it is the yen sign.
            if (c == '\\' && NextNonSpaceIsDigit(chars, i + 1))
            {
                chars[i] = '¥';
            }
            else if (ocr && c == 'Y' && IsYenPosition(chars, i))
            {
                // ¥ read as a Latin Y (its strokes are a Y with bars).
                chars[i] = '¥';
                if (i + 1 < chars.Length && chars[i + 1] is 'O' or 'o' && (i + 2 >= chars.Length || !char.IsLetterOrDigit(chars[i + 2])))
                {
                    chars[i + 1] = '0';
                }
            }
        }
        return new string(chars);
    }

    /// <summary>All amounts in a prepared line, left to right.</summary>
    /// <param name="prepared">A line from <see cref="Prepare"/>.</param>
    /// <param name="includeBare">Also return numbers without ¥/円 (table columns), except dates, percentages and long digit runs.</param>
    public static IReadOnlyList<AmountMatch> FindAll(string prepared, bool includeBare)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var result = new List<AmountMatch>();
        var dates = Wareki.FindAll(prepared);
        foreach (Match m in AmountPattern().Matches(prepared))
        {
            var num = m.Groups["num"];
            if (dates.Any(d => num.Index < d.Index + d.Length && d.Index < num.Index + num.Length))
            {
                continue;
            }
            var digits = DigitsOnly(num.Value);
            var marked = m.Groups["yen"].Success || m.Groups["unit"].Success;
            if (!marked && !includeBare)
            {
                continue;
            }
            if (!marked && !IsPlausibleBareAmount(prepared, num.Index, num.Length, digits))
            {
                continue;
            }
            if (digits.Length > 9)
            {
                continue;
            }
            var value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            var end = m.Index + m.Length;
            var (tax, noteLength) = TaxAfter(prepared, end);
            if (tax == TaxTreatment.Unstated)
            {
                tax = TaxBefore(prepared, m.Index);
            }
            result.Add(new AmountMatch(
                new Yen(value),
                m.Index,
                m.Length + noteLength,
                marked,
                tax,
                IsTaxPart: TaxLabelBefore().IsMatch(prepared.AsSpan(0, m.Index).ToString()),
                Negative: m.Groups["neg"].Success,
                digits));
        }
        return result;
    }

    /// <summary>Parses a text that is one amount ("1,100円", "¥1,100", "１１００"); false otherwise.</summary>
    public static bool TryParse(string? text, out Yen amount)
    {
        amount = Yen.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var prepared = Prepare(text.Trim(), ocr: false);
        var found = FindAll(prepared, includeBare: true);
        if (found.Count != 1 || found[0].Index != 0 || found[0].Negative)
        {
            return false;
        }
        var rest = prepared[found[0].Length..].Trim();
        if (rest.Length != 0 && rest != "-")
        {
            return false;
        }
        amount = found[0].Value;
        return true;
    }

    /// <summary>The consumption-tax rate in force on <paramref name="date"/> (10% from 2019-10-01, 8% from 2014-04-01, 5% before).</summary>
    public static decimal TaxRateOn(DateOnly? date) => date switch
    {
        null => 0.10m,
        { } d when d >= new DateOnly(2019, 10, 1) => 0.10m,
        { } d when d >= new DateOnly(2014, 4, 1) => 0.08m,
        _ => 0.05m,
    };

    /// <summary>The tax-inclusive amount for a tax-exclusive <paramref name="net"/> (tax rounded down, as issuers do).</summary>
    public static Yen WithTax(Yen net, DateOnly? date) =>
        new(net.Amount + (long)decimal.Floor(net.Amount * TaxRateOn(date)));

    private static string DigitsOnly(string number)
    {
        var sb = new StringBuilder(number.Length);
        foreach (var c in number)
        {
            if (c is >= '0' and <= '9')
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool IsPlausibleBareAmount(string text, int index, int length, string digits)
    {
        // A bare number counts only when it looks like a money column: grouped by thousands, or 2–7 digits that
        // are not part of a code (followed by %, 回, 件, 枚, 桁, or glued to letters/hyphens).
        if (digits.Length > 7 || (digits.Length < 2 && digits != "0"))
        {
            // Single digits are counts (1回, 2枚) and day numbers; a lone 0 is a waived fee in a table column.
            return false;
        }
        var after = index + length < text.Length ? text[index + length] : ' ';
        var before = index > 0 ? text[index - 1] : ' ';
        if (after is '%' or '回' or '件' or '枚' or '桁' or '月' or '年' or '日' or '番' or '-' or '*' or ':' or '/' || char.IsAsciiLetter(after))
        {
            return false;
        }
        if (before is '-' or '*' or '#' or '/' or ':' || char.IsAsciiLetter(before) || before == '第')
        {
            return false;
        }
        if (after >= '\u3040' && after != '円')
        {
            // Glued to a kana or kanji: a day, a count or a misread date ("10昌"), not a money column.
            return false;
        }
        // Leading zeros are codes (0120…, 0001), not money.
        return digits[0] != '0' || digits == "0";
    }

    private static (TaxTreatment Tax, int Length) TaxAfter(string text, int start)
    {
        var m = TaxNoteAfter().Match(text, start);
        if (!m.Success)
        {
            return (TaxTreatment.Unstated, 0);
        }
        var tax = m.Groups["ex"].Success ? TaxTreatment.Excluded : TaxTreatment.Included;
        return (tax, m.Length);
    }

    private static TaxTreatment TaxBefore(string text, int index)
    {
        var m = TaxNoteBefore().Match(text[..index]);
        if (!m.Success)
        {
            return TaxTreatment.Unstated;
        }
        return m.Groups["ex"].Success ? TaxTreatment.Excluded : TaxTreatment.Included;
    }

    private static bool NextNonSpaceIsDigit(char[] chars, int i)
    {
        while (i < chars.Length && chars[i] == ' ')
        {
            i++;
        }
        return i < chars.Length && chars[i] is >= '0' and <= '9';
    }

    private static bool StartsNumber(char[] chars, int i)
    {
        var before = i > 0 ? chars[i - 1] : ' ';
        var next = i + 1 < chars.Length ? chars[i + 1] : ' ';
        var afterNext = i + 2 < chars.Length ? chars[i + 2] : ' ';
        // Only where a number may start, and only when a real number follows (two digits, or a digit and a comma).
        return before is ' ' or '¥' or '(' or '\\' or ':' or 'Y'
            && ((next is >= '0' and <= '9' && afterNext is (>= '0' and <= '9') or ',' or '.')
                || (next is ',' or '.' && afterNext is >= '0' and <= '9'));
    }

    private static bool IsYenPosition(char[] chars, int i)
    {
        var before = i > 0 ? chars[i - 1] : ' ';
        var next = i + 1 < chars.Length ? chars[i + 1] : ' ';
        var afterNext = i + 2 < chars.Length ? chars[i + 2] : ' ';
        if (char.IsAsciiLetter(before))
        {
            return false;
        }
        return next is >= '0' and <= '9'
            || (next is 'O' or 'o' && !char.IsAsciiLetter(afterNext));
    }

    private static bool InsideNumber(char[] chars, int i)
    {
        static bool IsNumberChar(char c) => c is (>= '0' and <= '9') or 'O' or 'o' or 'l' or 'I' or '|';
        var prev = i > 0 ? chars[i - 1] : ' ';
        var prev2 = i > 1 ? chars[i - 2] : ' ';
        var next = i + 1 < chars.Length ? chars[i + 1] : ' ';
        var next2 = i + 2 < chars.Length ? chars[i + 2] : ' ';
        var digitBefore = prev is >= '0' and <= '9' or '¥' || (prev is ',' or '.' && prev2 is >= '0' and <= '9');
        var digitAfter = next is >= '0' and <= '9' or '円' || (next is ',' or '.' && next2 is >= '0' and <= '9') || (IsNumberChar(next) && next2 is >= '0' and <= '9' or '円');
        // Both sides numeric, or a digit on one side and the number's end (円 or ,ddd) on the other.
        return digitBefore && digitAfter;
    }

    // An amount: optional credit sign, optional ¥, digits grouped by thousands (',' or OCR's '.', with a stray
    // space tolerated) or a plain run, optional 円 / '-' (receipts print ¥1,100-).
    [GeneratedRegex(
        """
        (?<neg>[-△▲]\s?)?
        (?:(?<yen>¥)\s?)?
        (?<![\d,.])
        (?<num>\d{1,3}(?:\s?[,.]{1,2}\s?\d{3})+|\d+)
        (?![\d]|\.\d|,\d)
        (?:\s?(?<unit>円))?
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();

    [GeneratedRegex(
        @"\G\s?(?:[(]\s?)?(?:(?<in>税込み?|内税|消費税込み?|税込価格)|(?<ex>税抜き?|税別|外税|消費税別|[+]\s?(?:消費)?税))(?:\s?[)])?",
        RegexOptions.CultureInvariant)]
    private static partial Regex TaxNoteAfter();

    [GeneratedRegex(@"(?:(?<in>税込み?|内税)|(?<ex>税抜き?|税別|本体価格))\s?[:]?\s?$", RegexOptions.CultureInvariant)]
    private static partial Regex TaxNoteBefore();

    [GeneratedRegex(@"(?:消費税(?:等)?(?:相当額)?|税額|うち税|内税額)\s?(?:[(]\s?\d+\s?%\s?[)])?\s?(?:額)?\s?[:]?\s?(?:¥\s?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TaxLabelBefore();
}
