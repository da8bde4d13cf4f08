using System.Text.RegularExpressions;
using Reimburse.Money;

namespace Reimburse.Statements;

/// <summary>Where a statement's text came from: it decides how far the characters can be trusted.</summary>
public enum TextOrigin
{
    /// <summary>Characters taken from a digital document (a PDF's text layer): exact.</summary>
    DigitalText,

    /// <summary>Recognised from an image: characters may be confused (0/6, ,/.).</summary>
    Ocr,

    /// <summary>Cells of a structured statement (CSV): exact, one transaction per line.</summary>
    Structured,
}

/// <summary>One line of a statement's text with the reader's confidence in its characters (0–1).</summary>
public sealed record StatementLine(string Text, double Confidence = 1.0)
{
    /// <summary>
    /// A recognised line's confidence from its words' confidences (0–1): the mean, but no higher than its least
    /// certain amount, since a misread digit is what turns into a wrong fee. Dates, counts (1回) and codes do not
    /// count as amounts here.
    /// </summary>
    public static double ConfidenceOf(IEnumerable<(string Word, double Confidence)> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var list = words.ToList();
        if (list.Count == 0)
        {
            return 0;
        }
        var mean = list.Average(w => w.Confidence);
        var numbers = list
            .Where(w => w.Word.Any(char.IsAsciiDigit) && JapaneseAmounts.FindAll(JapaneseAmounts.Prepare(w.Word, ocr: true), includeBare: true).Count > 0)
            .Select(w => w.Confidence)
            .ToList();
        var min = numbers.Count > 0 ? numbers.Min() : mean;
        return Math.Round(Math.Clamp(Math.Min(mean, min), 0, 1), 3);
    }
}

/// <summary>The reissue fee found on a statement.</summary>
/// <param name="Amount">The fee incl. tax; <see cref="Yen.Zero"/> when waived.</param>
/// <param name="Waived">The statement says the fee is waived (無料 / ¥0 / 免除).</param>
/// <param name="LineIndex">Index of the fee line.</param>
/// <param name="Line">The fee line as printed (continuation line appended when the amount sits on the next line).</param>
/// <param name="Confidence">0–1; below the policy threshold when anything about the reading is doubtful.</param>
public sealed record FeeFinding(Yen Amount, bool Waived, int LineIndex, string Line, double Confidence);

/// <summary>What the fee-line parser found.</summary>
/// <param name="Fee">The fee, or null when no line states a reissue fee.</param>
/// <param name="Candidates">How many fee lines (amount or waiver) were found.</param>
/// <param name="MentionsReissue">Some line talks about a card reissue (再発行).</param>
/// <param name="Warnings">Why the confidence is what it is.</param>
public sealed record FeeLineResult(FeeFinding? Fee, int Candidates, bool MentionsReissue, IReadOnlyList<string> Warnings);

/// <summary>
/// Finds the card-reissue fee in a statement's lines. Shared by every reader: the local reader feeds it PDF text,
/// OCR lines or CSV rows; Document Intelligence feeds it the layout content.
/// </summary>
/// <remarks>
/// Each amount belongs to the nearest label before it on its line (再発行手数料, 年会費, ATM利用手数料, 合計, 消費税 …),
/// so a two-column line "再発行手数料 1,100円 年会費 1,375円" yields the right amount. Confidence is lowered — never
/// raised above what the evidence supports — for OCR doubt, disagreeing fee lines, an amount that is not a round
/// fee, or a fee that does not add up with the statement's total; every such case carries a warning.
/// </remarks>
public static partial class FeeLineParser
{
    /// <summary>Amounts a reissue fee commonly has (incl. tax): used only to prefer a repair, never to invent one.</summary>
    private static readonly long[] CommonFees = [0, 330, 500, 540, 550, 1_000, 1_080, 1_100, 1_500, 1_620, 1_650, 2_000, 2_200, 3_300];

    // Digits OCR confuses with each other in Japanese fonts, most likely first.
    private static readonly Dictionary<char, string> Confusions = new()
    {
        ['0'] = "689",
        ['6'] = "058",
        ['8'] = "0369",
        ['9'] = "08",
        ['3'] = "8",
        ['5'] = "6",
        ['1'] = "7",
        ['7'] = "1",
    };

