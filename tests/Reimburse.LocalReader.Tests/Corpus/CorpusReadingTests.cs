using System.Globalization;
using Reimburse.LocalReader.Corpus;
using Reimburse.Privacy;
using Reimburse.Statements;
using Xunit.Abstractions;

namespace Reimburse.LocalReader.Tests.Corpus;

/// <summary>The local reader against the generated corpus: the accuracy and safety the issue asks for.</summary>
public class CorpusReadingTests(CorpusFixture corpus, ITestOutputHelper output) : IClassFixture<CorpusFixture>
{
    private const double EscalationThreshold = 0.8;

    private static bool FeeExact(CorpusTruth truth, StatementReadResult result) =>
        result.Facts is { } facts && (truth.Fee is null ? facts.Fee is null : facts.Fee?.Value.Amount == truth.Fee && facts.FeeWaived == truth.Waived);

    private double Accuracy(params CorpusKind[] kinds)
    {
        var docs = corpus.Results.Where(r => kinds.Contains(r.Truth.Kind)).ToList();
        Assert.NotEmpty(docs);
        foreach (var (truth, result) in docs.Where(d => !FeeExact(d.Truth, d.Result)))
        {
            output.WriteLine($"miss {truth.Id} ({truth.Layout}, {truth.Effects}): truth {truth.Fee?.ToString(CultureInfo.InvariantCulture) ?? "none"}, read {result.Facts?.Fee?.Value.ToString() ?? result.Message} @ {result.Facts?.Fee?.Confidence}");
        }
        return docs.Count(d => FeeExact(d.Truth, d.Result)) / (double)docs.Count;
    }

    [Fact]
    public void Text_pdfs_and_csv_statements_give_the_exact_fee_at_least_97_percent_of_the_time()
    {
        Assert.InRange(Accuracy(CorpusKind.TextPdf), 0.97, 1.0);
        Assert.InRange(Accuracy(CorpusKind.CsvUtf8, CorpusKind.CsvShiftJis), 0.97, 1.0);
    }

    [Fact]
    public void Photos_give_the_exact_fee_at_least_90_percent_of_the_time()
    {
        Assert.InRange(Accuracy(CorpusKind.Photo, CorpusKind.Heic), 0.90, 1.0);
    }

