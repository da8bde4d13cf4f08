using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Reimburse.Azure.Emulator;

/// <summary>
/// Azurite (the Azure Storage emulator) run from the repository's node_modules on loopback, with a data folder of
/// the caller's. Used by `reimburse up` and by the tests. Azurite runs under tools/azurite-child.js, which exits
/// when our standard input closes, so it never outlives the process that started it, however that one ends.
/// It can be stopped and started again on the same ports with the same data (outage tests).
/// </summary>
public sealed class AzuriteEmulator : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known Azurite development key (public, documented by Microsoft; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _repositoryRoot;
    private Process? _process;

    private readonly bool _inMemory;

    private AzuriteEmulator(string repositoryRoot, string location, int blobPort, int queuePort, int tablePort, bool inMemory)
    {
        _repositoryRoot = repositoryRoot;
        _inMemory = inMemory;
        Location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>Azurite's data folder.</summary>
    public string Location { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary>A Shared Key connection string with explicit endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>CPU time Azurite has used so far (for benchmarks that count the emulator's share); null when not running.</summary>
    public TimeSpan? ProcessorTime => _process is { HasExited: false } p ? p.TotalProcessorTime : null;

    /// <summary>Starts Azurite on three free loopback ports.</summary>
    /// <param name="repositoryRoot">The folder holding node_modules and tools/azurite-child.js.</param>
    /// <param name="location">Azurite's data folder (created if missing).</param>
    /// <param name="cancellationToken">Cancels the wait for Azurite to listen.</param>
    /// <param name="inMemory">Keep data in memory only (no periodic saves to disk; lost on stop). For benchmarks.</param>
    public static async Task<AzuriteEmulator> StartAsync(string repositoryRoot, string location, CancellationToken cancellationToken = default, bool inMemory = false)
    {
        Directory.CreateDirectory(location);
        var emulator = new AzuriteEmulator(repositoryRoot, location, FreePort(), FreePort(), FreePort(), inMemory);
        await emulator.StartAgainAsync(cancellationToken).ConfigureAwait(false);
        return emulator;
    }

    /// <summary>Starts Azurite (again) on the same ports and data folder; no-op while it runs.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }
        var entry = Path.Combine(_repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entry))
        {
            throw new InvalidOperationException($"Azurite is not installed ({entry} is missing): run `npm ci` in {_repositoryRoot}.");
        }
        var psi = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Location,
        };
        string[] arguments =
        [
            Path.Combine(_repositoryRoot, "tools", "azurite-child.js"),
            "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", Port(BlobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(QueuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Port(TablePort),
        ];
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        // Azurite refuses a location together with in-memory persistence.
        if (_inMemory)
        {
            psi.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            psi.ArgumentList.Add("--location");
            psi.ArgumentList.Add(Location);
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await CanConnectAsync(port, cancellationToken).ConfigureAwait(false))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening.");
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("Azurite did not listen within 60 s.");
                }
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stops Azurite gracefully (it saves its data, as a real service keeps what it acknowledged), keeping its data
    /// folder; kills it if it has not exited within 15 s.
    /// </summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }
        try
        {
            if (!process.HasExited)
            {
                // Closing standard input asks tools/azurite-child.js to shut Azurite down through its SIGTERM handler.
                process.StandardInput.Close();
                using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> CanConnectAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