    /// <summary>Parses the lines of one statement.</summary>
    /// <param name="lines">The statement's lines, in reading order.</param>
    /// <param name="origin">Where the text came from.</param>
    /// <param name="statementDate">Used to pick the tax rate when a fee is printed without tax (1,000円+税).</param>
    public static FeeLineResult Parse(IReadOnlyList<StatementLine> lines, TextOrigin origin, DateOnly? statementDate = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var ocr = origin == TextOrigin.Ocr;
        var parsed = lines.Select(l => ParsedLine.Create(l, ocr, origin != TextOrigin.DigitalText || LooksTabular(l.Text))).ToList();
        var warnings = new List<string>();
        var candidates = new List<Candidate>();
        var mentionsReissue = false;
        for (var i = 0; i < parsed.Count; i++)
        {
            var line = parsed[i];
            mentionsReissue |= line.Segments.Any(s => s.Kind == LabelKind.Fee) || line.Compact.Contains("再発行", StringComparison.Ordinal);
            foreach (var segment in line.Segments.Where(s => s.Kind == LabelKind.Fee || (s.Kind == LabelKind.GenericFee && ReissueAbove(parsed, i))))
            {
                var candidate = FromSegment(parsed, i, segment, origin, statementDate, warnings);
                if (candidate is not null)
                {
                    candidates.Add(candidate);
                }
            }
        }
        if (candidates.Count == 0)
        {
            return new FeeLineResult(null, 0, mentionsReissue, warnings);
        }

        var groups = candidates
            .GroupBy(c => (c.Waived, c.Amount))
            .Select(g => (Key: g.Key, Items: g.ToList(), Score: g.Sum(c => c.Confidence)))
            .OrderByDescending(g => g.Score)
            .ToList();
        var best = groups[0].Items.OrderByDescending(c => c.Confidence).First();
        var confidence = best.Confidence;
        if (groups.Count > 1)
        {
            warnings.Add($"The statement has {candidates.Count} fee lines that disagree ({string.Join(", ", groups.Select(g => g.Key.Waived ? "waived" : g.Key.Amount.ToString()))}).");
            confidence = Math.Min(confidence, 0.5);
        }
        else if (groups[0].Items.Count > 1)
        {
            // The same fee printed twice (letter body and table) is evidence it was read right.
            confidence = Math.Min(0.99, confidence + (0.05 * (groups[0].Items.Count - 1)));
        }

        if (!best.Waived)
        {
            confidence = CheckAgainstTotals(parsed, best, origin, confidence, warnings);
        }
        var fee = new FeeFinding(best.Amount, best.Waived, best.LineIndex, best.Line, Math.Round(confidence, 3));
        return new FeeLineResult(fee, candidates.Count, true, warnings);
    }

