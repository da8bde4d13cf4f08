using Reimburse.LocalReader.Corpus;
using Reimburse.Statements;
using Reimburse.Testing;

namespace Reimburse.LocalReader.Tests.Corpus;

/// <summary>
/// Generates a modest corpus once for the test class (about 90 documents: most of the time goes to OCR of the 24
/// image documents) and reads every document with one local reader.
/// </summary>
public sealed class CorpusFixture : IAsyncLifetime
{
    public static readonly CorpusOptions Options = new()
    {
        Seed = 4242,
        TextPdfs = 30,
        Csvs = 30,
        Photos = 16,
        Heics = 2,
        Scans = 3,
        ScannedPdfs = 3,
    };

    private readonly string _folder = RepoPaths.NewTempFolder("corpus");

    public CorpusManifest Manifest { get; private set; } = null!;

    public IReadOnlyList<(CorpusTruth Truth, StatementReadResult Result)> Results { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Options.OutputFolder = _folder;
        Manifest = await StatementCorpus.GenerateAsync(Options, CancellationToken.None);
        using var reader = new LocalStatementReader(new LocalReaderOptions());
        var results = new (CorpusTruth, StatementReadResult)[Manifest.Documents.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, results.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, ct) =>
            {
                var truth = Manifest.Documents[i];
                var bytes = await File.ReadAllBytesAsync(Manifest.PathOf(truth), ct);
                results[i] = (truth, await reader.ReadAsync(new StatementInput(bytes, "application/octet-stream", truth.File), ct));
            });
        Results = results;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
