using System.Globalization;
using Azure;
using Reimburse.Money;
using Reimburse.Statements;

namespace Reimburse.Azure.DocumentIntelligence;

/// <summary>
/// Reads fee statements with Azure AI Document Intelligence. The first model's fields (invoice: VendorName,
/// CustomerName, InvoiceDate, Items; receipt: MerchantName, TransactionDate, Items) become hints; its text, line by
/// line with word confidences, goes through the same <see cref="StatementAnalyzer"/> as the local reader. Card
/// statements are not receipts: when the fields do not hold the fee, the fee line is found in the text, and when
/// neither does, the next model (prebuilt-layout) is tried.
/// </summary>
/// <remarks>
/// A failed or timed-out analysis is reported as <see cref="ReadFailure.ServiceFailed"/> or
/// <see cref="ReadFailure.TimedOut"/> — never as a statement with no fee or ¥0.
/// </remarks>
public sealed class DocumentIntelligenceStatementReader(DocumentIntelligenceClient client, DocumentIntelligenceReaderOptions options) : IStatementReader
{
    /// <summary>The reader's name in <see cref="FeeStatementFacts.Reader"/>.</summary>
    public const string ReaderName = "azure";

    public string Name => ReaderName;

    public async Task<StatementReadResult> ReadAsync(StatementInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Content.IsEmpty)
        {
            return StatementReadResult.Failed(ReadFailure.Empty, "The file is empty.");
        }
        if (input.Content.Length > options.MaxDocumentBytes)
        {
            return StatementReadResult.Failed(ReadFailure.TooLarge, string.Create(CultureInfo.InvariantCulture, $"The file is {input.Content.Length / 1024.0 / 1024.0:F1} MB; the limit is {options.MaxDocumentBytes / 1024.0 / 1024.0:F0} MB."));
        }
        var format = DocumentFormats.Detect(input.Content.Span);
        if (format == DocumentFormat.Csv)
        {
            return StatementReadResult.Failed(ReadFailure.Unsupported, "Document Intelligence does not read CSV statements; the local reader does.");
        }
        if (format == DocumentFormat.Unknown)
        {
            return StatementReadResult.Failed(ReadFailure.Unsupported, "The file is " + DocumentFormats.DescribeUnsupported(input.Content.Span) + ". Upload a PDF or a photo (JPEG, PNG, TIFF, HEIC).");
        }

