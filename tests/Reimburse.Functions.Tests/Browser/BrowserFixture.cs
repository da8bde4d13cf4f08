using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Security;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Browser;

/// <summary>
/// One app on a real Kestrel port (a browser cannot reach WebApplicationFactory's in-memory server), one Azurite and
/// one headless Chromium, shared by a test class. Chromium is the system's (Debian <c>chromium</c>), started by
/// Playwright through <see cref="ChromiumPath"/>; Playwright's own browser download is never used.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private AzuriteProcess? _azurite;
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public byte[] StaffKey { get; } = RandomNumberGenerator.GetBytes(32);

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("Not started.")).Services;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    /// <summary>The source of axe-core, injected into pages to check them.</summary>
    public string AxeSource { get; } = File.ReadAllText(Path.Combine(RepoPaths.NodeModules, "axe-core", "axe.min.js"));

    /// <summary>Where the screenshots go (git-ignored).</summary>
    public static string ScreenshotFolder => Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

    public string StaffToken(string name, params string[] roles)
    {
        var options = new StaffTokenOptions();
        return StaffTokens.Mint(StaffKey, options.Issuer, options.Audience, "id-" + name, name, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        var settings = ReimburseAppFactory.TestSettings(_azurite.ConnectionString, StaffKey);
        // The tour checks the same codes from several pages and viewports: the brute-force limits stay on, but wide.
        settings["Eligibility:AttemptsPerCode"] = "1000";
        settings["Eligibility:PermitsPerClientPerMinute"] = "10000";
        settings["Eligibility:MinimumResponseMilliseconds"] = "50";
        Configure(settings);
        _app = ReimburseApp.Build(["--environment", "Testing", "--contentRoot", AppContext.BaseDirectory], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            // Runs after the app's own registrations, so that a test can replace a service (e.g. the statement reader).
            builder.Host.ConfigureContainer<IServiceCollection>((_, services) => ConfigureServices(services));
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotFolder);
        await SeedAsync();
    }

    /// <summary>Extra configuration for the class's app.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Service replacements for the class's app (applied after the app's own registrations).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Data the class's tests need before the first one runs.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
