using System.Text.RegularExpressions;
using Reimburse.Japanese;
using Reimburse.Money;
using Reimburse.Privacy;

namespace Reimburse.Statements;

/// <summary>A statement's text as a reader recognised it, line by line.</summary>
/// <param name="Lines">Lines in reading order, with per-line confidence.</param>
/// <param name="Origin">Where the characters came from.</param>
public sealed record StatementText(IReadOnlyList<StatementLine> Lines, TextOrigin Origin)
{
    /// <summary>Splits plain text into lines of full confidence.</summary>
    public static StatementText FromPlainText(string text, TextOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => new StatementLine(l.TrimEnd())).ToList();
        return new StatementText(lines, origin);
    }
}

/// <summary>
/// Facts a reader took from somewhere other than the text (Document Intelligence's receipt or invoice fields).
/// They fill in what the text does not show; the text's own fee line wins when both exist.
/// </summary>
public sealed record StatementHints(
    Fact<Yen>? Fee = null,
    Fact<string>? FeeLine = null,
    Fact<DateOnly>? Date = null,
    Fact<string>? IssuerName = null,
    Fact<string>? HolderName = null);

/// <summary>
/// Turns a statement's text into <see cref="FeeStatementFacts"/>: redacts card numbers and security codes first,
/// then finds the fee (via <see cref="FeeLineParser"/>), the date, issuer, card last 4 and holder name, each with
/// a confidence. Shared by the local reader and Document Intelligence.
/// </summary>
public static partial class StatementAnalyzer
{
    private const double ExactTextConfidence = 0.95;

    /// <summary>Builds the facts for one statement.</summary>
    /// <param name="text">The recognised text.</param>
    /// <param name="reader">The reader's name ("local", "azure").</param>
    /// <param name="readerWarnings">Warnings the reader itself raised (rotated photo, …).</param>
    /// <param name="hints">Facts from structured fields, if the reader has any.</param>
    public static FeeStatementFacts Analyze(StatementText text, string reader, IEnumerable<string>? readerWarnings = null, StatementHints? hints = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(reader);
        var warnings = new List<string>(readerWarnings ?? []);
        var redactions = default(RedactionCounts);
        var lines = new List<StatementLine>(text.Lines.Count);
        foreach (var line in text.Lines)
        {
            lines.Add(line with { Text = StatementRedaction.Redact(line.Text, out var counts) });
            redactions += counts;
        }
        if (redactions.CardNumbers > 0)
        {
            warnings.Add("The statement shows a full card number; it was masked to the last four digits.");
        }
        if (redactions.SecurityCodes > 0)
        {
            warnings.Add("The statement shows a security code; it was masked.");
        }

        var origin = text.Origin;
        var normalized = lines.Select(l => Width.Normalize(l.Text)).ToList();
        var firstDate = FindStatementDate(normalized, lines, origin, feeLine: null);
        var fee = FeeLineParser.Parse(lines, origin, firstDate?.Value ?? hints?.Date?.Value);
        warnings.AddRange(fee.Warnings);

        Fact<Yen>? feeFact = null;
        Fact<string>? feeLineFact = null;
        var waived = false;
        if (fee.Fee is { } found)
        {
            var confidence = found.Confidence;
            if (hints?.Fee is { } fromFields)
            {
                if (fromFields.Value == found.Amount)
                {
                    // Two readings of the same document agree: the model's fields and the fee line.
                    confidence = Math.Max(confidence, Math.Min(fromFields.Confidence, 0.99));
                }
                else
                {
                    warnings.Add($"The document's fields say {fromFields.Value} but its fee line says {found.Amount}.");
                    confidence = Math.Min(confidence, 0.5);
                }
            }
            feeFact = new Fact<Yen>(found.Amount, confidence);
            feeLineFact = new Fact<string>(found.Line, confidence);
            waived = found.Waived;
        }
        else if (hints?.Fee is { } hinted)
        {
            feeFact = hinted;
            feeLineFact = hints.FeeLine;
            waived = hinted.Value.IsZero;
        }
        if (feeFact is null)
        {
            warnings.Add(fee.MentionsReissue
                ? "The statement mentions a reissue but no fee line with an amount was found."
                : "No reissue-fee line was found.");
        }

        var date = FindStatementDate(normalized, lines, origin, fee.Fee?.LineIndex) ?? hints?.Date;
        var issuer = FindIssuer(normalized, lines, origin) ?? IssuerFromHint(hints?.IssuerName);
        var last4 = FindLast4(normalized, lines, origin);
        var holder = FindHolder(normalized, lines, origin) ?? hints?.HolderName;
        var looksLike = new Fact<bool>(
            feeFact is not null || fee.MentionsReissue,
            feeFact is not null ? Math.Max(0.5, feeFact.Confidence) : fee.MentionsReissue ? 0.6 : 0.9);

        return new FeeStatementFacts(
            feeFact,
            waived,
            feeLineFact is null ? null : feeLineFact with { Value = StatementRedaction.Redact(feeLineFact.Value) },
            date,
            issuer,
            last4,
            holder is null ? null : holder with { Value = StatementRedaction.Redact(holder.Value) },
            looksLike,
            reader,
            warnings.Distinct(StringComparer.Ordinal).ToList(),
            string.Join('\n', lines.Select(l => l.Text)));
    }

