using Reimburse.Functions.Local;

namespace Reimburse.Functions.Cli;

/// <summary>
/// Configuration for the commands, read like the app's. Lowest first: (inside the repository) the development
/// secrets and the storage of a running `reimburse up`, then appsettings.json beside the executable, then (inside the
/// repository, where `up` runs as Development) appsettings.Development.json, then environment variables — so a
/// configured value always wins over the development one.
/// </summary>
internal static class CliConfiguration
{
    public static IConfigurationRoot Build()
    {
        var development = DevEnvironment.SettingsForCommands();
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(development)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (development.Count > 0)
        {
            // The development paying account (Payouts:Requester) lives there, as for `reimburse up`.
            builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"), optional: true);
        }
        return builder.AddEnvironmentVariables().Build();
    }
}
