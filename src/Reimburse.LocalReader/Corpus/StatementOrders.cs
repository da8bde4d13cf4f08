using System.Globalization;
using Reimburse.LocalReader.Tools;

namespace Reimburse.LocalReader.Corpus;

/// <summary>
/// One text-PDF statement to print with known content: the end-to-end tests and the pipeline benchmark order the
/// statements their claims need (a given fee, card, holder and date) instead of drawing random ones.
/// </summary>
/// <param name="Id">File name without extension (letters, digits, '-' and '_').</param>
/// <param name="Issuer">Issuer id (jcb, smbc, rakuten, saison, aeon, mufg, epos, orico, view, docomo).</param>
/// <param name="Layout">letter, statement, notice or web.</param>
/// <param name="Fee">The reissue fee incl. tax; null: the document has no fee line (not a fee statement).</param>
/// <param name="Waived">The document says the fee is waived (無料 / ¥0 / 免除); <paramref name="Fee"/> is ignored.</param>
/// <param name="Last4">The card's last four digits, printed masked (****-****-****-1234); null: no card number printed.</param>
/// <param name="Holder">The holder name printed.</param>
/// <param name="Date">The statement date (printed in one of three forms, wareki among them).</param>
/// <param name="Seed">Draws what the order leaves open (font, wording, other purchases); same seed, same document.</param>
public sealed record StatementOrder(
    string Id,
    string Issuer,
    string Layout,
    long? Fee,
    bool Waived,
    string? Last4,
    string Holder,
    DateOnly Date,
    int Seed = 0);

/// <summary>Prints ordered statements as text PDFs (headless Chromium with the CJK fonts, split by poppler).</summary>
public static class StatementPrinter
{
    // Chromium holds the whole document in memory while printing: print large orders in parts.
    private const int PagesPerRun = 500;

    private static readonly string[] Layouts = ["letter", "statement", "notice", "web"];

    /// <summary>Prints every order to <c>{Id}.pdf</c> in <paramref name="outputFolder"/>; returns the paths in order.</summary>
    /// <param name="orders">The statements.</param>
    /// <param name="outputFolder">Created if missing.</param>
    /// <param name="tools">Where Chromium and poppler are, and their time limit (other settings are ignored).</param>
    /// <param name="cancellationToken">Cancels printing.</param>
    /// <exception cref="ArgumentException">An order names an unknown issuer or layout, or an invalid id.</exception>
    public static async Task<IReadOnlyList<string>> PrintAsync(IReadOnlyList<StatementOrder> orders, string outputFolder, CorpusOptions? tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        tools ??= new CorpusOptions();
        foreach (var order in orders)
        {
            if (!Layouts.Contains(order.Layout, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Unknown layout '{order.Layout}' for {order.Id}; use {string.Join(", ", Layouts)}.", nameof(orders));
            }
            if (order.Id.Length == 0 || !order.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new ArgumentException($"The order id '{order.Id}' must be letters, digits, '-' or '_'.", nameof(orders));
            }
        }
        var folder = Path.GetFullPath(outputFolder);
        Directory.CreateDirectory(folder);
        var specs = orders.Select(o => StatementSpecs.FromOrder(o, new Random(o.Seed ^ StableHash(o.Id)))).ToList();
        var paths = new List<string>(orders.Count);
        foreach (var part in specs.Chunk(PagesPerRun))
        {
            // A short folder name: Chromium puts a socket inside, and socket paths are limited to about 100 characters.
            using var scratch = PrivateTempFolder.Create(null, "so");
            var pdf = await StatementCorpus.PrintAsync(part, tools, scratch, cancellationToken).ConfigureAwait(false);
            // One pdfseparate run splits every page; the pages are then named after their orders.
            var pattern = scratch.File("page-%d.pdf");
            await StatementCorpus.RunPopplerAsync(tools, scratch, "pdfseparate", [pdf, pattern], cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < part.Length; i++)
            {
                var target = Path.Combine(folder, part[i].Id + ".pdf");
                File.Move(scratch.File(string.Create(CultureInfo.InvariantCulture, $"page-{i + 1}.pdf")), target, overwrite: true);
                paths.Add(target);
            }
        }
        return paths;
    }

    private static int StableHash(string id)
    {
        var hash = 17;
        foreach (var c in id)
        {
            hash = unchecked((hash * 31) + c);
        }
        return hash;
    }
}