        var document = BinaryData.FromBytes(input.Content);
        FeeStatementFacts? best = null;
        var models = options.EffectiveModels;
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            AnalyzeResult result;
            try
            {
                result = await client.AnalyzeDocumentAsync(model, document, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 400 || ex.Status == 415)
            {
                return StatementReadResult.Failed(ReadFailure.Unreadable, $"Document Intelligence could not read the document ({ex.ErrorCode ?? ex.Status.ToString(CultureInfo.InvariantCulture)}): {FirstLine(ex.Message)}");
            }
            catch (RequestFailedException ex)
            {
                return StatementReadResult.Failed(ReadFailure.ServiceFailed, $"Document Intelligence failed (HTTP {ex.Status}, {ex.ErrorCode ?? "no code"}): {FirstLine(ex.Message)}");
            }
            catch (DocumentAnalysisFailedException ex) when (ex.InnerErrorCode is "InvalidContent" or "UnsupportedContent" or "InvalidContentDimensions" or "InvalidContentLength")
            {
                return StatementReadResult.Failed(ReadFailure.Unreadable, "Document Intelligence could not read the document: " + ex.Message);
            }
            catch (DocumentAnalysisFailedException ex)
            {
                return StatementReadResult.Failed(ReadFailure.ServiceFailed, "Document Intelligence " + ex.Message);
            }
            catch (TimeoutException ex)
            {
                return StatementReadResult.Failed(ReadFailure.TimedOut, ex.Message);
            }

            var facts = Map(result, model, i > 0);
            if (best is null || Score(facts) > Score(best))
            {
                best = facts;
            }
            if (best.Fee is { } fee && fee.Confidence >= options.ConfidentFee)
            {
                break;
            }
        }
        if (best is null || string.IsNullOrWhiteSpace(best.Text))
        {
            return StatementReadResult.Failed(ReadFailure.Empty, "Document Intelligence found no text in the document.");
        }
        return StatementReadResult.Success(best);
    }

    private static double Score(FeeStatementFacts facts) => facts.Fee is { } fee ? 1 + fee.Confidence : 0;

    private static FeeStatementFacts Map(AnalyzeResult result, string model, bool fallback)
    {
        var warnings = new List<string>();
        var lines = Lines(result);
        foreach (var page in result.Pages)
        {
            if (page.Angle is { } angle && Math.Abs(angle) >= 2)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Page {page.PageNumber} is turned or skewed by {angle:F1}°."));
            }
        }
        var hints = Hints(result.Documents?.FirstOrDefault());
        var facts = StatementAnalyzer.Analyze(new StatementText(lines, TextOrigin.Ocr), ReaderName, warnings, hints);
        if (fallback && facts.Fee is not null)
        {
            facts = facts with { Warnings = [.. facts.Warnings, $"The fee was found only with {model}."] };
        }
        return facts;
    }

    /// <summary>Lines with the confidence of the words inside them; the content split by line when there are no pages.</summary>
    private static List<StatementLine> Lines(AnalyzeResult result)
    {
        var lines = new List<StatementLine>();
        foreach (var page in result.Pages)
        {
            var words = page.Words ?? [];
            foreach (var line in page.Lines ?? [])
            {
                var inside = words.Where(w => line.Spans.Any(s => s.Contains(w.Span))).Select(w => (w.Content, w.Confidence)).ToList();
                lines.Add(new StatementLine(line.Content, inside.Count == 0 ? 0.9 : StatementLine.ConfidenceOf(inside)));
            }
        }
        if (lines.Count == 0 && !string.IsNullOrEmpty(result.Content))
        {
            lines.AddRange(StatementText.FromPlainText(result.Content, TextOrigin.Ocr).Lines.Select(l => l with { Confidence = 0.9 }));
        }
        return lines;
    }

    private static StatementHints? Hints(AnalyzedDocument? document)
    {
        if (document?.Fields is not { } fields)
        {
            return null;
        }
        Fact<string>? Text(params string[] names)
        {
            foreach (var name in names)
            {
                if (fields.TryGetValue(name, out var f) && (f.ValueString ?? f.Content) is { Length: > 0 } value)
                {
                    return new Fact<string>(value, f.Confidence ?? document.Confidence);
                }
            }
            return null;
        }
        Fact<DateOnly>? date = null;
        foreach (var name in new[] { "InvoiceDate", "TransactionDate" })
        {
            if (fields.TryGetValue(name, out var f) && DateOnly.TryParseExact(f.ValueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                date = new Fact<DateOnly>(d, f.Confidence ?? document.Confidence);
                break;
            }
        }
        var (fee, feeLine) = FeeFromItems(fields);
        return new StatementHints(fee, feeLine, date, Text("VendorName", "MerchantName"), Text("CustomerName"));
    }

    /// <summary>
    /// The items the model found, as "description ¥amount" lines through the shared fee-line parser: the fee is
    /// the item the parser recognises as a reissue fee, never the total.
    /// </summary>
    private static (Fact<Yen>? Fee, Fact<string>? Line) FeeFromItems(IReadOnlyDictionary<string, DocumentField> fields)
    {
        if (!fields.TryGetValue("Items", out var items) || items.ValueArray is not { Count: > 0 } array)
        {
            return (null, null);
        }
        var lines = new List<StatementLine>();
        var confidences = new List<double>();
        foreach (var item in array)
        {
            var values = item.ValueObject;
            if (values is null)
            {
                continue;
            }
            var description = values.GetValueOrDefault("Description") is { } d ? d.ValueString ?? d.Content : null;
            var amountField = values.GetValueOrDefault("Amount") ?? values.GetValueOrDefault("TotalPrice");
            var amount = amountField?.ValueCurrency?.Amount ?? amountField?.ValueNumber;
            if (description is null || amount is null || (amountField?.ValueCurrency?.CurrencyCode is { } code && code != "JPY"))
            {
                continue;
            }
            lines.Add(new StatementLine(description + "  ¥" + ((long)Math.Round(amount.Value)).ToString("#,0", CultureInfo.InvariantCulture)));
            confidences.Add(Math.Min(item.Confidence ?? 1, amountField?.Confidence ?? 1));
        }
        var parsed = FeeLineParser.Parse(lines, TextOrigin.Structured);
        if (parsed.Fee is not { } fee)
        {
            return (null, null);
        }
        var confidence = Math.Round(Math.Min(fee.Confidence, confidences[fee.LineIndex]), 3);
        return (new Fact<Yen>(fee.Amount, confidence), new Fact<string>(fee.Line, confidence));
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end].TrimEnd();
    }
}