    private static Candidate? FromSegment(List<ParsedLine> lines, int index, Segment segment, TextOrigin origin, DateOnly? date, List<string> warnings)
    {
        var line = lines[index];
        var confidence = segment.Strength;
        var text = line.Source.Text;
        var amounts = segment.Amounts.Where(a => !a.IsTaxPart && !a.Negative).ToList();
        var waived = segment.Waived;
        var next = index + 1 < lines.Count ? lines[index + 1] : null;
        var lineConfidence = line.Source.Confidence;

        if (amounts.Count == 0 && !waived && next is not null && next.LeadingSegment is { } lead)
        {
            // Narrative letters and OCR'd tables break the fee line: take an unlabelled amount or waiver that opens
            // the next line.
            amounts = lead.Amounts.Where(a => !a.IsTaxPart && !a.Negative).Take(1).ToList();
            waived = lead.Waived;
            if (amounts.Count == 0 && !waived)
            {
                return null;
            }
            text = text + " " + next.Source.Text;
            confidence *= 0.9;
            lineConfidence = Math.Min(lineConfidence, next.Source.Confidence);
        }

        var regular = amounts.Where(a => !a.IsRegularPrice).ToList();
        if (waived || (regular.Count > 0 && regular[0].Value.IsZero))
        {
            var conflicting = regular.Any(a => !a.Value.IsZero);
            if (conflicting)
            {
                warnings.Add("A fee line says the fee is waived but also prints an amount.");
                confidence = Math.Min(confidence, 0.5);
            }
            return new Candidate(Yen.Zero, true, index, text.Trim(), Scale(confidence, lineConfidence, origin));
        }
        if (regular.Count == 0)
        {
            return null;
        }
        if (!regular[0].Marked && regular[0].Value.Amount is > 0 and < 100)
        {
            // No reissue fee is under ¥100; a small bare number next to a fee label is a day, a count or noise.
            return null;
        }

        var first = regular[0];
        var amount = first.Value;
        if (!first.Marked && origin == TextOrigin.Ocr)
        {
            confidence *= 0.95;
        }
        if (first.Tax == TaxTreatment.Excluded || (first.Tax == TaxTreatment.Unstated && line.Compact.Contains("税抜", StringComparison.Ordinal)))
        {
            var tax = TaxFor(line, segment, next, amount);
            if (tax is { } t)
            {
                amount += t;
            }
            else
            {
                amount = JapaneseAmounts.WithTax(amount, date);
                warnings.Add($"The fee is printed without tax ({first.Value}); {JapaneseAmounts.TaxRateOn(date):P0} consumption tax was added.");
                confidence *= 0.97;
            }
        }
        else if (first.Tax == TaxTreatment.Unstated && TaxFor(line, segment, next, amount) is { } t)
        {
            // 手数料 1,000円 消費税 100円: the fee and its tax printed apart.
            amount += t;
        }

        if (regular.Count > 1 && regular.Skip(1).Any(a => a.Value != first.Value && a.Value != amount))
        {
            warnings.Add("The fee line holds more than one amount.");
            confidence *= 0.8;
        }

        if (!IsRoundFee(amount))
        {
            if (origin == TextOrigin.Ocr)
            {
                var repaired = RepairToRound(first, amount);
                if (repaired is { } r)
                {
                    warnings.Add($"The fee was read as {amount} and taken as {r} (a likely OCR confusion); check it.");
                    amount = r;
                    confidence *= 0.75;
                }
                else
                {
                    warnings.Add($"The fee {amount} is not a usual reissue fee; check it.");
                    confidence *= 0.6;
                }
            }
            else
            {
                warnings.Add($"The fee {amount} is not a usual reissue fee; check it.");
                confidence *= 0.85;
            }
        }
        else if (origin == TextOrigin.Ocr && !IsCommonFee(amount))
        {
            // Issuers charge a handful of amounts; an OCR reading outside them is more likely a dropped or
            // confused digit (1,650 → 650) than a new fee.
            warnings.Add($"The fee {amount} is not one issuers usually charge; check it.");
            confidence *= 0.8;
        }
        return new Candidate(amount, false, index, text.Trim(), Scale(confidence, lineConfidence, origin), first);
    }

    /// <summary>Whether <paramref name="amount"/> is one of the reissue fees issuers commonly charge (incl. tax).</summary>
    public static bool IsCommonFee(Yen amount) => CommonFees.Contains(amount.Amount);

    private static Yen? TaxFor(ParsedLine line, Segment fee, ParsedLine? next, Yen net)
    {
        // The tax is the first amount labelled 消費税 right after the fee on the same line, or opening the next line.
        var after = line.Segments.SkipWhile(s => !ReferenceEquals(s, fee)).Skip(1).FirstOrDefault();
        var tax = after is { Kind: LabelKind.Tax } ? after.Amounts.FirstOrDefault()?.Match : null;
        tax ??= fee.Amounts.FirstOrDefault(a => a.IsTaxPart && a.Tax == TaxTreatment.Unstated && !IsIncludedTaxNote(line.Prepared, a))?.Match;
        if (tax is null && next?.Segments.FirstOrDefault() is { Kind: LabelKind.Tax } nextTax && next.LeadingSegment is null)
        {
            tax = nextTax.Amounts.FirstOrDefault()?.Match;
        }
        if (tax is null || tax.Value.IsZero || tax.Value.Amount > (net.Amount / 10) + 1 || tax.Value.Amount < (net.Amount * 5 / 100) - 1)
        {
            return null;
        }
        return tax.Value;
    }

    private static bool IsIncludedTaxNote(string prepared, AmountMatch tax) =>
        prepared[..tax.Index].TrimEnd().EndsWith("うち消費税", StringComparison.Ordinal)
        || prepared[..tax.Index].Contains("(うち", StringComparison.Ordinal)
        || prepared[..tax.Index].Contains("内消費税", StringComparison.Ordinal);

