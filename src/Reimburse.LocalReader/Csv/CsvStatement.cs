using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Reimburse.Japanese;
using Reimburse.Statements;

namespace Reimburse.LocalReader.Csv;

/// <summary>
/// Card companies' CSV statements (利用明細 downloads): Shift_JIS or UTF-8, comma or tab separated, with or without
/// a preamble (card name, member, card number) and a header row. Each transaction becomes one line
/// "date  description  ¥amount  other text" for the shared fee-line parser.
/// </summary>
internal static partial class CsvStatement
{
    private static readonly Lazy<Encoding> ShiftJis = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>Decodes the file: UTF-8 (with or without BOM) when valid, otherwise Shift_JIS (cp932).</summary>
    public static string Decode(ReadOnlySpan<byte> content, out string encodingName)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            encodingName = "UTF-8";
            return Encoding.UTF8.GetString(content[3..]);
        }
        if (System.Text.Unicode.Utf8.IsValid(content))
        {
            encodingName = "UTF-8";
            return Encoding.UTF8.GetString(content);
        }
        encodingName = "Shift_JIS";
        try
        {
            return ShiftJis.Value.GetString(content);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException("The CSV file is neither UTF-8 nor Shift_JIS.", ex);
        }
    }

    /// <summary>Rows and cells of RFC 4180 text (quoted cells, doubled quotes, line breaks inside quotes).</summary>
    public static List<List<string>> Parse(string text, char separator, int maxRows)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
                continue;
            }
            if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                if (rows.Count >= maxRows)
                {
                    return rows;
                }
            }
            else
            {
                cell.Append(c);
            }
        }
        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Turns a decoded CSV statement into statement lines.</summary>
    public static IReadOnlyList<StatementLine> ToLines(string text, int maxRows, out bool truncated)
    {
        var separator = Separator(text);
        var rows = Parse(text, separator, maxRows + 1)
            .Select(r => r.Select(c => c.Trim()).ToList())
            .Where(r => r.Any(c => c.Length > 0))
            .ToList();
        truncated = rows.Count > maxRows;
        if (truncated)
        {
            rows = rows.Take(maxRows).ToList();
        }
        var headerIndex = rows.FindIndex(IsHeader);
        var header = headerIndex >= 0 ? rows[headerIndex] : null;
        var dataStart = headerIndex + 1;
        var amountColumn = header is not null ? AmountColumn(header) : -1;
        if (amountColumn < 0)
        {
            amountColumn = GuessAmountColumn(rows.Skip(dataStart).Where(IsTransaction).ToList());
        }

        var lines = new List<StatementLine>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (r == headerIndex || r < dataStart || !IsTransaction(row))
            {
                lines.Add(new StatementLine(string.Join("  ", row.Where(c => c.Length > 0).Select(FormatLooseCell))));
                continue;
            }
            lines.Add(new StatementLine(TransactionLine(row, amountColumn)));
        }
        return lines;
    }

    private static string TransactionLine(List<string> row, int amountColumn)
    {
        var parts = new List<string>();
        var rest = new List<string>();
        string? amount = null;
        for (var c = 0; c < row.Count; c++)
        {
            var cell = row[c];
            if (cell.Length == 0)
            {
                continue;
            }
            if (c == amountColumn && TryInteger(cell, out var value))
            {
                amount = FormatYen(value);
            }
            else if (Wareki.FindAll(cell).Count > 0 || !TryInteger(cell, out _))
            {
                // Dates and text in order; other numbers (instalment counts, fees of 0, balances) are left out so
                // the fee line holds one amount.
                (amount is null ? parts : rest).Add(cell);
            }
        }
        if (amount is not null)
        {
            parts.Add(amount);
        }
        parts.AddRange(rest);
        return string.Join("  ", parts);
    }

    private static string FormatLooseCell(string cell) =>
        TryInteger(cell, out var value) && Math.Abs(value) >= 10 ? FormatYen(value) : cell;

    private static string FormatYen(long value) =>
        (value < 0 ? "-¥" : "¥") + Math.Abs(value).ToString("#,0", CultureInfo.InvariantCulture);

    private static bool IsTransaction(List<string> row) =>
        row.Any(c => Wareki.FindAll(c).Count > 0 || ShortDate().IsMatch(c)) && row.Any(c => TryInteger(c, out _));

    private static bool IsHeader(List<string> row) => row.Count(c => HeaderWord().IsMatch(c)) >= 2;

    private static int AmountColumn(List<string> header)
    {
        string[] preferred = ["ご利用金額", "利用金額", "ご利用額", "利用額", "金額", "お支払金額", "支払金額", "請求額"];
        foreach (var name in preferred)
        {
            var index = header.FindIndex(h => Width.Normalize(h).Contains(name, StringComparison.Ordinal) && !h.Contains("手数料", StringComparison.Ordinal));
            if (index >= 0)
            {
                return index;
            }
        }
        return -1;
    }

    private static int GuessAmountColumn(List<List<string>> rows)
    {
        if (rows.Count == 0)
        {
            return -1;
        }
        var width = rows.Max(r => r.Count);
        for (var c = 1; c < width; c++)
        {
            var values = rows.Select(r => c < r.Count && TryInteger(r[c], out var v) ? v : (long?)null).ToList();
            var numeric = values.Count(v => v is not null);
            if (numeric * 10 >= rows.Count * 6 && values.Any(v => Math.Abs(v ?? 0) >= 100))
            {
                return c;
            }
        }
        return -1;
    }

    private static bool TryInteger(string cell, out long value)
    {
        var text = Width.Normalize(cell).Replace(",", string.Empty, StringComparison.Ordinal).Replace("¥", string.Empty, StringComparison.Ordinal).Replace("円", string.Empty, StringComparison.Ordinal).Trim();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && text.Length <= 10;
    }

    private static char Separator(string text)
    {
        var sample = text.Length > 8192 ? text[..8192] : text;
        return sample.Count(c => c == '\t') > sample.Count(c => c == ',') ? '\t' : ',';
    }

    [GeneratedRegex(@"^(?:ご?利用日|ご?利用年月日|取引日|日付|ご?利用店名|ご?利用先|利用店名・商品名|摘要|内容|ご?利用者|支払方法|支払区分|ご?利用金額|金額|お?支払金額|支払総額|備考|明細)", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderWord();

    [GeneratedRegex(@"^\d{1,2}/\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortDate();
}
