using Reimburse.Functions.Customers;
using Reimburse.Functions.Local;
using Reimburse.Functions.Storage;

namespace Reimburse.Functions.Cli;

/// <summary>
/// The services the customer commands (incident, import-customers, issue-codes) need, configured like the app:
/// appsettings.json and environment variables (<c>Storage__ConnectionString</c>, <c>ClaimCodes__HmacKey</c>); inside
/// the repository the development secrets of <c>.data/dev-secrets.json</c> fill in the HMAC key.
/// </summary>
internal static class CustomerCommandServices
{
    public static ServiceProvider Build(TextWriter error)
    {
        var configuration = CliConfiguration.Build();
        if (string.IsNullOrWhiteSpace(configuration["Storage:ConnectionString"]) && configuration["Storage:TableServiceUri"] is null)
        {
            error.WriteLine("No storage configured: set Storage__ConnectionString (for the local system, the connection string `reimburse up` uses), " +
                "or Storage__TableServiceUri and Storage__BlobServiceUri with a managed identity.");
            throw new OperationCanceledException("no storage configured");
        }
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddReimburseStorage(configuration);
        services.AddCustomers(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Runs <paramref name="action"/> with the services, turning bad input into a message and exit code 1.</summary>
    public static async Task<int> RunAsync(Func<IServiceProvider, Task<int>> action, CancellationToken cancellationToken)
    {
        ServiceProvider provider;
        try
        {
            provider = Build(Console.Error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 2;
        }
        await using (provider.ConfigureAwait(false))
        {
            try
            {
                return await action(provider).ConfigureAwait(false);
            }
            catch (Hosting.InputException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 1;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync("Configuration: " + string.Join(" ", ex.Failures)).ConfigureAwait(false);
                return 2;
            }
        }
    }
}