    private static double LineConfidence(StatementLine line, TextOrigin origin, double strength) =>
        origin == TextOrigin.Ocr ? Math.Round(strength * Math.Min(1.0, line.Confidence / 0.9), 3) : strength;

    private static Fact<DateOnly>? FindStatementDate(List<string> normalized, List<StatementLine> lines, TextOrigin origin, int? feeLine)
    {
        // The fee line's own date (a transaction date) is the most specific; then a labelled issue date; then the
        // first date near the top of the document.
        if (feeLine is { } f && Wareki.FindAll(normalized[f]).FirstOrDefault() is { } onFeeLine)
        {
            return new Fact<DateOnly>(onFeeLine.Date, LineConfidence(lines[f], origin, ExactTextConfidence));
        }
        for (var i = 0; i < normalized.Count; i++)
        {
            if (IssueDateLabel().IsMatch(normalized[i]) && Wareki.FindAll(normalized[i]).FirstOrDefault() is { } labelled)
            {
                return new Fact<DateOnly>(labelled.Date, LineConfidence(lines[i], origin, ExactTextConfidence));
            }
        }
        for (var i = 0; i < normalized.Count; i++)
        {
            if (Wareki.FindAll(normalized[i]).FirstOrDefault() is { } any)
            {
                return new Fact<DateOnly>(any.Date, LineConfidence(lines[i], origin, 0.85));
            }
        }
        return null;
    }

