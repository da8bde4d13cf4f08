using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Functions.Customers;
using Reimburse.Functions.Pages;
using Reimburse.Functions.Security;
using Reimburse.Functions.Tests.Pages;
using Reimburse.Incidents;
using Xunit.Abstractions;

namespace Reimburse.Functions.Tests.Browser;

/// <summary>An incident with imported customers and issued codes, for the tour of the portal and operator pages.</summary>
public sealed class PortalOperatorFixture : BrowserFixture
{
    public const string IncidentId = "browser-tour";

    public string ImportId { get; private set; } = "";

    public string RunId { get; private set; } = "";

    /// <summary>Claim codes (printed form) by customer id.</summary>
    public IReadOnlyDictionary<string, string> Codes { get; private set; } = new Dictionary<string, string>();

    protected override async Task SeedAsync()
    {
        var incident = IncidentDocument.Parse(PageSamples.IncidentYaml(IncidentId), IncidentFormat.Yaml);
        await Services.GetRequiredService<IIncidentStore>().SaveAsync(incident, CancellationToken.None);
        using (var csv = new MemoryStream(PageSamples.CustomerCsv()))
        {
            ImportId = (await Services.GetRequiredService<CustomerImporter>().ImportAsync(IncidentId, csv, CsvEncoding.Auto, CancellationToken.None)).ImportId;
        }
        var issuer = Services.GetRequiredService<ClaimCodeIssuer>();
        RunId = (await issuer.IssueAsync(IncidentId, IssueScope.WithoutCode, CancellationToken.None)).RunId!;
        await using var mailing = (await issuer.TakeMailingAsync(IncidentId, RunId, CancellationToken.None))!;
        using var reader = new StreamReader(mailing, Encoding.UTF8);
        Codes = (await reader.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(f => f[0], f => f[^1]);
    }
}

/// <summary>
/// The cardholder portal and the operator pages in headless Chromium: every page on a phone and a desktop in both
/// languages (no console errors, no serious accessibility violation, a screenshot), the eligibility check by keyboard
/// alone, and the operator's import with its error report through the real upload controls.
/// </summary>
public sealed class PortalAndOperatorPagesTests(PortalOperatorFixture fixture, ITestOutputHelper output) : IClassFixture<PortalOperatorFixture>
{
    private const string CardHolderPostal = "100-0001";
    private const string PersonalOnlyPostal = "530-0001";

    private static readonly Dictionary<string, Func<BrowserSession, PortalOperatorFixture, Task>> Tour = new()
    {
        ["landing"] = (s, _) => s.GotoAsync("/"),
        ["check"] = (s, _) => s.GotoAsync("/check"),
        ["check-errors"] = async (s, _) =>
        {
            await s.GotoAsync("/check");
            await s.Page.Locator("#f-postal-code").FillAsync("12");
            await SubmitAsync(s);
            await s.Page.Locator(".error-summary").WaitForAsync();
        },
        ["check-no-match"] = (s, _) => CheckAsync(s, ClaimCode.Generate(), CardHolderPostal),
        ["check-affected"] = (s, f) => CheckAsync(s, f.Codes[PageSamples.CardHolderId], CardHolderPostal),
        ["check-personal-only"] = (s, f) => CheckAsync(s, f.Codes[PageSamples.PersonalOnlyId], PersonalOnlyPostal),
        ["not-found"] = (s, _) => s.GotoAsync("/no-such-page"),
        ["staff-sign-in"] = (s, _) => s.GotoAsync(StaffCookieHandler.SignInPath),
        ["staff-home"] = (s, _) => s.SignInAsync("運用 花子", Roles.Operator),
        ["operator-incidents"] = async (s, _) =>
        {
            await s.SignInAsync("運用 花子", Roles.Operator);
            await s.GotoAsync("/staff/operator");
        },
        ["operator-incident-errors"] = async (s, _) =>
        {
            await s.SignInAsync("運用 花子", Roles.Operator);
            await s.GotoAsync("/staff/operator");
            await s.Page.Locator("#f-definition").SetInputFilesAsync(new FilePayload
            {
                Name = "broken.yaml",
                MimeType = "application/yaml",
                Buffer = Encoding.UTF8.GetBytes(PageSamples.InvalidIncidentYaml("broken")),
            });
            await SubmitAsync(s);
            await s.Page.Locator(".error-summary").WaitForAsync();
        },
        ["operator-import"] = async (s, _) =>
        {
            await s.SignInAsync("運用 花子", Roles.Operator);
            await s.GotoAsync($"/staff/operator/incidents/{PortalOperatorFixture.IncidentId}/import");
        },
        ["operator-import-result"] = async (s, f) =>
        {
            await s.SignInAsync("運用 花子", Roles.Operator);
            await s.GotoAsync($"/staff/operator/incidents/{PortalOperatorFixture.IncidentId}/import?import={f.ImportId}");
        },
        ["operator-codes"] = async (s, _) =>
        {
            await s.SignInAsync("運用 花子", Roles.Operator);
            await s.GotoAsync($"/staff/operator/incidents/{PortalOperatorFixture.IncidentId}/codes");
        },
        ["operator-codes-run"] = async (s, f) =>
        {
            await s.SignInAsync("運用 花子", Roles.Operator);
            await s.GotoAsync($"/staff/operator/incidents/{PortalOperatorFixture.IncidentId}/codes?run={f.RunId}");
        },
        ["staff-forbidden"] = async (s, _) =>
        {
            await s.SignInAsync("審査 太郎", Roles.Reviewer);
            await s.GotoAsync("/staff/operator");
        },
    };

