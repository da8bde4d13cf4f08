using System.Text;

namespace Reimburse.Privacy;

/// <summary>
/// Finds and masks primary account numbers (Luhn-valid runs of 13–19 digits, possibly grouped by spaces or
/// hyphens, half- or full-width) so that no full card number is ever stored, logged or exported.
/// </summary>
public static class CardNumbers
{
    public const char MaskChar = '*';

    /// <summary>True when <paramref name="digits"/> (ASCII digits only) passes the Luhn check.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length == 0)
        {
            return false;
        }
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var c = digits[i];
            if (c is < '0' or > '9')
            {
                return false;
            }
            var n = c - '0';
            if (doubleIt)
            {
                n *= 2;
                if (n > 9)
                {
                    n -= 9;
                }
            }
            sum += n;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /// <summary>True when <paramref name="text"/> holds at least one full card number.</summary>
    public static bool ContainsCardNumber(string? text)
    {
        if (text is null)
        {
            return false;
        }
        Redact(text, out var count);
        return count > 0;
    }

    /// <summary>
    /// Replaces every full card number in <paramref name="text"/> by a mask that keeps only the last four digits
    /// (e.g. <c>****-****-****-1234</c>); <paramref name="count"/> says how many were masked.
    /// </summary>
    /// <remarks>
    /// A number is a run of digit groups joined by single spaces or hyphens. The card number may be only the start
    /// of such a run — on a statement line a 16-digit number in groups of four may be followed by the fee ("1,100"),
    /// or the same digits run together by "1100" — so every prefix that ends at a group boundary (or, inside one long
    /// group, every prefix of 13–19 digits) is tried, longest first; what follows the card number is kept.
    /// </remarks>
    public static string Redact(string text, out int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        count = 0;
        StringBuilder? sb = null;
        var last = 0;
        var i = 0;
        var digits = new StringBuilder(24);
        var ends = new List<(int DigitCount, int TextEnd, bool GroupEnd)>(24);
        while (i < text.Length)
        {
            if (!IsDigit(text[i]) || (i > 0 && IsDigit(text[i - 1])))
            {
                i++;
                continue;
            }
            digits.Clear();
            ends.Clear();
            var j = i;
            while (j < text.Length && digits.Length < 64)
            {
                if (IsDigit(text[j]))
                {
                    digits.Append(ToAscii(text[j]));
                    j++;
                    var groupEnd = j >= text.Length || !IsDigit(text[j]);
                    ends.Add((digits.Length, j, groupEnd));
                }
                else if (IsSeparator(text[j]) && j + 1 < text.Length && IsDigit(text[j + 1]))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }
            var pan = FindPanPrefix(digits, ends);
            if (pan is { } found)
            {
                sb ??= new StringBuilder(text.Length);
                sb.Append(text, last, i - last);
                sb.Append(Mask(digits.ToString(0, found.DigitCount)));
                last = found.TextEnd;
                count++;
                i = found.TextEnd;
            }
            else
            {
                // A card number may still start at the next group (a stray group of four digits, then the real card number).
                var firstGroupEnd = ends.FirstOrDefault(e => e.GroupEnd).TextEnd;
                i = firstGroupEnd > i ? firstGroupEnd : i + 1;
            }
        }
        if (sb is null)
        {
            return text;
        }
        sb.Append(text, last, text.Length - last);
        return sb.ToString();
    }

    // The longest Luhn-valid prefix of 13–19 digits that ends where a group ends; inside a group longer than 19
    // digits (no separators at all), any prefix length counts, since nothing marks where the card number stops.
    private static (int DigitCount, int TextEnd)? FindPanPrefix(StringBuilder digits, List<(int DigitCount, int TextEnd, bool GroupEnd)> ends)
    {
        var firstGroupLength = ends.FirstOrDefault(e => e.GroupEnd).DigitCount;
        var oneLongGroup = firstGroupLength == 0 || firstGroupLength > 19;
        for (var k = ends.Count - 1; k >= 0; k--)
        {
            var (n, end, groupEnd) = ends[k];
            if (n is < 13 or > 19 || !(groupEnd || (oneLongGroup && n < firstGroupLength)))
            {
                continue;
            }
            if (IsLuhnValid(digits.ToString(0, n)))
            {
                return (n, end);
            }
        }
        return null;
    }

    /// <summary>Redacts and discards the count.</summary>
    public static string Redact(string text) => Redact(text, out _);

    /// <summary>The masked form of a full number: all but the last four digits replaced, grouped by four.</summary>
    public static string Mask(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var last4 = digits.Length >= 4 ? digits[^4..] : digits;
        return "****-****-****-" + last4;
    }

    /// <summary>The last four digits of a number that may be grouped, full-width or masked; null when fewer than four digits.</summary>
    public static string? Last4(string? value)
    {
        if (value is null)
        {
            return null;
        }
        Span<char> buffer = stackalloc char[4];
        var n = 0;
        for (var i = value.Length - 1; i >= 0 && n < 4; i--)
        {
            if (IsDigit(value[i]))
            {
                buffer[3 - n] = ToAscii(value[i]);
                n++;
            }
        }
        return n == 4 ? new string(buffer) : null;
    }

    private static bool IsDigit(char c) => c is (>= '0' and <= '9') or (>= '０' and <= '９');

    private static char ToAscii(char c) => c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c;

    private static bool IsSeparator(char c) => c is ' ' or '-' or '　' or '－' or '‐' or '−';
}
