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

    /// <summary>CPU time of the Azurite this benchmark started (null for a configured account).</summary>
    public TimeSpan? EmulatorProcessorTime => _azurite?.ProcessorTime;

    /// <summary>Where the storage is, for the benchmark's header line.</summary>
    public string Description { get; private init; } = "configured storage account";

    /// <param name="connectionString">A storage account to use as it is; null starts a fresh Azurite.</param>
    /// <param name="inMemory">Run Azurite without its periodic saves to disk, so that the figures measure the protocol, not the emulator's persistence.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<BenchStorage> StartAsync(string? connectionString, CancellationToken cancellationToken, bool inMemory = false)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new BenchStorage(connectionString, null);
        }
        var dev = DevEnvironment.Locate();
        var folder = Path.Combine(Path.GetTempPath(), "reimburse-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var azurite = await AzuriteEmulator.StartAsync(dev.RepositoryRoot, folder, cancellationToken, inMemory).ConfigureAwait(false);
        return new BenchStorage(azurite.ConnectionString, azurite) { Description = $"Azurite (fresh, {(inMemory ? "in memory" : "on disk")}, {folder})" };
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
