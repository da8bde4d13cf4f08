using Reimburse.Azure.Emulator;
using Reimburse.Functions.Local;

namespace Reimburse.Functions.Benchmarks;

/// <summary>
/// Storage for a benchmark: the connection string given, or a fresh Azurite on free ports with its data in a
/// private temp folder, stopped and deleted afterwards (so figures never depend on what an earlier run left).
/// </summary>
public sealed class BenchStorage : IAsyncDisposable
{
    private readonly AzuriteEmulator? _azurite;

    private BenchStorage(string connectionString, AzuriteEmulator? azurite)
    {
        ConnectionString = connectionString;
        _azurite = azurite;
    }

    public string ConnectionString { get; }

    /// <summary>Where the storage is, for the benchmark's header line.</summary>
    public string Description => _azurite is null ? "configured storage account" : $"Azurite (fresh, {_azurite.Location})";

    public static async Task<BenchStorage> StartAsync(string? connectionString, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new BenchStorage(connectionString, null);
        }
        var dev = DevEnvironment.Locate();
        var folder = Path.Combine(Path.GetTempPath(), "reimburse-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var azurite = await AzuriteEmulator.StartAsync(dev.RepositoryRoot, folder, cancellationToken).ConfigureAwait(false);
        return new BenchStorage(azurite.ConnectionString, azurite);
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is null)
        {
            return;
        }
        await _azurite.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_azurite.Location, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
