using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Reimburse.Functions.Security;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Pages;

/// <summary>The operator's pages over HTTP against Azurite: incidents, import with its error report, codes and the mailing file.</summary>
public sealed partial class OperatorPagesTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ReimburseAppFactory _factory;

    public OperatorPagesTests(AzuriteFixture azurite) => _factory = new ReimburseAppFactory(azurite.ConnectionString, new Dictionary<string, string?>
    {
        ["Eligibility:MinimumResponseMilliseconds"] = "0",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task An_operator_defines_an_incident_imports_issues_codes_and_a_cardholder_finds_out_what_leaked()
    {
        using var op = await PageClient.SignedInAsync(_factory, "運用 花子", Roles.Operator);
        const string incident = "pages-story";

        var saved = await op.PostFileAsync("/staff/operator", "Definition", incident + ".yaml", Encoding.UTF8.GetBytes(PageSamples.IncidentYaml(incident)));
        var list = await op.FollowAsync(saved);
        Assert.Contains("事案「テスト商会 不正アクセス (2026)」を登録しました。", list, StringComparison.Ordinal);
        Assert.Contains($"/staff/operator/incidents/{incident}/import", list, StringComparison.Ordinal);

        var imported = await op.PostFileAsync($"/staff/operator/incidents/{incident}/import", "CustomerFile", "customers.csv", PageSamples.CustomerCsv(), new() { ["Encoding"] = "auto" });
        var result = await op.FollowAsync(imported);
        Assert.Matches("新規登録</dt><dd>3<", result);
        Assert.Matches("取り込めなかった行</dt><dd><span class=\"badge badge--error\">1<", result);
        Assert.Matches("カード番号を伏せた行</dt><dd><span class=\"badge badge--warning\">1<", result);
        var reportLink = ReportLink().Match(result).Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        var report = await op.GetAsync(reportLink);
        var reportText = await report.Content.ReadAsStringAsync();
        Assert.Equal("attachment", report.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("4,C-0003,rejected,email,", reportText, StringComparison.Ordinal);
        Assert.Contains("5,C-0004,masked,cards,", reportText, StringComparison.Ordinal);
        Assert.DoesNotContain("3530111333300000", reportText, StringComparison.Ordinal);

        var codesPage = $"/staff/operator/incidents/{incident}/codes";
        var issued = await op.PostFormAsync(codesPage + "?handler=Issue", [], codesPage);
        var run = RunParameter().Match(issued.Headers.Location!.OriginalString).Groups[1].Value;
        var runPage = await op.FollowAsync(issued);
        Assert.Contains("発行したコード</dt><dd>3<", runPage, StringComparison.Ordinal);
        var mailing = await op.PostFormAsync($"{codesPage}?handler=Mailing&run={run}", [], issued.Headers.Location!.OriginalString);
        var lines = (await mailing.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var again = await op.PostFormAsync($"{codesPage}?handler=Mailing&run={run}", [], issued.Headers.Location!.OriginalString);
        Assert.Equal("text/csv", mailing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(4, lines.Length);
        Assert.Contains("ダウンロード済みのため", await op.FollowAsync(again), StringComparison.Ordinal);
        Assert.Contains("全員に発行済みです", await op.FollowAsync(await op.PostFormAsync(codesPage + "?handler=Issue", [], codesPage)), StringComparison.Ordinal);

        var code = lines.Single(l => l.StartsWith(PageSamples.CardHolderId + ",", StringComparison.Ordinal)).Split(',')[^1];
        using var cardholder = PageClient.For(_factory);
        var answer = await cardholder.FollowAsync(await cardholder.PostFormAsync("/check", new() { ["ClaimCode"] = code.ToLowerInvariant(), ["PostalCode"] = "１００－０００１" }));
        Assert.Contains("お客様は対象です", answer, StringComparison.Ordinal);
        Assert.Contains("VISA（末尾 4242）", answer, StringComparison.Ordinal);
        Assert.Contains("メールアドレス", answer, StringComparison.Ordinal);
        Assert.Contains("2027年3月31日", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_definition_lists_every_problem_and_saves_nothing()
    {
        using var op = await PageClient.SignedInAsync(_factory, "運用 花子", Roles.Operator);

        var response = await op.PostFileAsync("/staff/operator", "Definition", "broken.yml", Encoding.UTF8.GetBytes(PageSamples.InvalidIncidentYaml("pages-broken")));
        var html = await response.Content.ReadAsStringAsync();
        var wrongType = await (await op.PostFileAsync("/staff/operator", "Definition", "broken.txt", [1, 2, 3])).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = ErrorSummary().Match(html).Value;
        Assert.Contains("（disclosedOn）", summary, StringComparison.Ordinal);
        Assert.Contains("（policy.minConfidence）", summary, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(summary, "href=\"#f-definition\""));
        Assert.DoesNotContain("pages-broken", await op.GetStringAsync("/staff/operator"), StringComparison.Ordinal);
        Assert.Contains(".json、.yaml または .yml を選んでください", wrongType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_names_its_lines_and_imports_nothing()
    {
        using var op = await PageClient.SignedInAsync(_factory, "運用 花子", Roles.Operator);
        await op.PostFileAsync("/staff/operator", "Definition", "ragged.yaml", Encoding.UTF8.GetBytes(PageSamples.IncidentYaml("pages-ragged")));

        var response = await op.PostFileAsync("/staff/operator/incidents/pages-ragged/import", "CustomerFile", "headerless.csv", PageSamples.HeaderlessCsv());
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ファイルを取り込めませんでした（何も保存していません）。", html, StringComparison.Ordinal);
        Assert.Contains("1行目: ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reviewer_is_turned_away_from_the_operator_pages()
    {
        using var reviewer = await PageClient.SignedInAsync(_factory, "審査 太郎", Roles.Reviewer);

        var response = await reviewer.GetAsync("/staff/operator");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(StaffCookieHandler.ForbiddenPath, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_incident_is_a_not_found_page()
    {
        using var op = await PageClient.SignedInAsync(_factory, "運用 花子", Roles.Operator);

        var response = await op.GetAsync("/staff/operator/incidents/no-such-incident/import");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("ページが見つかりません", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("href=\"(/staff/operator/incidents/[^\"]+/import\\?handler=Report&amp;import=[^\"]+)\"")]
    private static partial Regex ReportLink();

    [GeneratedRegex("<div class=\"error-summary\".*?</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorSummary();

    [GeneratedRegex("run=([0-9TZa-f-]+)")]
    private static partial Regex RunParameter();
}