    private static Fact<string>? FindIssuer(List<string> normalized, List<StatementLine> lines, TextOrigin origin)
    {
        var scores = new Dictionary<string, (double Score, int Line)>(StringComparer.Ordinal);
        for (var i = 0; i < normalized.Count; i++)
        {
            var text = normalized[i];
            var hasAmount = JapaneseAmounts.FindAll(JapaneseAmounts.Prepare(text, ocr: false), includeBare: false).Count > 0;
            var edge = i < 8 || i >= normalized.Count - 8;
            foreach (var issuer in Issuers.All)
            {
                foreach (var alias in issuer.Aliases)
                {
                    var at = text.IndexOf(alias, StringComparison.OrdinalIgnoreCase);
                    if (at < 0 || !IsWholeWord(text, at, alias.Length))
                    {
                        continue;
                    }
                    var tail = text[(at + alias.Length)..];
                    if (NotTheIssuer().IsMatch(tail))
                    {
                        continue;
                    }
                    // A company name (…カード, 株式会社…) near the letterhead or footer is the issuer; a short alias in a
                    // transaction line is more likely a merchant or the card brand.
                    var score = alias.Length >= 4 || alias.EndsWith("カード", StringComparison.Ordinal) ? 0.9 : 0.75;
                    if (text.Contains("株式会社", StringComparison.Ordinal) || tail.StartsWith("カード", StringComparison.Ordinal) || tail.StartsWith("Card", StringComparison.OrdinalIgnoreCase))
                    {
                        score += 0.05;
                    }
                    if (edge)
                    {
                        score += 0.03;
                    }
                    if (hasAmount)
                    {
                        score -= 0.3;
                    }
                    if (issuer.Id == "jcb" && alias == "JCB")
                    {
                        // JCB is also the brand printed on other issuers' cards.
                        score -= 0.1;
                    }
                    score = LineConfidence(lines[i], origin, Math.Min(score, 0.98));
                    if (!scores.TryGetValue(issuer.Id, out var prev) || prev.Score < score)
                    {
                        scores[issuer.Id] = (score, i);
                    }
                }
            }
        }
        if (scores.Count == 0)
        {
            return null;
        }
        var ranked = scores.OrderByDescending(s => s.Value.Score).ToList();
        var confidence = ranked[0].Value.Score;
        if (ranked.Count > 1 && ranked[1].Value.Score >= confidence - 0.05)
        {
            confidence *= 0.8;
        }
        return new Fact<string>(ranked[0].Key, Math.Round(confidence, 3));
    }

    private static Fact<string>? IssuerFromHint(Fact<string>? name)
    {
        if (name is null)
        {
            return null;
        }
        var normalized = Width.Normalize(name.Value);
        var match = Issuers.All.FirstOrDefault(i => i.Aliases.Any(a => normalized.Contains(a, StringComparison.OrdinalIgnoreCase)));
        return match is null ? null : new Fact<string>(match.Id, name.Confidence);
    }

    private static Fact<string>? FindLast4(List<string> normalized, List<StatementLine> lines, TextOrigin origin)
    {
        Fact<string>? unlabelled = null;
        for (var i = 0; i < normalized.Count; i++)
        {
            foreach (Match m in MaskedCardNumber().Matches(normalized[i]))
            {
                var last4 = m.Groups["last4"].Value;
                var labelled = CardLabel().IsMatch(normalized[i][..m.Index]);
                var fact = new Fact<string>(last4, LineConfidence(lines[i], origin, labelled ? ExactTextConfidence : 0.85));
                if (labelled)
                {
                    return fact;
                }
                unlabelled ??= fact;
            }
            if (Last4Label().Match(normalized[i]) is { Success: true } l4)
            {
                return new Fact<string>(l4.Groups["last4"].Value, LineConfidence(lines[i], origin, ExactTextConfidence));
            }
            if (unlabelled is null && LabelledMaskedToken().Match(normalized[i]) is { Success: true } token)
            {
                // OCR turns mask characters into anything (キ, x, #): a card-number label followed by one token that
                // ends in four digits still gives the last four, with less certainty.
                unlabelled = new Fact<string>(token.Groups["last4"].Value, LineConfidence(lines[i], origin, 0.8));
            }
        }
        return unlabelled;
    }

    private static Fact<string>? FindHolder(List<string> normalized, List<StatementLine> lines, TextOrigin origin)
    {
        for (var i = 0; i < normalized.Count; i++)
        {
            var text = normalized[i];
            var labelled = HolderLabel().Match(text);
            if (labelled.Success && CleanName(labelled.Groups["name"].Value) is { } name)
            {
                return new Fact<string>(name, LineConfidence(lines[i], origin, 0.9));
            }
            var honorific = HonorificName().Match(text);
            if (honorific.Success && CleanName(honorific.Groups["name"].Value) is { } named)
            {
                return new Fact<string>(named, LineConfidence(lines[i], origin, 0.85));
            }
        }
        return null;
    }

