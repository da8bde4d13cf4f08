using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Pages;
using Reimburse.Functions.Security;
using Reimburse.Functions.Tests.Pages;
using Reimburse.LocalReader;
using Reimburse.LocalReader.Corpus;
using Reimburse.LocalReader.Pdf;
using Reimburse.Policy;
using Reimburse.Testing;
using Xunit.Abstractions;

namespace Reimburse.Functions.Tests.Browser;

/// <summary>
/// The app with its claim runner polling fast and the REAL local statement reader, and a fee statement printed for
/// the story's cardholder (山田 花子, VISA …4242, ¥1,100 reissue fee a week ago) as a text PDF, as the end-to-end
/// tests print theirs.
/// </summary>
public sealed class ClaimStoryFixture : BrowserFixture
{
    private readonly string _folder = RepoPaths.NewTempFolder("story-statements");

    /// <summary>The printed statement (PDF bytes).</summary>
    public byte[] Statement { get; private set; } = [];

    /// <summary>The card company's notice of the same fee, which the reviewer asks for (PDF bytes).</summary>
    public byte[] Notice { get; private set; } = [];

    /// <summary>A picture of the statement (its page rendered as the reviewer's viewer renders it), for the preview.</summary>
    public byte[] Photo { get; private set; } = [];

    /// <summary>The day the card was reissued and the statement dated: a week before today in Tokyo.</summary>
    public static DateOnly ReissuedOn => TokyoTime.DateOf(DateTimeOffset.UtcNow).AddDays(-7);

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Claims:MaxPollingInterval"] = "00:00:00.100";
        settings["Claims:Workers"] = "2";
        settings["Claims:RetryDelay"] = "00:00:00";
        settings["Claims:SweepInterval"] = "00:00:01";
    }

    protected override async Task SeedAsync()
    {
        var paths = await StatementPrinter.PrintAsync(
            [
                new StatementOrder("story", "smbc", "statement", 1_100, false, "4242", "山田 花子", ReissuedOn, Seed: 7),
                new StatementOrder("story-notice", "smbc", "notice", 1_100, false, "4242", "山田 花子", ReissuedOn, Seed: 8),
            ],
            _folder, null, CancellationToken.None);
        Statement = await File.ReadAllBytesAsync(paths[0]);
        Notice = await File.ReadAllBytesAsync(paths[1]);
        Photo = (await new PdfPageImages(new LocalReaderOptions()).RenderAsync(Statement, 1, CancellationToken.None)).Png!;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// The whole story through the pages in headless Chromium: the operator imports and issues codes; the cardholder
/// checks eligibility and claims from a phone; the claim escalates; a reviewer asks for more and the cardholder
/// answers on the status page; the reviewer approves and a second, senior
/// reviewer confirms (four eyes); finance batches it, downloads the Zengin file and records the bank's result; the
/// cardholder's status page says 振込完了. Every page on the way is checked (axe, console, fits the screen) in
/// Japanese and English.
/// </summary>
public sealed class ClaimStoryTests(ClaimStoryFixture fixture, ITestOutputHelper output) : IClassFixture<ClaimStoryFixture>
{
    private const string Incident = "story-2026";

    [Fact]
    public async Task A_claim_goes_from_the_operators_import_to_paid_through_the_pages()
    {
        var today = TokyoTime.DateOf(DateTimeOffset.UtcNow);

        // 1. The operator defines the incident, imports the list, issues the codes and takes the mailing file.
        string code;
        await using (var op = await BrowserSession.OpenAsync(fixture, Device.Desktop, Ui.Japanese, output))
        {
            await op.SignInAsync("運用 花子", Roles.Operator);
            await op.GotoAsync("/staff/operator");
            await op.Page.GetByLabel("定義ファイル").SetInputFilesAsync(new FilePayload { Name = Incident + ".yaml", MimeType = "application/yaml", Buffer = Encoding.UTF8.GetBytes(IncidentYaml(today)) });
            await op.Page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
            await Assertions.Expect(op.Page.Locator(".notice--success")).ToBeVisibleAsync();
            await op.GotoAsync($"/staff/operator/incidents/{Incident}/import");
            await op.Page.GetByLabel("名簿ファイル（CSV）").SetInputFilesAsync(new FilePayload { Name = "customers.csv", MimeType = "text/csv", Buffer = PageSamples.CustomerCsv() });
            await op.Page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
            await op.Page.GetByRole(AriaRole.Link, new() { Name = "請求コードの発行へ" }).ClickAsync();
            await op.Page.GetByRole(AriaRole.Button, new() { Name = "請求コードを発行する" }).ClickAsync();
            var mailing = await op.Page.RunAndWaitForDownloadAsync(() =>
                op.Page.GetByRole(AriaRole.Button, new() { Name = "案内状用ファイルをダウンロード（1回のみ）" }).ClickAsync());
            var lines = await File.ReadAllLinesAsync((await mailing.PathAsync())!);
            code = lines.Single(l => l.StartsWith(PageSamples.CardHolderId + ",", StringComparison.Ordinal)).Split(',')[^1];
            op.AssertNoConsoleErrors("operator");
        }

        // 2. The cardholder, on a phone, checks and claims.
        await using var phone = await BrowserSession.OpenAsync(fixture, Device.Phone, Ui.Japanese, output);
        await phone.GotoAsync("/");
        await phone.Page.GetByRole(AriaRole.Link, new() { Name = "対象かどうか確認する" }).ClickAsync();
        await phone.Page.GetByLabel("請求コード").FillAsync(code);
        await phone.Page.GetByLabel("郵便番号").FillAsync("100-0001");
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(phone.Page.Locator(".panel")).ToContainTextAsync("お客様は対象です");
        await CheckBothLanguagesAsync(phone, "story-eligible");
        await phone.Page.GetByRole(AriaRole.Link, new() { Name = "再発行手数料の払い戻しを申請する" }).ClickAsync();
        await phone.Page.Locator("#f-files").WaitForAsync();
        await CheckBothLanguagesAsync(phone, "story-claim-form");

        // A file of the wrong type is refused in the page, before anything is sent.
        await phone.Page.Locator("#f-files").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("memo") });
        await Assertions.Expect(phone.Page.Locator("[data-upload-error]")).ToContainTextAsync("notes.txt");
        await Assertions.Expect(phone.Page.Locator(".upload__item")).ToHaveCountAsync(0);
        // A photo shows a preview and can be taken back; the statement itself is the printed PDF.
        await phone.Page.Locator("#f-files").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = fixture.Photo });
        await Assertions.Expect(phone.Page.Locator(".upload__preview")).ToBeVisibleAsync();
        await phone.Page.Locator(".upload__item").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(phone.Page.Locator(".upload__item")).ToHaveCountAsync(0);
        await phone.Page.Locator("#f-files").SetInputFilesAsync(new FilePayload { Name = "statement.pdf", MimeType = "application/pdf", Buffer = fixture.Statement });
        await Assertions.Expect(phone.Page.Locator(".upload__item")).ToContainTextAsync("statement.pdf");
        await phone.Page.GetByLabel("再発行日").FillAsync(ClaimStoryFixture.ReissuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await phone.Page.GetByLabel("支払った再発行手数料（円）").FillAsync("1100");
        await phone.Page.GetByRole(AriaRole.Combobox, new() { Name = "金融機関を名前で探す" }).PressSequentiallyAsync("みずほ", new() { Delay = 30 });
        await phone.Page.Locator("#f-bank-code-options [role=option]").First.ClickAsync();
        await Assertions.Expect(phone.Page.Locator("#f-bank-code")).ToHaveValueAsync("0001");
        await phone.Page.GetByRole(AriaRole.Combobox, new() { Name = "支店を名前で探す" }).PressSequentiallyAsync("001", new() { Delay = 30 });
        await phone.Page.Locator("#f-branch-code-options [role=option]").First.ClickAsync();
        await Assertions.Expect(phone.Page.Locator("#f-branch-code")).ToHaveValueAsync("001");
        await phone.Page.GetByLabel("口座番号（7桁）").FillAsync("1234567");
        await phone.Page.GetByLabel("口座名義（カナ）").FillAsync("やまだ はなこ");
        await phone.Page.GetByLabel("口座名義（カナ）").BlurAsync();
        await Assertions.Expect(phone.Page.GetByLabel("口座名義（カナ）")).ToHaveValueAsync("ヤマダ ハナコ");
        await phone.CheckPageAsync("story-claim-form-filled");
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();
        await Assertions.Expect(phone.Page.Locator(".panel")).ToContainTextAsync("申請を受け付けました");
        var claimId = new Uri(phone.Page.Url).AbsolutePath.Split('/')[^1];
        await phone.CheckPageAsync("story-claim-submitted");

        // 3. The claim escalates: ¥1,100 is above the incident's automatic-approval limit.
        await WaitForStatusAsync(claimId, ClaimStatus.UnderReview);
        await phone.Page.ReloadAsync();
        await Assertions.Expect(phone.Page.Locator("[data-status]")).ToHaveTextAsync("確認中");
        await CheckBothLanguagesAsync(phone, "story-status-review");

        // 4. A reviewer asks for the card company's notice too; the cardholder sends it from the status page.
        await using (var reviewer = await BrowserSession.OpenAsync(fixture, Device.Desktop, Ui.Japanese, output))
        {
            await reviewer.SignInAsync("審査 太郎", Roles.Reviewer);
            await reviewer.GotoAsync("/staff/review");
            await Assertions.Expect(reviewer.Page.Locator("table[data-queue]")).ToContainTextAsync(claimId);
            await CheckBothLanguagesAsync(reviewer, "story-review-queue");
            await reviewer.Page.Locator("[role=region][aria-labelledby=queue-caption]").FocusAsync();
            await reviewer.Page.Keyboard.PressAsync("j");
            await reviewer.Page.Keyboard.PressAsync("Enter");
            await reviewer.Page.WaitForURLAsync("**/staff/review/claims/" + claimId);
            await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "この申請を担当する" }).ClickAsync();
            await Assertions.Expect(reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "承認する" })).ToBeVisibleAsync();
            // The statement is shown beside what was read from it: its first page as an image the server rendered.
            var pageImage = reviewer.Page.Locator("[data-viewer-image]");
            await Assertions.Expect(pageImage).ToHaveAttributeAsync("src", new Regex("handler=PageImage"));
            await Assertions.Expect(pageImage).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await pageImage.EvaluateAsync<int>("img => img.naturalWidth") > 500);
            // One page: no page buttons once the count is known.
            await reviewer.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Assertions.Expect(reviewer.Page.Locator("[data-viewer-action=next]")).ToBeHiddenAsync();
            await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "拡大" }).ClickAsync();
            await Assertions.Expect(pageImage).ToHaveAttributeAsync("style", new Regex("width: 125%"));
            await Assertions.Expect(reviewer.Page.Locator(".facts")).ToContainTextAsync("4242");
            await CheckBothLanguagesAsync(reviewer, "story-review-claim");
            await reviewer.Page.Locator("summary", new() { HasText = "追加情報を依頼する" }).ClickAsync();
            await reviewer.Page.GetByLabel("申請者へのメッセージ").FillAsync("カード会社からの再発行のお知らせ（はがき・メール）も送ってください。");
            await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "追加情報を依頼する" }).ClickAsync();
            await Assertions.Expect(reviewer.Page.Locator(".notice--success")).ToContainTextAsync("追加情報待ち");
        }
        await WaitForStatusAsync(claimId, ClaimStatus.InformationRequested);

        await phone.GotoAsync("/claims/" + claimId);
        await Assertions.Expect(phone.Page.Locator("[data-status]")).ToHaveTextAsync("追加書類のお願い");
        await Assertions.Expect(phone.Page.Locator(".notice--warning")).ToContainTextAsync("再発行のお知らせ");
        await CheckBothLanguagesAsync(phone, "story-status-request");
        await phone.Page.Locator("#f-files").SetInputFilesAsync(new FilePayload { Name = "notice.pdf", MimeType = "application/pdf", Buffer = fixture.Notice });
        await Assertions.Expect(phone.Page.Locator(".upload__item")).ToContainTextAsync("notice.pdf");
        await phone.Page.GetByLabel("ご回答・補足（任意）").FillAsync("カード会社のお知らせを添付します。");
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "回答を送る" }).ClickAsync();
        await Assertions.Expect(phone.Page.Locator(".notice--success")).ToBeVisibleAsync();
        await phone.CheckPageAsync("story-status-answered");
        await WaitForStatusAsync(claimId, ClaimStatus.UnderReview);

        // 5. The reviewer approves; the amount needs a second, senior reviewer.
        await using (var reviewer = await BrowserSession.OpenAsync(fixture, Device.Desktop, Ui.Japanese, output))
        {
            await reviewer.SignInAsync("審査 太郎", Roles.Reviewer);
            await reviewer.GotoAsync("/staff/review/claims/" + claimId);
            var take = reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "この申請を担当する" });
            if (await take.CountAsync() > 0)
            {
                await take.ClickAsync();
            }
            await Assertions.Expect(reviewer.Page.Locator(".document")).ToHaveCountAsync(2);
            await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "承認する" }).ClickAsync();
            await Assertions.Expect(reviewer.Page.Locator(".notice--success")).ToContainTextAsync("二次承認待ち");
        }
        await WaitForStatusAsync(claimId, ClaimStatus.AwaitingSecondApproval);

        await using (var senior = await BrowserSession.OpenAsync(fixture, Device.Desktop, Ui.Japanese, output))
        {
            await senior.SignInAsync("上級 花子", Roles.SeniorReviewer);
            await senior.GotoAsync("/staff/review?view=second-approval");
            await CheckBothLanguagesAsync(senior, "story-second-approval-queue");
            await senior.Page.GetByRole(AriaRole.Link, new() { Name = claimId }).ClickAsync();
            var take = senior.Page.GetByRole(AriaRole.Button, new() { Name = "この申請を担当する" });
            if (await take.CountAsync() > 0)
            {
                await take.ClickAsync();
            }
            await CheckBothLanguagesAsync(senior, "story-second-approval");
            await senior.Page.GetByRole(AriaRole.Button, new() { Name = "二次承認する" }).ClickAsync();
            await Assertions.Expect(senior.Page.Locator(".notice--success")).ToContainTextAsync("承認済");
        }
        await WaitForStatusAsync(claimId, ClaimStatus.Approved);

        // 6. Finance batches it, downloads the Zengin file, and records the bank's result.
        await using (var finance = await BrowserSession.OpenAsync(fixture, Device.Desktop, Ui.Japanese, output))
        {
            await finance.SignInAsync("経理 次郎", Roles.Finance);
            await finance.GotoAsync("/staff/finance");
            await Assertions.Expect(finance.Page.Locator("main")).ToContainTextAsync(Incident);
            await CheckBothLanguagesAsync(finance, "story-finance");
            await finance.Page.GetByLabel("対象の事案").SelectOptionAsync(Incident);
            await finance.Page.GetByRole(AriaRole.Button, new() { Name = "バッチを作る" }).ClickAsync();
            await finance.Page.WaitForURLAsync("**/staff/finance/batches/*");
            var zengin = await finance.Page.RunAndWaitForDownloadAsync(() =>
                finance.Page.GetByRole(AriaRole.Link, new() { Name = "全銀ファイルをダウンロード（Shift_JIS・120バイト）" }).ClickAsync());
            var bytes = await File.ReadAllBytesAsync((await zengin.PathAsync())!);
            // Header, one data record, trailer, end: 120 bytes each plus CR LF.
            Assert.Equal(0, bytes.Length % 122);
            Assert.True(bytes.Length >= 4 * 122);
            Assert.Equal((byte)'1', bytes[0]);
            await CheckBothLanguagesAsync(finance, "story-batch");
            await finance.Page.GetByLabel("結果ファイル（CSV）").SetInputFilesAsync(new FilePayload
            {
                Name = "result.csv",
                MimeType = "text/csv",
                Buffer = Encoding.UTF8.GetBytes($"請求ID,結果,不能事由\r\n{claimId},振込済,\r\n"),
            });
            await finance.Page.GetByRole(AriaRole.Button, new() { Name = "結果を記録する" }).ClickAsync();
            await Assertions.Expect(finance.Page.Locator(".notice--success")).ToContainTextAsync("振込済 1件");
            await finance.GotoAsync("/staff/finance/reconciliation");
            await Assertions.Expect(finance.Page.Locator(".notice--success")).ToContainTextAsync("一致しています");
            await CheckBothLanguagesAsync(finance, "story-reconciliation");
        }
        await WaitForStatusAsync(claimId, ClaimStatus.Paid);

        // 7. The cardholder's status page says 振込完了.
        await phone.GotoAsync("/claims/" + claimId);
        await Assertions.Expect(phone.Page.Locator("[data-status]")).ToHaveTextAsync("振込完了");
        await Assertions.Expect(phone.Page.Locator(".panel")).ToContainTextAsync("1,100円");
        await Assertions.Expect(phone.Page.Locator("main")).ToContainTextAsync("みずほ 東京営業部 · 普通 ****567");
        await CheckBothLanguagesAsync(phone, "story-status-paid");
        await phone.GotoAsync("/claims");
        await CheckBothLanguagesAsync(phone, "story-claims");

        // 8. The operator's dashboard counts the claim as paid.
        await using (var op = await BrowserSession.OpenAsync(fixture, Device.Desktop, Ui.Japanese, output))
        {
            await op.SignInAsync("運用 花子", Roles.Operator);
            await op.GotoAsync("/staff/operator");
            await op.Page.GetByRole(AriaRole.Link, new() { Name = "申請の状況（状態別の件数）" }).ClickAsync();
            await Assertions.Expect(op.Page.Locator("tr[data-status=Paid] td.num")).ToHaveTextAsync("1");
            await Assertions.Expect(op.Page.Locator("tr[data-status=UnderReview] td.num")).ToHaveTextAsync("0");
            await CheckBothLanguagesAsync(op, "story-dashboard");
        }
    }

    private static string IncidentYaml(DateOnly today)
    {
        string D(int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"""
            id: {Incident}
            name: ストーリー商会 不正アクセス
            disclosedOn: {D(-30)}
            exposedFrom: {D(-120)}
            exposedTo: {D(-35)}
            claimsOpenOn: {D(-30)}
            claimsCloseOn: {D(150)}
            policy:
              defaultFeeCap: 1100
              fourEyesThreshold: 1000
            """;
    }

    /// <summary>Checks the page in Japanese, then in English (switched with ?lang=), and leaves it in Japanese.</summary>
    private static async Task CheckBothLanguagesAsync(BrowserSession session, string name)
    {
        await session.CheckPageAsync(name);
        var url = session.Page.Url;
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        await session.Page.GotoAsync(url + separator + "lang=en");
        Assert.Equal("en", await session.Page.Locator("html").GetAttributeAsync("lang"));
        await session.CheckPageAsync(name);
        await session.Page.GotoAsync(url + separator + "lang=ja");
    }

    private async Task WaitForStatusAsync(string claimId, ClaimStatus status)
    {
        var store = fixture.Services.GetRequiredService<ClaimStore>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        ClaimState state;
        do
        {
            state = await store.LoadAsync(claimId, CancellationToken.None);
            if (state.Status == status)
            {
                return;
            }
            await Task.Delay(200);
        }
        while (DateTimeOffset.UtcNow < deadline);
        Assert.Fail($"Claim {claimId} is {state.Status}, not {status}, after 60 s.");
    }
}