    /// <summary>Pages that answer with an error status on purpose (the browser logs the status; that is not a page error).</summary>
    private static readonly Dictionary<string, int> ExpectedStatus = new()
    {
        ["not-found"] = 404,
        ["staff-forbidden"] = 403,
    };

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in Tour.Keys)
        {
            data.Add(page, Ui.Japanese);
            data.Add(page, Ui.English);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_works_on_a_phone_and_a_desktop_in_both_languages(string page, string lang)
    {
        foreach (var device in Device.Both)
        {
            await using var session = await BrowserSession.OpenAsync(fixture, device, lang, output);

            await Tour[page](session, fixture);
            if (ExpectedStatus.TryGetValue(page, out var status))
            {
                session.ExpectDocumentStatus(status);
            }

            Assert.Equal(lang, await session.Page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(1, await session.Page.Locator("h1").CountAsync());
            Assert.Equal(1, await session.Page.Locator("main").CountAsync());
            await session.CheckPageAsync(page);
        }
    }

    [Fact]
    public async Task A_cardholder_checks_eligibility_on_a_phone_with_the_keyboard_alone()
    {
        await using var s = await BrowserSession.OpenAsync(fixture, Device.Phone, Ui.Japanese, output);
        await s.GotoAsync("/");

        await s.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await FocusedAsync(s, "el => el.className"));
        await s.Page.Keyboard.PressAsync("Enter");
        await s.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("/check", await FocusedAsync(s, "el => el.getAttribute('href')"));
        await s.Page.Keyboard.PressAsync("Enter");
        await s.Page.Locator("#f-claim-code").WaitForAsync();

        // With nothing typed, submitting shows the error summary, focused; its first link leads to the field.
        await TabToAsync(s, "f-claim-code");
        await s.Page.Keyboard.PressAsync("Enter");
        await s.Page.Locator(".error-summary").WaitForAsync();
        Assert.Contains("error-summary", await FocusedAsync(s, "el => el.className"), StringComparison.Ordinal);
        await s.Page.Keyboard.PressAsync("Tab");
        await s.Page.Keyboard.PressAsync("Enter");
        Assert.Equal("f-claim-code", await FocusedAsync(s, "el => el.id"));

        await s.Page.Keyboard.TypeAsync(fixture.Codes[PageSamples.CardHolderId].Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant());
        await TabToAsync(s, "f-postal-code");
        await s.Page.Keyboard.TypeAsync("1000001");
        await s.Page.Keyboard.PressAsync("Enter");
        await s.Page.Locator(".panel").WaitForAsync();

        Assert.Contains("panel", await FocusedAsync(s, "el => el.className"), StringComparison.Ordinal);
        Assert.Contains("お客様は対象です", await s.Page.Locator(".panel").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("VISA（末尾 4242）", await s.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await s.CheckPageAsync("keyboard-check-result");
    }

    [Fact]
    public async Task An_operator_defines_an_incident_imports_a_list_and_downloads_the_error_report_and_the_mailing_file()
    {
        const string incident = "browser-operator";
        await using var s = await BrowserSession.OpenAsync(fixture, Device.Desktop, Ui.Japanese, output);
        await s.SignInAsync("運用 花子", Roles.Operator);
        await s.Page.GetByRole(AriaRole.Link, new() { Name = "事案・名簿・請求コード", Exact = true }).First.ClickAsync();

        await s.Page.GetByLabel("定義ファイル").SetInputFilesAsync(new FilePayload
        {
            Name = incident + ".yaml",
            MimeType = "application/yaml",
            Buffer = Encoding.UTF8.GetBytes(PageSamples.IncidentYaml(incident, "ブラウザー商会 不正アクセス")),
        });
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        await Assertions.Expect(s.Page.Locator(".notice--success")).ToContainTextAsync("ブラウザー商会 不正アクセス");

        await s.Page.GetByRole(AriaRole.Link, new() { Name = "名簿の取り込み — ブラウザー商会 不正アクセス" }).ClickAsync();
        await s.Page.GetByLabel("名簿ファイル（CSV）").SetInputFilesAsync(new FilePayload
        {
            Name = "customers.csv",
            MimeType = "text/csv",
            Buffer = PageSamples.CustomerCsv(),
        });
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        await Assertions.Expect(s.Page.Locator("dl.summary")).ToContainTextAsync("取り込めなかった行");
        Assert.Equal("1", await s.Page.Locator(".summary__row", new() { HasText = "取り込めなかった行" }).Locator("dd").InnerTextAsync());
        await s.CheckPageAsync("operator-import-done");

        var report = await s.Page.RunAndWaitForDownloadAsync(() =>
            s.Page.GetByRole(AriaRole.Link, new() { Name = "エラーレポートをダウンロード（CSV）" }).ClickAsync());
        var reportText = await File.ReadAllTextAsync((await report.PathAsync())!);
        Assert.EndsWith("-errors.csv", report.SuggestedFilename, StringComparison.Ordinal);
        Assert.Contains("C-0003,rejected,email", reportText, StringComparison.Ordinal);
        Assert.Contains("C-0004,masked,cards", reportText, StringComparison.Ordinal);

        await s.Page.GetByRole(AriaRole.Link, new() { Name = "請求コードの発行へ" }).ClickAsync();
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "請求コードを発行する" }).ClickAsync();
        await Assertions.Expect(s.Page.Locator("dl.summary")).ToContainTextAsync("発行したコード");
        var mailing = await s.Page.RunAndWaitForDownloadAsync(() =>
            s.Page.GetByRole(AriaRole.Button, new() { Name = "案内状用ファイルをダウンロード（1回のみ）" }).ClickAsync());
        var lines = (await File.ReadAllTextAsync((await mailing.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("customer_id,", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);

        await s.Page.ReloadAsync();
        await Assertions.Expect(s.Page.Locator("main")).ToContainTextAsync("ダウンロード済みのため");
        s.AssertNoConsoleErrors("operator story");
    }

    [Fact]
    public async Task The_checks_catch_an_inaccessible_element_a_script_the_policy_blocks_and_a_page_too_wide()
    {
        await using var s = await BrowserSession.OpenAsync(fixture, Device.Desktop, Ui.Japanese, output);
        await s.GotoAsync("/");

        await s.Page.EvaluateAsync("() => { const i = document.createElement('img'); i.src = '/assets/icon.svg'; document.querySelector('main').append(i); }");
        await s.Page.EvaluateAsync("() => { const x = document.createElement('script'); x.textContent = 'window.injected = 1'; document.body.append(x); }");

        await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => s.AssertAccessibleAsync("self-test"));
        await s.AssertFitsTheScreenAsync("self-test");
        await s.Page.EvaluateAsync("() => { const d = document.createElement('div'); d.style.width = '3000px'; d.textContent = 'x'; document.querySelector('main').append(d); }");
        await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => s.AssertFitsTheScreenAsync("self-test"));
        Assert.False(await s.Page.EvaluateAsync<bool>("() => window.injected === 1"));
        Assert.Contains(s.Errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    private static async Task CheckAsync(BrowserSession s, string code, string postal)
    {
        await s.GotoAsync("/check");
        await s.Page.Locator("#f-claim-code").FillAsync(code);
        await s.Page.Locator("#f-postal-code").FillAsync(postal);
        await SubmitAsync(s);
        await s.Page.Locator("h1").WaitForAsync();
    }

    private static async Task SubmitAsync(BrowserSession s)
    {
        await s.Page.Locator("main form button[type=submit]").First.ClickAsync();
        await s.Page.WaitForLoadStateAsync(LoadState.Load);
    }

    private static Task<string> FocusedAsync(BrowserSession s, string expression) =>
        s.Page.EvaluateAsync<string>($"() => ({expression})(document.activeElement)");

    /// <summary>Presses Tab until the element with <paramref name="id"/> has focus (at most 15 times).</summary>
    private static async Task TabToAsync(BrowserSession s, string id)
    {
        for (var i = 0; i < 15; i++)
        {
            if (await FocusedAsync(s, "el => el.id") == id)
            {
                return;
            }
            await s.Page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached #{id}.");
    }
}
