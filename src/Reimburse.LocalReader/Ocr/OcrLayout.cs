using System.Text;
using Reimburse.Statements;

namespace Reimburse.LocalReader.Ocr;

/// <summary>A line rebuilt from OCR words, with the words it came from.</summary>
internal sealed record OcrLine(string Text, double Confidence, IReadOnlyList<OcrWord> Words)
{
    public int Left => Words.Min(w => w.Left);

    public int Top => Words.Min(w => w.Top);

    public int Right => Words.Max(w => w.Right);

    public int Bottom => Words.Max(w => w.Bottom);

    public StatementLine ToStatementLine() => new(Text, Confidence);
}

/// <summary>
/// Rebuilds the rows of a page from Tesseract's word boxes. Tesseract's own blocks split a table row whose label
/// and amount columns are far apart; grouping words by their vertical position keeps "再発行手数料 … 1,100円" on one
/// line, which is what the fee-line parser needs.
/// </summary>
internal static class OcrLayout
{
    public static IReadOnlyList<OcrLine> ToLines(IReadOnlyList<OcrWord> words)
    {
        var rows = new List<List<OcrWord>>();
        foreach (var word in Clean(words).OrderBy(w => w.CenterY))
        {
            List<OcrWord>? best = null;
            var bestDistance = double.MaxValue;
            foreach (var row in rows)
            {
                var height = Median(row.Select(w => w.Height));
                var center = Median(row.Select(w => w.CenterY));
                var distance = Math.Abs(word.CenterY - center);
                if (distance < 0.5 * Math.Max(height, Math.Min(word.Height, height * 1.5)) && distance < bestDistance)
                {
                    best = row;
                    bestDistance = distance;
                }
            }
            if (best is null)
            {
                rows.Add([word]);
            }
            else
            {
                best.Add(word);
            }
        }
        return rows
            .Select(r => r.OrderBy(w => w.Left).ToList())
            .OrderBy(r => Median(r.Select(w => w.CenterY)))
            .Select(ToLine)
            .ToList();
    }

    /// <summary>Words known to form one line (a single-line re-read), joined left to right.</summary>
    public static OcrLine SingleLine(IReadOnlyList<OcrWord> words) => ToLine(Clean(words).OrderBy(w => w.Left).ToList());

    // What is left of table rules after line removal reads as | or [ ]: noise between a label and its amount.
    private static IEnumerable<OcrWord> Clean(IEnumerable<OcrWord> words) =>
        words
            .Select(w => w with { Text = w.Text.Trim('|', '[', ']', '丨', '｜') })
            .Where(w => w.Height > 0 && w.Text.Length > 0);

    private static OcrLine ToLine(List<OcrWord> row)
    {
        if (row.Count == 0)
        {
            return new OcrLine(string.Empty, 0, row);
        }
        var height = Math.Max(1, Median(row.Select(w => w.Height)));
        var sb = new StringBuilder();
        for (var i = 0; i < row.Count; i++)
        {
            if (i > 0)
            {
                var gap = row[i].Left - row[i - 1].Right;
                if (gap > 1.5 * height)
                {
                    // A column gap: two spaces, as pdftotext -layout would print it.
                    sb.Append("  ");
                }
                else if (gap > 0.45 * height || (IsAsciiWord(row[i - 1].Text) && IsAsciiWord(row[i].Text) && gap > 0.25 * height))
                {
                    sb.Append(' ');
                }
            }
            sb.Append(row[i].Text);
        }
        return new OcrLine(sb.ToString(), LineConfidence(row), row);
    }

    private static double LineConfidence(List<OcrWord> row) =>
        StatementLine.ConfidenceOf(row.Select(w => (w.Text, w.Confidence / 100.0)));

    private static bool IsAsciiWord(string text) => text.Length > 0 && text.All(c => c < 128);

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
