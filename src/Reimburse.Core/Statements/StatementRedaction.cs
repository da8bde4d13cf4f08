using System.Text;
using System.Text.RegularExpressions;
using Reimburse.Privacy;

namespace Reimburse.Statements;

/// <summary>How much a redaction masked.</summary>
/// <param name="CardNumbers">Full card numbers (Luhn-valid, or card-shaped digit groups OCR may have damaged).</param>
/// <param name="SecurityCodes">Security codes (セキュリティコード, CVV, CVC …).</param>
public readonly record struct RedactionCounts(int CardNumbers, int SecurityCodes)
{
    public static RedactionCounts operator +(RedactionCounts a, RedactionCounts b) =>
        new(a.CardNumbers + b.CardNumbers, a.SecurityCodes + b.SecurityCodes);

    public static RedactionCounts Add(RedactionCounts a, RedactionCounts b) => a + b;
}

/// <summary>
/// Masks what must never leave a statement reader: full card numbers (to the last four digits) and security codes.
/// Readers apply it to every line before anything else looks at the text.
/// </summary>
/// <remarks>
/// <see cref="CardNumbers.Redact(string)"/> masks Luhn-valid numbers. OCR can break the check digit of a printed
/// number ("4980 1234 5678 9O12"), which then is no longer Luhn-valid but still a card number to anyone reading it,
/// so card-shaped groups (4-4-4-1..7, 4-6-5, or 13–19 digits in one run) are masked too, Luhn or not.
/// </remarks>
public static partial class StatementRedaction
{
    /// <summary>Masks card numbers and security codes in <paramref name="text"/>.</summary>
    public static string Redact(string text, out RedactionCounts counts)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = CardNumbers.Redact(text, out var luhn);
        var shaped = 0;
        redacted = CardShaped().Replace(redacted, m =>
        {
            var digits = CountDigits(m.Value);
            if (digits < 12)
            {
                return m.Value;
            }
            shaped++;
            return CardNumbers.Mask(LastDigits(m.Value, 4));
        });
        var codes = 0;
        redacted = SecurityCode().Replace(redacted, m =>
        {
            codes++;
            var code = m.Groups["code"];
            return string.Concat(m.Value.AsSpan(0, code.Index - m.Index), new string(CardNumbers.MaskChar, code.Length));
        });
        counts = new RedactionCounts(luhn + shaped, codes);
        return redacted;
    }

    /// <summary>Masks and discards the counts.</summary>
    public static string Redact(string text) => Redact(text, out _);

    private static int CountDigits(string value) => value.Count(c => c is (>= '0' and <= '9') or (>= '０' and <= '９'));

    private static string LastDigits(string value, int n)
    {
        var sb = new StringBuilder(n);
        for (var i = value.Length - 1; i >= 0 && sb.Length < n; i--)
        {
            var c = value[i];
            if (c is >= '0' and <= '9')
            {
                sb.Insert(0, c);
            }
            else if (c is >= '０' and <= '９')
            {
                sb.Insert(0, (char)(c - '０' + '0'));
            }
            else if (c is 'O' or 'o')
            {
                sb.Insert(0, '0');
            }
            else if (c is 'l' or 'I' or '|')
            {
                sb.Insert(0, '1');
            }
        }
        return sb.ToString();
    }

    // Card-shaped groups; letters OCR puts in place of digits count as digit positions (the caller requires ≥ 12
    // real digits, so ordinary words never match).
    [GeneratedRegex(
        """
        (?<![0-9０-９OolI|])
        (?:
            (?:[0-9０-９OolI|]{4}[ \-－　]?){3}[0-9０-９OolI|]{1,7}
          | [0-9０-９OolI|]{4}[ \-－　]?[0-9０-９OolI|]{6}[ \-－　]?[0-9０-９OolI|]{5}
          | [0-9０-９]{13,19}
        )
        (?![0-9０-９])
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex CardShaped();

    [GeneratedRegex(
        """
        (?:セ\s?キ\s?ュ\s?リ\s?テ\s?ィ\s?ー?\s?(?:コ\s?ー\s?ド|番\s?号)|CVV2?|CVC2?|CAV2|CID|CSC|security\s?code|裏面の?\s?[34３４]\s?桁の?\s?(?:番号|数字)?)
        [\s:：()（）は]{0,4}
        (?<code>[0-9０-９]{3,4})
        (?![0-9０-９])
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecurityCode();
}
