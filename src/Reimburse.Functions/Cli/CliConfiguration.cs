using Reimburse.Functions.Local;

namespace Reimburse.Functions.Cli;

/// <summary>
/// Configuration for the commands, read like the app's. Lowest first: (inside the repository) the development
/// secrets and the storage of a running `reimburse up`, then appsettings.json beside the executable, then environment
/// variables — so a configured value always wins over the development one.
/// </summary>
internal static class CliConfiguration
{
    public static IConfigurationRoot Build() =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(DevEnvironment.SettingsForCommands())
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
}