    private static string? CleanName(string raw)
    {
        var name = MultipleSpaces().Replace(raw.Trim(), " ");
        if (name.Length < 2 || NotAName().IsMatch(name) || name.Any(char.IsAsciiDigit))
        {
            return null;
        }
        return name;
    }

    private static bool IsWholeWord(string text, int at, int length)
    {
        // ASCII aliases (JCB, AEON, VIEW) must not be part of a longer Latin word.
        var before = at > 0 ? text[at - 1] : ' ';
        var after = at + length < text.Length ? text[at + length] : ' ';
        return !(char.IsAsciiLetter(text[at]) && (char.IsAsciiLetter(before) || char.IsAsciiLetter(after)));
    }

    [GeneratedRegex(@"^\s?(?:銀行|信託|モール|スタイル|リテール|市場|トラベル|ブックス|モバイル|証券|生命|保険|ネットスーパー|ポイント|Pay|ペイ)", RegexOptions.CultureInvariant)]
    private static partial Regex NotTheIssuer();

    [GeneratedRegex(@"発\s?行\s?日|作\s?成\s?日|再\s?発\s?行\s?日|通\s?知\s?日|ご?案\s?内\s?日|明\s?細\s?書?\s?発\s?行|ご?利\s?用\s?日|取\s?引\s?日|お?\s?知\s?ら\s?せ\s?日|^\s*(?:令和|平成|\d{4}年)", RegexOptions.CultureInvariant)]
    private static partial Regex IssueDateLabel();

    // Masked forms issuers print: ****-****-****-1234, XXXX XXXX XXXX 1234, 4980-12**-****-1234, ************1234.
    [GeneratedRegex(@"(?<![\dA-Za-z])(?:[\d*＊Xx×•●]{4}[ \-]?){3}(?<last4>\d{4})(?!\d)|(?<![\dA-Za-z*])[*Xx●]{6,15}(?<last4>\d{4})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex MaskedCardNumber();

    [GeneratedRegex(@"カ\s?ー\s?ド\s?番\s?号|会\s?員\s?番\s?号|カ\s?ー\s?ド\s?No|Card\s?No|番\s?号\s?[:]?\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CardLabel();

    [GeneratedRegex(@"(?:カ\s?ー\s?ド\s?番\s?号|会\s?員\s?番\s?号|Card\s?No\.?)\s*[:]?\s*(?<mask>[^\s]{1,30})(?<!\d)(?<last4>\d{4})(?=\s|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LabelledMaskedToken();

    [GeneratedRegex(@"(?:下\s?4\s?桁|末\s?尾(?:\s?4\s?桁)?|下\s?四\s?桁)\s?(?:[:]|は)?\s?(?<last4>\d{4})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Last4Label();

    [GeneratedRegex(@"(?:会\s?員\s?(?:氏\s?)?名|ご?\s?契\s?約\s?者\s?(?:氏\s?)?名?|カ\s?ー\s?ド\s?名\s?義\s?人?|お\s?名\s?前|氏\s?名|名\s?義\s?人?)\s*[:]?\s*(?<name>[\p{L}々ー・ ]{2,30}?)\s?(?:様|殿)?(?:\s{2,}|$)", RegexOptions.CultureInvariant)]
    private static partial Regex HolderLabel();

    [GeneratedRegex(@"(?:^|\s{2,}|[:])\s?(?<name>[\p{L}々ー・][\p{L}々ー・ ]{1,29}?)\s?様(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex HonorificName();

    [GeneratedRegex(@"^(?:お?客|会員|各位|ご?担当者?|本人|家族|ご?利用者|皆|みな|お?得意|カード会員|ご?契約者)|(?:お客|会員)$|カード|株式会社", RegexOptions.CultureInvariant)]
    private static partial Regex NotAName();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex MultipleSpaces();
}
