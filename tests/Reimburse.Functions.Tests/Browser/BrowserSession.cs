using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Reimburse.Functions.Pages;
using Reimburse.Functions.Security;
using Xunit.Abstractions;

namespace Reimburse.Functions.Tests.Browser;

/// <summary>A device to look at the pages with.</summary>
public sealed record Device(string Name, int Width, int Height, bool Mobile)
{
    public static readonly Device Phone = new("phone", 390, 844, Mobile: true);
    public static readonly Device Desktop = new("desktop", 1280, 800, Mobile: false);

    public static IReadOnlyList<Device> Both { get; } = [Phone, Desktop];
}

/// <summary>
/// One browser context (its own cookies) on one device in one language, which records every console error and page
/// error so that a test can assert there were none, and checks pages with axe-core.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly BrowserFixture _fixture;
    private readonly List<string> _errors = [];
    private readonly ITestOutputHelper? _output;

    private BrowserSession(BrowserFixture fixture, IBrowserContext context, IPage page, Device device, string lang, ITestOutputHelper? output)
    {
        _fixture = fixture;
        Context = context;
        Page = page;
        Device = device;
        Lang = lang;
        _output = output;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _errors.Add("page error: " + error);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public Device Device { get; }

    public string Lang { get; }

    public IReadOnlyList<string> Errors => _errors;

    public static async Task<BrowserSession> OpenAsync(BrowserFixture fixture, Device device, string lang = Ui.Japanese, ITestOutputHelper? output = null)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(device);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = device.Width, Height = device.Height },
            IsMobile = device.Mobile,
            HasTouch = device.Mobile,
            Locale = lang == Ui.English ? "en-GB" : "ja-JP",
            TimezoneId = "Asia/Tokyo",
            AcceptDownloads = true,
        });
        await context.AddCookiesAsync([new Cookie { Name = Ui.LanguageCookie, Value = lang, Url = fixture.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return new BrowserSession(fixture, context, page, device, lang, output);
    }

    /// <summary>Opens <paramref name="path"/> and returns the main document's response status.</summary>
    public async Task<int> GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        return response?.Status ?? 0;
    }

    /// <summary>Signs in on the staff sign-in page by pasting a token, as a person would.</summary>
    public async Task SignInAsync(string name, params string[] roles)
    {
        await GotoAsync(StaffCookieHandler.SignInPath);
        await Page.Locator("#f-token").FillAsync(_fixture.StaffToken(name, roles));
        await Page.Locator("main form button[type=submit]").ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains(StaffCookieHandler.SignInPath, StringComparison.Ordinal));
    }

    /// <summary>Runs axe-core in the page; fails on any serious or critical violation and reports the rest.</summary>
    public async Task AssertAccessibleAsync(string what)
    {
        if (!await Page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await Page.EvaluateAsync(_fixture.AxeSource);
        }
        var violations = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await window.axe.run(document, { resultTypes: ['violations'] });
              return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))
              }));
            }
            """);
        var blocking = new StringBuilder();
        foreach (var v in violations.EnumerateArray())
        {
            var line = $"{what} [{Device.Name}, {Lang}] axe {v.GetProperty("impact").GetString()}: {v.GetProperty("id").GetString()} — {v.GetProperty("help").GetString()} at {string.Join(" | ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}";
            _output?.WriteLine(line);
            if (v.GetProperty("impact").GetString() is "serious" or "critical")
            {
                blocking.AppendLine(line);
            }
        }
        Assert.True(blocking.Length == 0, blocking.ToString());
    }

    /// <summary>
    /// The current page answered with <paramref name="status"/> on purpose (an error page): Chromium's console line
    /// about that status for this very document is expected. Any other error still fails.
    /// </summary>
    public void ExpectDocumentStatus(int status)
    {
        var expected = $"console: Failed to load resource: the server responded with a status of {status} ";
        _errors.RemoveAll(e => e.StartsWith(expected, StringComparison.Ordinal) && e.EndsWith($"({Page.Url}:0:0)", StringComparison.Ordinal));
    }

    /// <summary>Fails when the browser logged an error (including a Content-Security-Policy violation) or a script threw.</summary>
    public void AssertNoConsoleErrors(string what) =>
        Assert.True(_errors.Count == 0, $"{what} [{Device.Name}, {Lang}]: " + string.Join(Environment.NewLine, _errors));

    /// <summary>A full-page screenshot under artifacts/screenshots: <c>{name}.{device}.{page language}.png</c>.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var lang = await Page.Locator("html").GetAttributeAsync("lang") ?? Lang;
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.{Device.Name}.{lang}.png"),
            FullPage = true,
        });
    }

    /// <summary>
    /// Fails when the page is wider than the screen (the reader would have to scroll sideways), naming the elements
    /// that stick out (first those outside any scrolling box); a wide table scrolling inside its own box is fine.
    /// </summary>
    public async Task AssertFitsTheScreenAsync(string what)
    {
        var overflowing = await Page.EvaluateAsync<string[]>("""
            () => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) return [];
              const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) { if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
              const wide = [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > width + 1);
              const suspects = wide.filter(el => !scrolls(el));
              return (suspects.length > 0 ? suspects : wide).slice(0, 8)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().replace(/\s+/g, '.') : '') + ' → ' + Math.round(el.getBoundingClientRect().right) + 'px')
                .concat(['document ' + document.documentElement.scrollWidth + 'px']);
            }
            """);
        Assert.True(overflowing.Length == 0, $"{what} [{Device.Name}, {Lang}] is wider than the screen: " + string.Join(", ", overflowing));
    }

    /// <summary>Fails when a form that posts lacks the antiforgery field (a page that builds its form by hand).</summary>
    public async Task AssertFormsCarryAntiforgeryAsync(string what)
    {
        var bare = await Page.EvaluateAsync<string[]>("""
            field => [...document.querySelectorAll('form')]
              .filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'post' && !f.querySelector(`input[type=hidden][name="${field}"]`))
              .map(f => f.getAttribute('action') || f.id || '(form)')
            """, PagesRegistration.AntiforgeryFormField);
        Assert.True(bare.Length == 0, $"{what} [{Device.Name}, {Lang}] posts without antiforgery: " + string.Join(", ", bare));
    }

    /// <summary>The checks every page gets: a screenshot, accessible, fits the screen, antiforgery on its forms, no console errors.</summary>
    public async Task CheckPageAsync(string name)
    {
        // Pictures the page's scripts fetch (the reviewer's document pages) belong in the screenshot.
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Page.WaitForFunctionAsync("() => [...document.images].every(i => i.complete)");
        await ScreenshotAsync(name);
        await AssertAccessibleAsync(name);
        await AssertFitsTheScreenAsync(name);
        await AssertFormsCarryAntiforgeryAsync(name);
        AssertNoConsoleErrors(name);
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
