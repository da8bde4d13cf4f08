using Reimburse.Functions.Local;

namespace Reimburse.Functions.Cli;

/// <summary>
/// Configuration for the commands, read like the app's: appsettings.json beside the executable, then (inside the
/// repository) the development secrets and the storage of a running `reimburse up`, then environment variables.
/// </summary>
internal static class CliConfiguration
{
    public static IConfigurationRoot Build() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddInMemoryCollection(DevEnvironment.SettingsForCommands())
            .AddEnvironmentVariables()
            .Build();
}
