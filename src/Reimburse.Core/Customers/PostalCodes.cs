namespace Reimburse.Customers;

/// <summary>Japanese postal codes (郵便番号): seven digits, written <c>123-4567</c>, <c>１２３−４５６７</c>, <c>〒1234567</c>, ….</summary>
public static class PostalCodes
{
    /// <summary>The seven ASCII digits of <paramref name="value"/>, or null when it is not a postal code.</summary>
    public static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }
        Span<char> digits = stackalloc char[7];
        var n = 0;
        var separated = false;
        foreach (var c in value)
        {
            if (c is >= '0' and <= '9' or >= '０' and <= '９')
            {
                if (n == 7)
                {
                    return null;
                }
                digits[n++] = c >= '０' ? (char)(c - '０' + '0') : c;
            }
            else if (IsSeparator(c) && n == 3 && !separated)
            {
                // One separator, and only between the third and the fourth digit.
                separated = true;
            }
            else if (!IsSpaceOrMark(c))
            {
                return null;
            }
        }
        return n == 7 ? new string(digits) : null;
    }

    /// <summary>The display form <c>123-4567</c> of a normalized code.</summary>
    public static string Format(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        return normalized.Length == 7 ? normalized[..3] + "-" + normalized[3..] : normalized;
    }

    private static bool IsSeparator(char c) => c is '-' or '－' or '−' or '‐' or 'ー' or '―' or '‑' or '–' or 'ｰ';

    private static bool IsSpaceOrMark(char c) => c is ' ' or '　' or '〒' or '\t';
}
