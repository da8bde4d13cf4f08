using System.CommandLine;
using System.Globalization;
using Reimburse.Azure.Emulator;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Local;

namespace Reimburse.Functions.Cli;

/// <summary>
/// `reimburse up`: the whole system locally — Azurite (unless a storage connection is configured), development
/// secrets, the app with its queue runner and the local reader, demo data — and the URLs. Ctrl-C stops all of it.
/// </summary>
public static class UpCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port for the app on 127.0.0.1 (0 = a free one).", DefaultValueFactory = _ => 5080 };
        var dataFolder = new Option<string?>("--data-folder") { Description = "Azurite's data folder (default: .data/azurite in the repository)." };
        var command = new Command("up", "Start the whole system locally and print its URLs; Ctrl-C stops everything it started.") { port, dataFolder };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetValue(port), parseResult.GetValue(dataFolder), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int port, string? dataFolder, CancellationToken cancellationToken)
    {
        var dev = DevEnvironment.Locate();
        var settings = new Dictionary<string, string?>(dev.LoadOrCreateSecrets());
        AzuriteEmulator? azurite = null;
        try
        {
            var configured = Environment.GetEnvironmentVariable("Storage__ConnectionString");
            if (string.IsNullOrWhiteSpace(configured))
            {
                azurite = await AzuriteEmulator.StartAsync(dev.RepositoryRoot, Path.GetFullPath(dataFolder ?? Path.Combine(dev.DataFolder, "azurite")), cancellationToken).ConfigureAwait(false);
                settings["Storage:ConnectionString"] = azurite.ConnectionString;
                // Lets `reimburse import-customers`, `issue-codes`, … reach this Azurite while `up` runs.
                await File.WriteAllTextAsync(dev.RunningSystemFile, azurite.ConnectionString, cancellationToken).ConfigureAwait(false);
            }
            var url = "http://127.0.0.1:" + (port == 0 ? "0" : port.ToString(CultureInfo.InvariantCulture));
            var app = ReimburseApp.Build(["--environment", "Development", "--contentRoot", AppContext.BaseDirectory], builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.WebHost.UseUrls(url);
            });
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync("The app cannot start, its configuration is invalid: " + ex.Message).ConfigureAwait(false);
                return 1;
            }
            var address = app.Urls.FirstOrDefault() ?? url;
            Console.WriteLine();
            Console.WriteLine("Reimburse is running.");
            Console.WriteLine($"  App:          {address}/");
            Console.WriteLine($"  Health:       {address}/healthz");
            Console.WriteLine($"  Staff token:  ./reimburse token --role reviewer --name 審査太郎");
            if (azurite is not null)
            {
                Console.WriteLine($"  Azurite:      blob {azurite.BlobEndpoint}  queue {azurite.QueueEndpoint}  table {azurite.TableEndpoint}");
                Console.WriteLine($"  Data folder:  {azurite.Location}");
            }
            else
            {
                Console.WriteLine("  Storage:      from Storage__ConnectionString");
            }
            Console.WriteLine("Press Ctrl-C to stop.");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            return 0;
        }
        finally
        {
            if (azurite is not null)
            {
                File.Delete(dev.RunningSystemFile);
                await azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