    private static double CheckAgainstTotals(List<ParsedLine> lines, Candidate fee, TextOrigin origin, double confidence, List<string> warnings)
    {
        var totals = lines.SelectMany(l => l.Segments)
            .Where(s => s.Kind == LabelKind.Total)
            .SelectMany(s => s.Amounts.Where(a => !a.IsTaxPart && !a.Negative).Take(1))
            .Select(a => a.Value)
            .Distinct()
            .ToList();
        if (totals.Count == 0)
        {
            return confidence;
        }
        // Charges: every labelled or unlabelled row amount, tax rows included, included-tax notes and regular
        // prices left out.
        var items = lines.SelectMany(l => l.Segments.Select(s => (Line: l, Segment: s)))
            .Where(x => x.Segment.Kind is LabelKind.Fee or LabelKind.GenericFee or LabelKind.OtherCharge or LabelKind.None or LabelKind.Tax)
            .SelectMany(x => x.Segment.Amounts
                .Where(a => !a.Negative && !a.IsRegularPrice && (!a.IsTaxPart || (x.Segment.Kind == LabelKind.Tax && !IsIncludedTaxNote(x.Line.Prepared, a))))
                .Take(1))
            .ToList();
        var itemSum = new Yen(items.Sum(a => a.Value.Amount));
        // A fee printed without tax (1,000+税) is charged with its tax: count it at the amount the parser computed.
        var taxedSum = fee.Source is { } printed && printed.Value != fee.Amount ? itemSum - printed.Value + fee.Amount : itemSum;
        if (totals.Contains(fee.Amount) || totals.Contains(itemSum) || totals.Contains(taxedSum))
        {
            return confidence;
        }
        if (origin != TextOrigin.Ocr)
        {
            warnings.Add("The fee does not add up with the statement's total.");
            return confidence * 0.95;
        }
        // The fee, the total or another item was misread. Try the fee's OCR confusions against the totals.
        if (fee.Source is { } source && source.Value == fee.Amount)
        {
            foreach (var alt in Alternatives(source.Digits))
            {
                var altSum = itemSum - source.Value + alt;
                if (totals.Contains(alt) || totals.Contains(altSum))
                {
                    warnings.Add($"The fee was read as {fee.Amount}; the total says {alt} (OCR confusion repaired).");
                    fee.Amount = alt;
                    return Math.Min(confidence, 0.85);
                }
            }
        }
        warnings.Add("The fee does not add up with the statement's total (OCR may have misread an amount).");
        return confidence * 0.75;
    }

    private static double Scale(double confidence, double lineConfidence, TextOrigin origin)
    {
        if (origin != TextOrigin.Ocr)
        {
            return confidence;
        }
        // OCR line confidence: above 0.9 the characters are as good as they get; below, the doubt carries over.
        var factor = lineConfidence >= 0.9 ? 1.0 : Math.Max(0.0, 1.0 - ((0.9 - lineConfidence) * 1.5));
        return confidence * factor;
    }

    private static bool IsRoundFee(Yen amount) => amount.Amount % 10 == 0 && amount.Amount is >= 300 and <= 5_500;

    private static Yen? RepairToRound(AmountMatch printed, Yen taxed)
    {
        if (taxed != printed.Value)
        {
            return null;
        }
        var options = Alternatives(printed.Digits).Where(IsRoundFee).Distinct().ToList();
        var common = options.Where(o => CommonFees.Contains(o.Amount)).ToList();
        if (common.Count == 1)
        {
            return common[0];
        }
        return options.Count == 1 ? options[0] : null;
    }

