using Reimburse.Azure.Emulator;

namespace Reimburse.Testing;

/// <summary>
/// Azurite for one test class or collection: the product's <see cref="AzuriteEmulator"/> on free loopback ports
/// with a private temp data folder, deleted on dispose.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = AzuriteEmulator.AccountName;
    public const string AccountKey = AzuriteEmulator.AccountKey;

    private readonly AzuriteEmulator _emulator;

    private AzuriteProcess(AzuriteEmulator emulator) => _emulator = emulator;

    public int BlobPort => _emulator.BlobPort;
    public int QueuePort => _emulator.QueuePort;
    public int TablePort => _emulator.TablePort;
    public Uri BlobEndpoint => _emulator.BlobEndpoint;
    public Uri QueueEndpoint => _emulator.QueueEndpoint;
    public Uri TableEndpoint => _emulator.TableEndpoint;
    public string ConnectionString => _emulator.ConnectionString;
    public bool IsRunning => _emulator.IsRunning;

    public static async Task<AzuriteProcess> StartAsync(string? location = null, CancellationToken cancellationToken = default) =>
        new(await AzuriteEmulator.StartAsync(RepoPaths.Root, location ?? RepoPaths.NewTempFolder("azurite"), cancellationToken).ConfigureAwait(false));

    /// <summary>Starts Azurite again on the same ports and data (after <see cref="StopAsync"/>).</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => _emulator.StartAgainAsync(cancellationToken);

    /// <summary>Stops Azurite, keeping its data, to simulate an outage.</summary>
    public Task StopAsync() => _emulator.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _emulator.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_emulator.Location, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
