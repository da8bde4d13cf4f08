using Reimburse.Functions.Customers;
using Reimburse.Functions.Storage;

namespace Reimburse.Functions.Cli;

/// <summary>
/// The services the customer commands (incident, import-customers, issue-codes) need, configured like the app:
/// <see cref="CliConfiguration"/> (a running <c>reimburse up</c> and the development secrets inside the repository,
/// then appsettings.json and environment variables such as <c>Storage__ConnectionString</c>, <c>ClaimCodes__HmacKey</c>).
/// </summary>
internal static class CustomerCommandServices
{
    public static ServiceProvider Build(TextWriter error) => Build(error, static (services, configuration) => services.AddCustomers(configuration));

    /// <summary>The storage account and what <paramref name="register"/> adds, configured like the app.</summary>
    public static ServiceProvider Build(TextWriter error, Action<IServiceCollection, IConfiguration> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        var configuration = CliConfiguration.Build();
        if (string.IsNullOrWhiteSpace(configuration["Storage:ConnectionString"]) && configuration["Storage:TableServiceUri"] is null)
        {
            error.WriteLine("No storage configured: start `./reimburse up` (the commands find its Azurite), or set Storage__ConnectionString, " +
                "or Storage__TableServiceUri and Storage__BlobServiceUri with a managed identity.");
            throw new OperationCanceledException("no storage configured");
        }
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddReimburseStorage(configuration);
        register(services, configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Runs <paramref name="action"/> with the services, turning bad input into a message and exit code 1.</summary>
    public static Task<int> RunAsync(Func<IServiceProvider, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync(static (services, configuration) => services.AddCustomers(configuration), action, cancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> with the storage account and what <paramref name="register"/> adds: bad input
    /// (and a request that conflicts with the stored state) is a message and exit code 1, configuration errors 2.
    /// </summary>
    public static async Task<int> RunAsync(Action<IServiceCollection, IConfiguration> register, Func<IServiceProvider, Task<int>> action, CancellationToken cancellationToken)
    {
        ServiceProvider provider;
        try
        {
            provider = Build(Console.Error, register);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 2;
        }
        await using (provider.ConfigureAwait(false))
        {
            try
            {
                await provider.ProvisionStorageAsync(cancellationToken).ConfigureAwait(false);
                return await action(provider).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Hosting.InputException or Hosting.ConflictException)
            {
                await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 1;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync("Configuration: " + string.Join(" ", ex.Failures)).ConfigureAwait(false);
                return 2;
            }
            catch (Exception ex) when (IsUnreachable(ex))
            {
                await Console.Error.WriteLineAsync("Storage could not be reached: is `reimburse up` running, or Storage__ConnectionString right? ("
                    + (ex is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions[0].Message : ex.Message) + ")").ConfigureAwait(false);
                return 2;
            }
        }
    }

    private static bool IsUnreachable(Exception ex) => ex switch
    {
        HttpRequestException => true,
        global::Azure.RequestFailedException { Status: 0 } => true,
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsUnreachable),
        _ => false,
    };
}
