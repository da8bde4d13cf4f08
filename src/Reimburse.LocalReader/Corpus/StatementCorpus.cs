using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Reimburse.LocalReader.Images;
using Reimburse.LocalReader.Tools;

namespace Reimburse.LocalReader.Corpus;

/// <summary>
/// Generates a corpus of Japanese card-reissue fee statements with ground truth: text PDFs, scanned PDFs, phone
/// photos (JPEG, HEIC), scans (PNG, TIFF) and CSV statements (UTF-8, Shift_JIS), across issuers and layouts, with
/// waived fees, full card numbers, security codes and statements without a fee. Deterministic for a seed.
/// </summary>
/// <remarks>
/// Lives beside the reader (not in a test project) because the extract benchmark in the app uses it too, and
/// because it shares the reader's Leptonica, libheif and tool-runner code. Pages are laid out as HTML and printed
/// by headless Chromium with the Debian CJK fonts in one run; poppler splits (text PDFs) or rasterises (images) the
/// pages; Leptonica adds the photo damage.
/// </remarks>
public static class StatementCorpus
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Generates the corpus into <see cref="CorpusOptions.OutputFolder"/> and writes truth.json there.</summary>
    public static async Task<CorpusManifest> GenerateAsync(CorpusOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputFolder);
        Directory.CreateDirectory(options.OutputFolder);
        var specs = Specs(options);
        var pages = specs.Where(s => s.Kind is not (CorpusKind.CsvUtf8 or CorpusKind.CsvShiftJis)).ToList();
        var truths = new CorpusTruth?[specs.Count];

        using var scratch = PrivateTempFolder.Create(null, "corpus");
        if (pages.Count > 0)
        {
            var pdf = await PrintAsync(pages, options, scratch, cancellationToken);
            var pageIndex = pages.Select((s, i) => (s.Id, Page: i + 1)).ToDictionary(p => p.Id, p => p.Page, StringComparer.Ordinal);
            await Parallel.ForEachAsync(
                pages,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount), CancellationToken = cancellationToken },
                async (spec, ct) =>
                {
                    var file = await RenderPageAsync(spec, pdf, pageIndex[spec.Id], options, scratch, ct);
                    truths[specs.IndexOf(spec)] = Truth(spec, file, issuerPrinted: true, cardAndHolderPrinted: true);
                });
        }
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            if (spec.Kind is CorpusKind.CsvUtf8 or CorpusKind.CsvShiftJis)
            {
                var file = spec.Id + ".csv";
                var bytes = StatementCsv.Render(spec, spec.Kind == CorpusKind.CsvShiftJis, new Random(SeedOf(options.Seed, spec.Id) + 1));
                await File.WriteAllBytesAsync(Path.Combine(options.OutputFolder, file), bytes, cancellationToken);
                truths[i] = Truth(spec, file, issuerPrinted: spec.Layout != "csv-header", cardAndHolderPrinted: StatementCsv.PrintsCardAndHolder(spec.Layout));
            }
        }

        var manifest = new CorpusManifest(Path.GetFullPath(options.OutputFolder), options.Seed, truths.Select(t => t!).ToList());
        await File.WriteAllTextAsync(
            Path.Combine(options.OutputFolder, CorpusManifest.TruthFileName),
            JsonSerializer.Serialize(new TruthFile(options.Seed, manifest.Documents), Json),
            cancellationToken);
        return manifest;
    }

    /// <summary>Loads a corpus generated earlier; null when the folder has no truth.json.</summary>
    public static async Task<CorpusManifest?> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, CorpusManifest.TruthFileName);
        if (!File.Exists(path))
        {
            return null;
        }
        await using var stream = File.OpenRead(path);
        var file = await JsonSerializer.DeserializeAsync<TruthFile>(stream, Json, cancellationToken)
            ?? throw new InvalidDataException(path + " is empty.");
        return new CorpusManifest(Path.GetFullPath(folder), file.Seed, file.Documents);
    }

    private static List<StatementSpec> Specs(CorpusOptions options)
    {
        var kinds = new List<CorpusKind>();
        kinds.AddRange(Enumerable.Repeat(CorpusKind.TextPdf, options.TextPdfs));
        kinds.AddRange(Enumerable.Repeat(CorpusKind.ScannedPdf, options.ScannedPdfs));
        kinds.AddRange(Enumerable.Repeat(CorpusKind.Photo, options.Photos));
        kinds.AddRange(Enumerable.Repeat(CorpusKind.Scan, options.Scans));
        kinds.AddRange(Enumerable.Repeat(CorpusKind.Heic, options.Heics));
        kinds.AddRange(Enumerable.Range(0, options.Csvs).Select(i => i % 2 == 0 ? CorpusKind.CsvUtf8 : CorpusKind.CsvShiftJis));
        var counters = new Dictionary<CorpusKind, int>();
        var specs = new List<StatementSpec>(kinds.Count);
        foreach (var kind in kinds)
        {
            var n = counters.GetValueOrDefault(kind) + 1;
            counters[kind] = n;
            var id = string.Create(CultureInfo.InvariantCulture, $"{KindPrefix(kind)}-{n:D4}");
            // One Random per document, seeded by the corpus seed and the document id: adding documents of one kind
            // does not change the others.
            specs.Add(StatementSpecs.Draw(new Random(SeedOf(options.Seed, id)), id, kind));
        }
        return specs;
    }

    private static int SeedOf(int seed, string id)
    {
        var hash = 17;
        foreach (var c in id)
        {
            hash = unchecked((hash * 31) + c);
        }
        return unchecked((seed * 7919) + hash) & int.MaxValue;
    }

    private static string KindPrefix(CorpusKind kind) => kind switch
    {
        CorpusKind.TextPdf => "text-pdf",
        CorpusKind.ScannedPdf => "scanned-pdf",
        CorpusKind.Photo => "photo",
        CorpusKind.Scan => "scan",
        CorpusKind.Heic => "heic",
        CorpusKind.CsvUtf8 => "csv-utf8",
        _ => "csv-sjis",
    };

    /// <summary>Prints the pages with headless Chromium into one PDF in <paramref name="scratch"/>, one page per spec (checked).</summary>
    internal static async Task<string> PrintAsync(IReadOnlyList<StatementSpec> pages, CorpusOptions options, PrivateTempFolder scratch, CancellationToken cancellationToken)
    {
        var html = scratch.File("statements.html");
        var pdf = scratch.File("statements.pdf");
        await File.WriteAllTextAsync(html, StatementHtml.Document(pages), Encoding.UTF8, cancellationToken);
        var profile = scratch.File("chromium-profile");
        Directory.CreateDirectory(profile);
        var result = await ToolRunner.RunAsync(
            options.ChromiumPath,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
                "--user-data-dir=" + profile, "--print-to-pdf=" + pdf, new Uri(html).AbsoluteUri,
            ],
            scratch.Path,
            options.ToolTimeout,
            cancellationToken);
        if (!File.Exists(pdf))
        {
            throw new InvalidOperationException("Chromium did not print the corpus (exit " + result.ExitCode + "): " + result.Error);
        }
        var info = await ToolRunner.RunAsync(Path.Combine(options.PopplerPath, "pdfinfo"), [pdf], scratch.Path, options.ToolTimeout, cancellationToken);
        var pagesLine = Encoding.UTF8.GetString(info.Output).Split('\n').FirstOrDefault(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        if (pagesLine is null || int.Parse(pagesLine["Pages:".Length..].Trim(), CultureInfo.InvariantCulture) != pages.Count)
        {
            throw new InvalidOperationException($"Chromium printed {pagesLine} for {pages.Count} statements: a layout overflowed its page.");
        }
        return pdf;
    }

    private static async Task<string> RenderPageAsync(StatementSpec spec, string pdf, int page, CorpusOptions options, PrivateTempFolder scratch, CancellationToken cancellationToken)
    {
        var p = page.ToString(CultureInfo.InvariantCulture);
        if (spec.Kind == CorpusKind.TextPdf)
        {
            var file = spec.Id + ".pdf";
            await RunPopplerAsync(options, scratch, "pdfseparate", ["-f", p, "-l", p, pdf, Path.Combine(Path.GetFullPath(options.OutputFolder), file)], cancellationToken);
            return file;
        }
        var effects = spec.Effects!;
        var prefix = scratch.File(spec.Id);
        List<string> args = ["-r", effects.Dpi.ToString(CultureInfo.InvariantCulture), "-f", p, "-l", p, "-singlefile", "-png"];
        if (!effects.Color)
        {
            args.Add("-gray");
        }
        args.AddRange([pdf, prefix]);
        await RunPopplerAsync(options, scratch, "pdftoppm", args, cancellationToken);
        var png = await File.ReadAllBytesAsync(prefix + ".png", cancellationToken);
        File.Delete(prefix + ".png");
        using var clean = Pix.Decode(png) ?? throw new InvalidOperationException("pdftoppm wrote an unreadable PNG for " + spec.Id);
        using var damaged = PhotoEffects.Apply(clean, effects, SeedOf(options.Seed, spec.Id));
        damaged.SetResolution(spec.Kind is CorpusKind.Scan or CorpusKind.ScannedPdf ? effects.Dpi : 72);
        var (name, bytes) = spec.Kind switch
        {
            CorpusKind.Photo => (spec.Id + ".jpg", damaged.EncodeJpeg(effects.JpegQuality)),
            CorpusKind.Heic => (spec.Id + ".heic", Heif.Encode(damaged, effects.JpegQuality - 20, scratch.Path)),
            CorpusKind.Scan when spec.Id.EndsWith('1') || spec.Id.EndsWith('3') => (spec.Id + ".tif", damaged.EncodeTiff()),
            CorpusKind.Scan => (spec.Id + ".png", damaged.EncodePng()),
            _ => (spec.Id + ".pdf", ImagePdfWriter.Write(damaged.EncodeJpeg(effects.JpegQuality), damaged.Width, damaged.Height, gray: damaged.Depth == 8)),
        };
        await File.WriteAllBytesAsync(Path.Combine(options.OutputFolder, name), bytes, cancellationToken);
        return name;
    }

    internal static async Task RunPopplerAsync(CorpusOptions options, PrivateTempFolder scratch, string tool, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync(Path.Combine(options.PopplerPath, tool), args, scratch.Path, options.ToolTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{tool} failed (exit {result.ExitCode}): {result.Error}");
        }
    }

    private static CorpusTruth Truth(StatementSpec spec, string file, bool issuerPrinted, bool cardAndHolderPrinted) => new(
        spec.Id,
        file,
        spec.Kind,
        spec.Layout,
        issuerPrinted ? spec.Issuer.Id : null,
        spec.Fee.Fee,
        spec.Fee.Waived,
        cardAndHolderPrinted ? spec.CardNumber.Last4 : null,
        cardAndHolderPrinted ? spec.CardNumber.FullNumber : null,
        spec.Kind is CorpusKind.CsvUtf8 or CorpusKind.CsvShiftJis ? null : spec.SecurityCode,
        spec.Date,
        cardAndHolderPrinted ? spec.Holder : null,
        spec.Effects?.ToString() ?? "");

    private sealed record TruthFile(int Seed, IReadOnlyList<CorpusTruth> Documents);
}