    [Fact]
    public void Scans_and_scanned_pdfs_are_read_by_ocr()
    {
        Assert.InRange(Accuracy(CorpusKind.Scan, CorpusKind.ScannedPdf), 0.8, 1.0);
        Assert.All(
            corpus.Results.Where(r => r.Truth.Kind == CorpusKind.ScannedPdf),
            r => Assert.Contains(r.Result.Facts!.Warnings, w => w.Contains("scan", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_waived_fee_is_detected()
    {
        var waived = corpus.Results.Where(r => r.Truth.Waived).ToList();
        Assert.NotEmpty(waived);
        Assert.All(waived, r => Assert.True(r.Result.Facts?.FeeWaived == true, r.Truth.Id + " not detected as waived"));
    }

    [Fact]
    public void Every_miss_is_a_low_confidence_result_not_a_confident_wrong_number()
    {
        var confidentMisses = corpus.Results
            .Where(r => !FeeExact(r.Truth, r.Result) && r.Result.Facts?.Fee is { Confidence: >= EscalationThreshold })
            .Select(r => r.Truth.Id)
            .ToList();
        Assert.Empty(confidentMisses);
    }

    [Fact]
    public void No_full_card_number_or_security_code_ever_leaves_the_reader()
    {
        var withNumber = corpus.Results.Where(r => r.Truth.FullCardNumber is not null).ToList();
        Assert.NotEmpty(withNumber);
        foreach (var (truth, result) in corpus.Results)
        {
            var facts = result.Facts;
            if (facts is null)
            {
                continue;
            }
            string[] texts = [facts.Text, facts.FeeLine?.Value ?? "", facts.HolderName?.Value ?? "", facts.CardLast4?.Value ?? "", .. facts.Warnings];
            foreach (var text in texts)
            {
                Assert.False(CardNumbers.ContainsCardNumber(text), truth.Id + " leaks a card number");
                var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
                if (truth.FullCardNumber is { } pan)
                {
                    // Not even the first twelve digits in a row (OCR may garble the rest).
                    Assert.DoesNotContain(pan[..12], digits, StringComparison.Ordinal);
                }
                if (truth.SecurityCode is { } code)
                {
                    Assert.DoesNotMatch("(セキュリティ|CVV).{0,4}" + code, text);
                }
            }
        }
    }

    [Fact]
    public void Printed_last_four_digits_are_found_in_digital_documents()
    {
        var digital = corpus.Results.Where(r => r.Truth.Kind is CorpusKind.TextPdf or CorpusKind.CsvUtf8 or CorpusKind.CsvShiftJis && r.Truth.Last4 is not null).ToList();
        Assert.NotEmpty(digital);
        Assert.All(digital, r => Assert.Equal(r.Truth.Last4, r.Result.Facts?.CardLast4?.Value));
    }

    [Fact]
    public void Statements_without_a_fee_report_no_fee_rather_than_zero()
    {
        var none = corpus.Results.Where(r => r.Truth.Fee is null && r.Truth.Kind is CorpusKind.TextPdf or CorpusKind.CsvUtf8 or CorpusKind.CsvShiftJis).ToList();
        Assert.NotEmpty(none);
        Assert.All(none, r =>
        {
            Assert.Null(r.Result.Facts!.Fee);
            Assert.False(r.Result.Facts.FeeWaived);
        });
    }

    [Fact]
    public void Turned_photos_are_read_upright_and_say_so()
    {
        var turned = corpus.Results.Where(r => r.Truth.Effects.Contains("turn=90", StringComparison.Ordinal) || r.Truth.Effects.Contains("turn=270", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(turned);
        Assert.All(turned, r => Assert.Contains(r.Result.Facts!.Warnings, w => w.Contains("turned", StringComparison.Ordinal)));
    }

    [Fact]
    public void Issuers_named_on_the_document_are_recognised()
    {
        var named = corpus.Results.Where(r => r.Truth.Issuer is not null && r.Truth.Kind is CorpusKind.TextPdf or CorpusKind.CsvUtf8 or CorpusKind.CsvShiftJis).ToList();
        var right = named.Count(r => r.Result.Facts?.Issuer?.Value == r.Truth.Issuer);
        Assert.True(right >= named.Count * 0.95, $"{right}/{named.Count} issuers");
    }

    [Fact]
    public void Every_document_of_the_corpus_is_read_by_the_local_reader()
    {
        Assert.Equal(CorpusFixture.Options.Total, corpus.Results.Count);
        Assert.All(corpus.Results, r =>
        {
            Assert.True(r.Result.Succeeded, r.Truth.Id + ": " + r.Result.Message);
            Assert.Equal("local", r.Result.Facts!.Reader);
        });
    }

    [Fact]
    public void Header_dimensions_agree_with_the_decoder_on_every_generated_image()
    {
        var images = corpus.Manifest.Documents.Where(d => d.Kind is CorpusKind.Photo or CorpusKind.Scan or CorpusKind.Heic).ToList();
        Assert.Contains(images, d => d.Kind == CorpusKind.Heic);
        Assert.All(images, d =>
        {
            var bytes = File.ReadAllBytes(corpus.Manifest.PathOf(d));
            var size = ImageDimensions.Read(bytes, DocumentFormats.Detect(bytes));
            Assert.NotNull(size);
            if (d.Kind == CorpusKind.Heic)
            {
                // ispe is the coded size; a clean-aperture crop may take a pixel or so off what is shown: never more pixels.
                using var decoded = Reimburse.LocalReader.Images.Heif.Decode(bytes);
                Assert.InRange(size.Width - decoded.Width, 0, 16);
                Assert.InRange(size.Height - decoded.Height, 0, 16);
            }
            else
            {
                Assert.Equal(Reimburse.LocalReader.Images.Pix.ReadSize(bytes), (size.Width, size.Height));
            }
        });
    }
}
