using Reimburse.LocalReader.Corpus;
using Reimburse.Privacy;
using Reimburse.Testing;

namespace Reimburse.LocalReader.Tests.Corpus;

public class StatementCorpusTests
{
    private static CorpusOptions CsvOnly(string folder, int seed) => new()
    {
        OutputFolder = folder,
        Seed = seed,
        TextPdfs = 0,
        ScannedPdfs = 0,
        Photos = 0,
        Scans = 0,
        Heics = 0,
        Csvs = 40,
    };

    [Fact]
    public async Task The_same_seed_gives_the_same_documents_and_truth()
    {
        var a = RepoPaths.NewTempFolder("corpus-a");
        var b = RepoPaths.NewTempFolder("corpus-b");
        var c = RepoPaths.NewTempFolder("corpus-c");
        try
        {
            var first = await StatementCorpus.GenerateAsync(CsvOnly(a, 7), CancellationToken.None);
            var second = await StatementCorpus.GenerateAsync(CsvOnly(b, 7), CancellationToken.None);
            var other = await StatementCorpus.GenerateAsync(CsvOnly(c, 8), CancellationToken.None);
            Assert.Equal(first.Documents, second.Documents);
            Assert.All(first.Documents, d => Assert.Equal(File.ReadAllBytes(first.PathOf(d)), File.ReadAllBytes(second.PathOf(d))));
            Assert.NotEqual(first.Documents, other.Documents);
            var loaded = await StatementCorpus.LoadAsync(a, CancellationToken.None);
            Assert.Equal(first.Documents, loaded!.Documents);
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
            Directory.Delete(c, true);
        }
    }

    [Fact]
    public async Task The_corpus_covers_waived_fees_missing_fees_full_card_numbers_and_both_encodings()
    {
        var folder = RepoPaths.NewTempFolder("corpus-cover");
        try
        {
            var manifest = await StatementCorpus.GenerateAsync(CsvOnly(folder, 11), CancellationToken.None);
            Assert.Contains(manifest.Documents, d => d.Waived);
            Assert.Contains(manifest.Documents, d => d.Fee is null);
            Assert.Contains(manifest.Documents, d => d.Fee > 0);
            Assert.Contains(manifest.Documents, d => d.Kind == CorpusKind.CsvShiftJis);
            Assert.Contains(manifest.Documents, d => d.Kind == CorpusKind.CsvUtf8);
            Assert.True(manifest.Documents.Select(d => d.Layout).Distinct().Count() >= 4);
            Assert.All(manifest.Documents.Where(d => d.FullCardNumber is not null), d => Assert.True(CardNumbers.IsLuhnValid(d.FullCardNumber)));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
