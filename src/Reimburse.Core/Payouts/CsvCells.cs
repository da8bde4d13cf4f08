using System.Text;
using Reimburse.Privacy;

namespace Reimburse.Payouts;

/// <summary>
/// Cells for CSV files that people open in Excel: RFC 4180 quoting, formula injection neutralised, card numbers masked.
/// </summary>
/// <remarks>
/// A spreadsheet treats a cell that starts with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> (and, in Japanese Excel,
/// their full-width forms <c>＝ ＋ － ＠</c>), or with a tab or carriage return before one, as a formula: a claimant's
/// name like <c>=HYPERLINK(...)</c> would run on finance's machine. Such a cell gets a leading apostrophe, which
/// spreadsheets show as text and people can read. Amounts are written as plain digits (refunds are never
/// negative), so no number is altered.
/// </remarks>
public static class CsvCells
{
    /// <summary>True when a spreadsheet could read <paramref name="value"/> as a formula.</summary>
    public static bool IsFormulaLike(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        // Leading blanks do not stop every spreadsheet from reading a formula, so look past them.
        var i = 0;
        while (i < value.Length && value[i] is ' ' or '　')
        {
            i++;
        }
        if (i == value.Length)
        {
            return false;
        }
        return value[i] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '＝' or '＋' or '－' or '＠';
    }

    /// <summary>The value with a leading apostrophe when it is formula-like, otherwise unchanged.</summary>
    public static string Neutralise(string? value) =>
        value is null ? string.Empty : IsFormulaLike(value) ? "'" + value : value;

    /// <summary>
    /// Appends <paramref name="value"/> as one cell: card numbers masked to the last four digits (invariant 4 holds
    /// for every export), formula-like text neutralised, RFC 4180 quoted when needed.
    /// </summary>
    public static void AppendCell(StringBuilder line, string? value)
    {
        ArgumentNullException.ThrowIfNull(line);
        var safe = Neutralise(value is null || !HasCardLength(value) ? value : CardNumbers.Redact(value));
        if (safe.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(safe);
            return;
        }
        line.Append('"').Append(safe.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    // A card number has at least 13 digits; most cells have far fewer, and skip the full scan.
    private static bool HasCardLength(string value)
    {
        var digits = 0;
        foreach (var c in value)
        {
            if (c is (>= '0' and <= '9') or (>= '０' and <= '９') && ++digits >= 13)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Appends one CSV row of <paramref name="cells"/> and its CR LF.</summary>
    public static void AppendRow(StringBuilder line, IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }
            AppendCell(line, cells[i]);
        }
        line.Append("\r\n");
    }
}
