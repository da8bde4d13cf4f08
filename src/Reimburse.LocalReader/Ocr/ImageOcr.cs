using System.Globalization;
using Reimburse.LocalReader.Images;
using Reimburse.Statements;

namespace Reimburse.LocalReader.Ocr;

/// <summary>Lines read from one image, with what the reader had to do to read them.</summary>
internal sealed record OcrResult(IReadOnlyList<OcrLine> Lines, double MeanConfidence, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads one page image: gray, size normalised, turned upright (Tesseract OSD when the first read looks wrong),
/// straightened, recognised, rows rebuilt, and the lines that carry amounts read a second time at a larger scale
/// so that a digit OCR confused shows up as a disagreement instead of a confident wrong number.
/// </summary>
internal sealed class ImageOcr(LocalReaderOptions options)
{
    private const int SmallestTextHeight = 20;
    private const int LargestTextHeight = 80;

    /// <summary>Reads <paramref name="source"/> with the engines of <paramref name="lease"/>.</summary>
    /// <param name="source">The decoded image.</param>
    /// <param name="resolution">Its resolution if known (scans, rasterised PDFs), else null (photos).</param>
    /// <param name="detectOrientation">Allow orientation detection (photos and scans); rasterised PDF pages are upright.</param>
    /// <param name="lease">Engines for this document.</param>
    public OcrResult Read(Pix source, int? resolution, bool detectOrientation, OcrLease lease)
    {
        var warnings = new List<string>();
        var engines = lease.Engines;
        var ppi = resolution is > 0 ? resolution.Value : 300;
        var gray = source.Depth == 8 ? source.Crop(0, 0, source.Width, source.Height) : source.ToGray();
        Pix? image = null;
        try
        {
            gray = ReplaceWith(gray, LimitSize(gray, ref ppi));
            var turned = detectOrientation && engines.Osd is { } osd ? TurnedClockwise(osd, gray, ppi) : 0;
            image = turned == 0 ? Prepare(gray, warnings, disposeInput: false) : Prepare(gray.RotateQuarterTurns(4 - (turned / 90)), warnings, disposeInput: true);
            var page = Recognize(engines.Recognizer, image, ppi);

            if (turned != 0)
            {
                // OSD is rarely wrong, but a wrong turn ruins the page: keep the turn only if it reads better.
                var unturned = Prepare(gray, [], disposeInput: false);
                var original = Recognize(engines.Recognizer, unturned, ppi);
                if (original.Mean > page.Mean + 5)
                {
                    image = ReplaceWith(image, unturned);
                    page = original;
                    turned = 0;
                }
                else
                {
                    unturned.Dispose();
                }
            }
            else if (detectOrientation && page.LooksWrong)
            {
                // OSD was unsure, and the page reads as scattered one- or two-character lines (horizontal text
                // recognised sideways) or as noise: try the other orientations and keep the best read.
                foreach (var quads in new[] { 1, 3, 2 })
                {
                    var candidate = Prepare(gray.RotateQuarterTurns(quads), [], disposeInput: true);
                    var read = Recognize(engines.Recognizer, candidate, ppi);
                    if (read.Quality > page.Quality * 1.5)
                    {
                        image = ReplaceWith(image, candidate);
                        page = read;
                        turned = (4 - quads) * 90;
                    }
                    else
                    {
                        candidate.Dispose();
                    }
                }
            }
            if (turned != 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"The image was turned {turned}°; it was read upright."));
            }

            var textHeight = page.TextHeight;
            if (textHeight is > 0 and < SmallestTextHeight)
            {
                var factor = Math.Min(3f, (float)SmallestTextHeight * 1.6f / textHeight);
                var larger = image.Scale(factor);
                var retry = Recognize(engines.Recognizer, larger, (int)(ppi * factor));
                if (retry.Mean >= page.Mean)
                {
                    image = ReplaceWith(image, larger);
                    ppi = (int)(ppi * factor);
                    page = retry;
                }
                else
                {
                    larger.Dispose();
                }
            }

            var lines = VerifyAmountLines(engines.Recognizer, image, ppi, page.Lines.ToList(), warnings);
            if (page.Mean < options.LowOcrConfidence * 100)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"The text was hard to read (mean OCR confidence {page.Mean:F0}%)."));
            }
            return new OcrResult(lines, page.Mean / 100.0, warnings.Distinct().ToList());
        }
        finally
        {
            image?.Dispose();
            gray.Dispose();
        }
    }

    /// <summary>Straightens a tilted page (the skew search covers about ±7°) and paints its ruled lines white.</summary>
    private static Pix Prepare(Pix upright, List<string> warnings, bool disposeInput)
    {
        try
        {
            using var deskewed = upright.Deskew(out var angle, out var skewConfidence);
            var straight = Math.Abs(angle) >= 0.3 && skewConfidence >= 2.0 ? deskewed : upright;
            if (ReferenceEquals(straight, deskewed) && Math.Abs(angle) >= 2.0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"The image is skewed by {angle:F1}°; it was straightened before reading."));
            }
            return straight.RemoveRuledLines(out _);
        }
        finally
        {
            if (disposeInput)
            {
                upright.Dispose();
            }
        }
    }

    /// <summary>How far the page is turned, by Tesseract's OSD on a reduced copy (OSD needs shapes, not detail).</summary>
    private int TurnedClockwise(TesseractEngine osd, Pix image, int ppi)
    {
        var longest = Math.Max(image.Width, image.Height);
        var factor = longest > 1200 ? 1200f / longest : 1f;
        using var small = factor < 1f ? image.Scale(factor) : image.Crop(0, 0, image.Width, image.Height);
        var orientation = osd.DetectOrientation(small, Math.Max(72, (int)(ppi * factor)));
        return orientation is { TurnedClockwise: 90 or 180 or 270 } o && o.Confidence >= options.OrientationMinConfidence ? o.TurnedClockwise : 0;
    }

    private static Pix ReplaceWith(Pix old, Pix replacement)
    {
        if (!ReferenceEquals(old, replacement))
        {
            old.Dispose();
        }
        return replacement;
    }

    private Pix LimitSize(Pix image, ref int ppi)
    {
        var longest = Math.Max(image.Width, image.Height);
        if (longest <= options.MaxImageSide)
        {
            return image;
        }
        var factor = (float)options.MaxImageSide / longest;
        ppi = Math.Max(72, (int)(ppi * factor));
        return image.Scale(factor);
    }

    private static PageRead Recognize(TesseractEngine engine, Pix image, int ppi)
    {
        var page = engine.Recognize(image, ppi, Tess.PsmSingleBlock);
        var lines = OcrLayout.ToLines(page.Words);
        var heights = page.Words.Where(w => w.Text.Any(c => c >= '\u3040')).Select(w => w.Height).Order().ToList();
        return new PageRead(
            lines,
            page.Words.Count == 0 ? 0 : page.MeanConfidence,
            heights.Count == 0 ? 0 : heights[heights.Count / 2]);
    }

    /// <summary>
    /// Reads every line that holds an amount a second time, cropped, enlarged by half, as a single line; Tesseract's
    /// digit confusions (0/6/8/9) rarely repeat at another scale. Agreement keeps the better confidence. On
    /// disagreement a third read at double size decides by majority; without a majority the line keeps its
    /// roundest reading and a confidence below the escalation threshold. A re-read that lost amounts (a digit
    /// dropped) is no evidence either way and is ignored.
    /// </summary>
    private List<OcrLine> VerifyAmountLines(TesseractEngine engine, Pix image, int ppi, List<OcrLine> lines, List<string> warnings)
    {
        if (!options.VerifyAmounts)
        {
            return lines;
        }
        var disagreements = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var first = Amounts(line.Text);
            var missingFee = first.Count == 0 && NamesFeeWithoutAmount(line.Text);
            if ((first.Count == 0 && !missingFee) || !IsWorthVerifying(line.Text))
            {
                continue;
            }
            var pad = Math.Max(4, (line.Bottom - line.Top) / 3);
            var left = Math.Max(0, line.Left - pad);
            var top = Math.Max(0, line.Top - pad);
            var width = Math.Min(image.Width - left, line.Right - line.Left + (2 * pad));
            var height = Math.Min(image.Height - top, line.Bottom - line.Top + (2 * pad));
            if (width <= 0 || height <= 0)
            {
                continue;
            }
            using var crop = image.Crop(left, top, width, height);
            var second = Reread(engine, crop, ppi, 1.5f);
            if (missingFee)
            {
                // The fee line lost its amount (a lone 0 of "0円" often vanishes): look again at two scales and
                // take what is found, with full confidence only when both looks agree.
                var again = Reread(engine, crop, ppi, 2f);
                var found = new[] { second, again }.Where(r => r is { Amounts.Count: > 0 }).Select(r => r!).ToList();
                if (found.Count == 0)
                {
                    continue;
                }
                var agree = found.Count == 2 && found[0].Amounts.SequenceEqual(found[1].Amounts);
                var pick = found.OrderByDescending(r => r.Line.Confidence).First();
                lines[i] = new OcrLine(pick.Line.Text, agree ? pick.Line.Confidence : Math.Min(pick.Line.Confidence, 0.7), line.Words);
                continue;
            }
            if (second is null || second.Amounts.Count < first.Count)
            {
                continue;
            }
            if (second.Amounts.SequenceEqual(first))
            {
                lines[i] = line with { Confidence = Math.Max(line.Confidence, second.Line.Confidence) };
                continue;
            }
            var third = Reread(engine, crop, ppi, 2f);
            var reads = new List<(OcrLine Line, List<long> Amounts)> { (line, first), (second.Line, second.Amounts) };
            if (third is not null)
            {
                reads.Add((third.Line, third.Amounts));
            }
            var majority = reads
                .GroupBy(r => string.Join(",", r.Amounts))
                .Where(g => g.Count() >= 2)
                .Select(g => g.OrderByDescending(r => r.Line.Confidence).First())
                .FirstOrDefault();
            if (majority.Line is not null)
            {
                var agreeing = reads.Where(r => r.Amounts.SequenceEqual(majority.Amounts)).Max(r => r.Line.Confidence);
                lines[i] = new OcrLine(majority.Line.Text, agreeing, line.Words);
                continue;
            }
            disagreements++;
            var roundest = reads.OrderByDescending(r => Roundness(r.Amounts)).ThenByDescending(r => r.Line.Confidence).First();
            lines[i] = new OcrLine(roundest.Line.Text, Math.Min(reads.Min(r => r.Line.Confidence), 0.6), line.Words);
        }
        if (disagreements > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"OCR passes disagree on the amounts of {disagreements} line(s)."));
        }
        return lines;
    }

    private static Reading? Reread(TesseractEngine engine, Pix crop, int ppi, float scale)
    {
        using var larger = crop.Scale(scale);
        var page = engine.Recognize(larger, (int)(ppi * scale), Tess.PsmSingleLine);
        var line = OcrLayout.SingleLine(page.Words);
        return line.Words.Count == 0 ? null : new Reading(line, Amounts(line.Text));
    }

    // A fee label with neither an amount nor a waiver word after it.
    private static bool NamesFeeWithoutAmount(string text)
    {
        var compact = text.Replace(" ", string.Empty, StringComparison.Ordinal);
        var label = compact.IndexOf("手数料", StringComparison.Ordinal) is var at and >= 0 ? at : compact.IndexOf("発行料", StringComparison.Ordinal);
        if (label < 0)
        {
            return false;
        }
        var rest = compact[label..];
        return !rest.Contains("無料", StringComparison.Ordinal) && !rest.Contains("免除", StringComparison.Ordinal)
            && !rest.Contains("として", StringComparison.Ordinal) && !rest.Contains("は", StringComparison.Ordinal) && rest.Length <= 12;
    }

    private static bool IsWorthVerifying(string text)
    {
        var compact = text.Replace(" ", string.Empty, StringComparison.Ordinal);
        return compact.Contains("手数", StringComparison.Ordinal) || compact.Contains("再発", StringComparison.Ordinal)
            || compact.Contains("発行", StringComparison.Ordinal) || compact.Contains("合計", StringComparison.Ordinal)
            || compact.Contains("請求", StringComparison.Ordinal) || compact.Contains("支払", StringComparison.Ordinal)
            || compact.Contains("消費税", StringComparison.Ordinal) || compact.Contains("料", StringComparison.Ordinal);
    }

    private static List<long> Amounts(string text) =>
        JapaneseAmounts.FindAll(JapaneseAmounts.Prepare(text, ocr: true), includeBare: true).Select(a => a.Value.Amount).ToList();

    private static int Roundness(List<long> amounts) => amounts.Count(a => a % 10 == 0);

    private sealed record Reading(OcrLine Line, List<long> Amounts);

    private sealed record PageRead(IReadOnlyList<OcrLine> Lines, double Mean, int TextHeight)
    {
        /// <summary>Characters per line: an upright statement has lines of words, a sideways one has fragments.</summary>
        public double CharsPerLine => Lines.Count == 0 ? 0 : Lines.Average(l => l.Text.Replace(" ", string.Empty, StringComparison.Ordinal).Length);

        public bool LooksWrong => Lines.Count >= 5 && (CharsPerLine < 5 || Mean < 55);

        public double Quality => CharsPerLine * Mean;
    }
}