    private static IEnumerable<Yen> Alternatives(string digits)
    {
        for (var i = 0; i < digits.Length; i++)
        {
            if (!Confusions.TryGetValue(digits[i], out var others))
            {
                continue;
            }
            foreach (var o in others)
            {
                var chars = digits.ToCharArray();
                chars[i] = o;
                if (chars[0] == '0' && chars.Length > 1)
                {
                    continue;
                }
                yield return new Yen(long.Parse(chars, provider: System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    // A bare 手数料 is the reissue fee when the line above names the reissue and prints no amount of its own:
    // カード再発行 / 手数料 1,000円 消費税 100円.
    private static bool ReissueAbove(List<ParsedLine> lines, int index) =>
        index > 0
        && lines[index - 1].Compact.Contains("再発行", StringComparison.Ordinal)
        && lines[index - 1].Segments.All(s => s.Amounts.Count == 0);

    private static bool LooksTabular(string text) => text.Contains("  ", StringComparison.Ordinal) || text.Contains('\t', StringComparison.Ordinal);

    private enum LabelKind
    {
        None,
        Fee,
        OtherCharge,
        Total,
        Tax,
        GenericFee,
    }

    private sealed class Candidate(Yen amount, bool waived, int lineIndex, string line, double confidence, AmountMatch? source = null)
    {
        public Yen Amount { get; set; } = amount;

        public bool Waived { get; } = waived;

        public int LineIndex { get; } = lineIndex;

        public string Line { get; } = line;

        public double Confidence { get; } = confidence;

        public AmountMatch? Source { get; } = source;
    }

    private sealed record LabeledAmount(AmountMatch Match, bool IsRegularPrice)
    {
        public Yen Value => Match.Value;

        public bool IsTaxPart => Match.IsTaxPart;

        public bool Negative => Match.Negative;

        public bool Marked => Match.Marked;

        public TaxTreatment Tax => Match.Tax;

        public string Digits => Match.Digits;

        public int Index => Match.Index;

        public static implicit operator AmountMatch(LabeledAmount a) => a.Match;
    }

    private sealed record Segment(LabelKind Kind, double Strength, int Start, List<LabeledAmount> Amounts, bool Waived);

    private sealed record ParsedLine(StatementLine Source, string Prepared, string Compact, List<Segment> Segments)
    {
        /// <summary>The amounts and waiver before any label on the line, when there are any.</summary>
        public Segment? LeadingSegment =>
            Segments.Count > 0 && Segments[0].Kind == LabelKind.None && (Segments[0].Amounts.Count > 0 || Segments[0].Waived) ? Segments[0] : null;

        public static ParsedLine Create(StatementLine source, bool ocr, bool includeBare)
        {
            var prepared = JapaneseAmounts.Prepare(source.Text, ocr);
            var compact = prepared.Replace(" ", string.Empty, StringComparison.Ordinal);
            var labels = FindLabels(prepared, ocr);
            var amounts = JapaneseAmounts.FindAll(prepared, includeBare);
            var segments = new List<Segment>();
            var starts = new List<(LabelKind Kind, double Strength, int Start, int End)> { (LabelKind.None, 0, 0, 0) };
            starts.AddRange(labels);
            for (var s = 0; s < starts.Count; s++)
            {
                var (kind, strength, start, end) = starts[s];
                var stop = s + 1 < starts.Count ? starts[s + 1].Start : prepared.Length;
                var owned = amounts
                    .Where(a => a.Index >= end && a.Index < stop)
                    .Select(a => new LabeledAmount(a, RegularPrice().IsMatch(prepared[end..a.Index])))
                    .ToList();
                var waived = Waiver().IsMatch(prepared[end..stop].Replace(" ", string.Empty, StringComparison.Ordinal));
                if (s == 0 && owned.Count == 0 && !waived)
                {
                    continue;
                }
                segments.Add(new Segment(kind, strength, start, owned, waived));
            }
            return new ParsedLine(source, prepared, compact, segments);
        }
    }

    private static List<(LabelKind Kind, double Strength, int Start, int End)> FindLabels(string prepared, bool ocr)
    {
        var found = new List<(LabelKind Kind, double Strength, int Start, int End)>();
        void Add(Regex regex, LabelKind kind, double strength)
        {
            foreach (Match m in regex.Matches(prepared))
            {
                if (!found.Any(f => m.Index < f.End && f.Start < m.Index + m.Length))
                {
                    found.Add((kind, strength, m.Index, m.Index + m.Length));
                }
            }
        }
        Add(StrongFeeLabel(), LabelKind.Fee, 0.97);
        Add(OtherChargeLabel(), LabelKind.OtherCharge, 0);
        Add(WeakFeeLabel(), LabelKind.Fee, 0.85);
        if (ocr)
        {
            Add(FuzzyFeeLabel(), LabelKind.Fee, 0.85);
        }
        Add(TotalLabel(), LabelKind.Total, 0);
        Add(TaxLabel(), LabelKind.Tax, 0);
        Add(GenericChargeLabel(), LabelKind.GenericFee, 0.9);
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    // Labels are matched on the prepared line with OCR's stray spaces allowed between characters.
    [GeneratedRegex(@"再\s?発\s?行\s?(?:手\s?数\s?料|料|費\s?用|に\s?(?:伴|とも\s?な|係|かか|関す|よ)\s?[うるりわ]?\s?(?:る\s?)?(?:カ\s?ー\s?ド\s?)?手\s?数\s?料)|再\s?発\s?行\s?に\s?(?:伴|係)\s?る\s?費\s?用|(?:カ\s?ー\s?ド\s?)?再\s?発\s?行\s?(?:\([^)]{0,12}\)\s?)?手\s?数\s?料", RegexOptions.CultureInvariant)]
    private static partial Regex StrongFeeLabel();

    // Weaker evidence: 発行手数料 without 再, or a row that says カード再発行 / 再発行 and prints an amount.
    [GeneratedRegex(@"(?:カ\s?ー\s?ド\s?)?発\s?行\s?手\s?数\s?料|(?:カ\s?ー\s?ド\s?)?再\s?発\s?行(?!\s?(?:の\s?お\s?知|日|年\s?月|予\s?定|カ\s?ー\s?ド|手\s?続|い\s?た\s?し|し\s?ま|を|が|は|理\s?由))", RegexOptions.CultureInvariant)]
    private static partial Regex WeakFeeLabel();

    // OCR damage to one character of 再発行手数料 (e.g. 再発仃手数料, 冉発行手数料, 再発行手数科).
    [GeneratedRegex(@"[^\s]発行手数[料科斜]|再[^\s]行手数[料科斜]|再発[^\s]手数[料科斜]|再発行[^\s]数[料科斜]|再発行手[^\s][料科斜]|再発行手数[^\s料]", RegexOptions.CultureInvariant)]
    private static partial Regex FuzzyFeeLabel();

    [GeneratedRegex(@"年\s?会\s?費|A\s?T\s?M|キ\s?ャ\s?ッ\s?シ\s?ン\s?グ|分\s?割|リ\s?ボ|振\s?込\s?手\s?数\s?料|遅\s?延|延\s?滞|利\s?用\s?手\s?数\s?料|事\s?務\s?手\s?数\s?料|支\s?払\s?手\s?数\s?料|払\s?込\s?手\s?数\s?料|ご\s?利\s?用\s?金\s?額|利\s?用\s?金\s?額|ご?\s?利\s?用\s?額|繰\s?越|前\s?回", RegexOptions.CultureInvariant)]
    private static partial Regex OtherChargeLabel();

    // A generic charge label ends a fee segment without being one (e.g. 手数料 in a column header).
    [GeneratedRegex(@"(?<![再発行])手\s?数\s?料", RegexOptions.CultureInvariant)]
    private static partial Regex GenericChargeLabel();

    [GeneratedRegex(@"合\s?計|総\s?額|ご?\s?請\s?求\s?(?:金\s?)?額|お?\s?支\s?払\s?い?\s?(?:金\s?)?額|お?\s?支\s?払\s?い?\s?合\s?計|お?\s?引\s?落\s?(?:し\s?)?(?:金\s?)?額", RegexOptions.CultureInvariant)]
    private static partial Regex TotalLabel();

    [GeneratedRegex(@"(?<!う\s?ち\s?)(?<!内\s?)消\s?費\s?税(?:\s?等)?(?:\s?相\s?当\s?額)?(?!\s?込)", RegexOptions.CultureInvariant)]
    private static partial Regex TaxLabel();

    [GeneratedRegex(@"無\s?料|免\s?除|無\s?償|(?<!続\s?き\s?(?:は\s?)?)不\s?要|かかりません|頂きません|いただきません|いただいておりません|請求(?:いた)?しません|請求は(?:いた)?しません|徴収(?:いた)?しません|負担(?:いた)?します|当社負担|弊社負担|ご負担はありません|ゼロ円", RegexOptions.CultureInvariant)]
    private static partial Regex Waiver();

    // "通常1,100円", "本来は1,100円": a price the statement says does not apply.
    [GeneratedRegex(@"(?:通\s?常|本\s?来|定\s?価)(?:\s?は)?(?:\s?[:])?\s?(?:¥|\s)*$|\(通常\s?$", RegexOptions.CultureInvariant)]
    private static partial Regex RegularPrice();
}
