using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reimburse.Claims;
using Reimburse.Customers;
using Reimburse.Functions.Claims;
using Reimburse.Incidents;
using Reimburse.Money;
using Reimburse.Statements;

namespace Reimburse.Functions.Tests.Claims;

/// <summary>The whole app on Azurite with in-memory incidents and customers and the scriptable <see cref="FakeReader"/>.</summary>
internal static class ClaimApp
{
    public static WebApplicationFactory<Program> Create(string connectionString, Dictionary<string, string?> settings, LogCapture? logs = null) =>
        new ReimburseAppFactory(connectionString, settings).WithWebHostBuilder(builder =>
        {
            if (logs is not null)
            {
                builder.ConfigureLogging(l => l.AddProvider(logs).AddFilter<LogCapture>(null, LogLevel.Debug));
            }
            builder.ConfigureTestServices(services =>
            {
                var incidents = new InMemoryIncidents();
                incidents.Add(ClaimsHarness.Incident);
                services.AddSingleton<IIncidentStore>(incidents);
                services.AddSingleton<InMemoryCustomers>();
                services.AddSingleton<IAffectedCustomers>(sp => sp.GetRequiredService<InMemoryCustomers>());
                services.AddSingleton<IStatementReader, FakeReader>();
            });
        });

    /// <summary>Uploads one document with <paramref name="content"/> (see <see cref="FakeReader"/>) and submits a claim for a fresh customer.</summary>
    public static async Task<string> SubmitAsync(IServiceProvider services, string content = FakeReader.Good)
    {
        var storage = services.GetRequiredService<ClaimStorage>();
        await storage.EnsureCreatedAsync(CancellationToken.None);
        var claimId = "CL-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var customerId = "C-" + claimId;
        services.GetRequiredService<InMemoryCustomers>().Add(new AffectedCustomer(ClaimsHarness.IncidentId, customerId, "山田 太郎", "ヤマダ タロウ",
            null, null, "100-0001", "東京都", true, [new LeakedCard("VISA", "1234")], [DataCategories.Card]));
        var bytes = Encoding.UTF8.GetBytes(content + "|" + claimId);
        var blobName = claimId + "/d1.pdf";
        await storage.Statements.GetBlobClient(blobName).UploadAsync(new BinaryData(bytes));
        var document = new DocumentRef("d1", blobName, Convert.ToHexStringLower(SHA256.HashData(bytes)), "application/pdf", bytes.Length, null);
        await services.GetRequiredService<ClaimExecutor>().ExecuteAsync(claimId, new SubmitClaim(
            claimId, ClaimsHarness.IncidentId, customerId, "1234", new Yen(1_100), new DateOnly(2026, 2, 10), ClaimsHarness.PayoutAccount, [document],
            ClaimTerms.From(ClaimsHarness.Incident.Policy))
        { Actor = Actor.Claimant(customerId), At = DateTimeOffset.UtcNow }, CancellationToken.None);
        return claimId;
    }
}

/// <summary>Keeps every log entry (category, event id, message and exception) of the app under test.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, EventId Event, string Message)> _entries = new();

    public IReadOnlyCollection<(string Category, EventId Event, string Message)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            // With the exception, as a console or Application Insights logger would write it.
            owner._entries.Enqueue((category, eventId, formatter(state, exception) + (exception is null ? "" : Environment.NewLine + exception)));
    }
}
