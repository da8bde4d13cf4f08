using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Cardholders;

/// <summary>
/// One Azurite and one app per test class, with a movable clock, an incident and its holders put in place through
/// the operator API once (derived fixtures say which settings, services, incident and customers).
/// </summary>
public abstract class CardholderAppFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private ReimburseAppFactory? _app;
    private WebApplicationFactory<Program>? _factory;

    public ShiftedClock Clock { get; } = new();

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Not started.");

    public ReimburseAppFactory App => _app ?? throw new InvalidOperationException("Not started.");

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    internal CardholderKit Kit { get; private set; } = null!;

    internal IReadOnlyDictionary<string, Holder> Holders { get; private set; } = new Dictionary<string, Holder>();

    public IServiceProvider Services => Factory.Services;

    /// <summary>Settings on top of the test factory's.</summary>
    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["Eligibility:MinimumResponseMilliseconds"] = "0",
        ["Eligibility:PermitsPerClientPerMinute"] = "10000",
    };

    /// <summary>Services replaced for the tests (the clock is always replaced).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>The incident and its customers (CSV rows: customer_id,name,name_kana,postal_code,address,card_leaked,cards).</summary>
    protected abstract (Reimburse.Incidents.Incident Incident, IReadOnlyList<string> Customers) World();

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync().ConfigureAwait(false);
        _app = new ReimburseAppFactory(_azurite.ConnectionString, Settings());
        _factory = _app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            ConfigureServices(services);
        }));
        Kit = new CardholderKit(_factory, CardholderKit.OperatorToken(_app));
        var (incident, customers) = World();
        Holders = await Kit.PrepareAsync(incident, customers).ConfigureAwait(false);
        await PrepareAsync().ConfigureAwait(false);
    }

    /// <summary>More set-up once the app and the world are there.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>More clean-up after the app and Azurite are gone.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync().ConfigureAwait(false);
        }
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync().ConfigureAwait(false);
        }
        await CleanUpAsync().ConfigureAwait(false);
    }
}
