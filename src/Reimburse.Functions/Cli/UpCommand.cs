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
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not create demo data or print demo claim codes." };
        var command = new Command("up", "Start the whole system locally and print its URLs; Ctrl-C stops everything it started.") { port, dataFolder, noDemo };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetValue(port), parseResult.GetValue(dataFolder), !parseResult.GetValue(noDemo), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int port, string? dataFolder, bool demo, CancellationToken cancellationToken)
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
            Console.WriteLine($"  API:          {address}/openapi/v1.yaml (cardholder sign-in: POST {address}/api/session)");
            Console.WriteLine("Press Ctrl-C to stop.");
            // The demo data goes in through the API once the app serves; its codes follow the URLs when ready.
            var seeding = demo
                ? SeedAsync(new Uri(address + "/"), Convert.FromBase64String(settings["StaffTokens:SigningKey"]!), app.Lifetime.ApplicationStopping)
                : Task.CompletedTask;
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await seeding.ConfigureAwait(false);
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

    private static async Task SeedAsync(Uri app, byte[] staffKey, CancellationToken stopping)
    {
        try
        {
            await DemoData.EnsureAsync(app, staffKey, Console.Out, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            // The system runs without demo data; say why instead of stopping it.
            await Console.Error.WriteLineAsync("Demo data could not be created: " + ex.Message).ConfigureAwait(false);
        }
    }
}
