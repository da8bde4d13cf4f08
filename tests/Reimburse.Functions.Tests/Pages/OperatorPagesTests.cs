using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Security;
using Reimburse.Incidents;
using Reimburse.Money;
using Reimburse.Policy;
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

    [Fact]
    public async Task The_dashboard_counts_claims_received_and_decided_per_Japan_day_over_the_last_14_days()
    {
        using var op = await PageClient.SignedInAsync(_factory, "運用 花子", Roles.Operator);
        var today = TokyoTime.DateOf(DateTimeOffset.UtcNow);
        // Japan times: 01:00 JST is the previous day in UTC, so a count by UTC day would land a day early.
        DateTimeOffset At(int daysAgo, int hour, int minute = 0) =>
            new(today.AddDays(-daysAgo).ToDateTime(new TimeOnly(hour, minute)), TokyoTime.Offset);

        await ProjectAsync("CL-dash-a", Submitted("CL-dash-a", At(5, 1)), Approved(At(4, 10)));
        await ProjectAsync("CL-dash-b", Submitted("CL-dash-b", At(5, 23, 30)), Escalated(At(2, 0, 30)), ReviewerApproves(At(1, 9)));
        await ProjectAsync("CL-dash-c", Submitted("CL-dash-c", At(2, 9)), Rejected(At(2, 11)));
        await ProjectAsync("CL-dash-d", Submitted("CL-dash-d", At(20, 9)), Escalated(At(3, 9)));
        await ProjectAsync("CL-dash-e", Submitted("CL-dash-e", At(1, 9)));
        await ProjectAsync("CL-dash-f", Submitted("CL-dash-f", At(30, 9)), Rejected(At(25, 9)));
        // A row written before the index carried the times: listed by status, left out of the chart.
        var storage = _factory.Services.GetRequiredService<ClaimStorage>();
        await storage.StatusIndex.UpsertEntityAsync(new TableEntity("Approved", "CL-dash-old") { ["Version"] = 3L, ["IncidentId"] = "old", ["Status"] = "Approved", ["Amount"] = 1_100L, ["ApprovedAmount"] = 1_100L });

        var html = await op.GetStringAsync("/staff/operator/dashboard");

        var days = ActivityRow().Matches(html).ToDictionary(m => DateOnly.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => (int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Enumerable.Range(0, 14).Select(i => today.AddDays(i - 13)), days.Keys);
        var expected = new Dictionary<int, (int, int)> { [5] = (2, 0), [4] = (0, 1), [3] = (0, 1), [2] = (1, 2), [1] = (1, 0) };
        foreach (var (day, counts) in days)
        {
            Assert.Equal(expected.GetValueOrDefault(today.DayNumber - day.DayNumber), counts);
        }
        Assert.Contains("<svg class=\"chart__svg\"", html, StringComparison.Ordinal);
        Assert.Contains("受け付けた申請は4件、判定した申請は4件です。", html, StringComparison.Ordinal);
        Assert.Contains("申請の合計: 7件", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);

        var english = await op.GetStringAsync("/staff/operator/dashboard?lang=en");
        Assert.Contains("4 claims were received and 4 were decided", english, StringComparison.Ordinal);
        Assert.Contains("Decided (approved, rejected or sent to review)", english, StringComparison.Ordinal);
    }

    private async Task ProjectAsync(string claimId, params ClaimEvent[] events)
    {
        var storage = _factory.Services.GetRequiredService<ClaimStorage>();
        await storage.EnsureCreatedAsync(CancellationToken.None);
        var state = ClaimWorkflow.Replay(events);
        Assert.Equal(claimId, state.ClaimId);
        await _factory.Services.GetRequiredService<ClaimStatusIndex>().ProjectAsync(state, CancellationToken.None);
    }

    private static ClaimSubmitted Submitted(string claimId, DateTimeOffset at) =>
        new(claimId, "dash", "C-" + claimId, "1234", new Yen(1_100), new DateOnly(2026, 2, 10), null, [], ClaimTerms.From(IncidentPolicy.Default))
        { At = at, Actor = Actor.Claimant("C-" + claimId), Reason = "test" };

    private static ClaimAutoApproved Approved(DateTimeOffset at) => new(new Yen(1_100)) { At = at, Actor = Actor.System, Reason = "test" };

    private static ClaimEscalated Escalated(DateTimeOffset at) =>
        new([new EscalationReason("R-AMOUNT-DECLARED", new("金額", "amount"))]) { At = at, Actor = Actor.System, Reason = "test" };

    private static ReviewerApproved ReviewerApproves(DateTimeOffset at) =>
        new(new Yen(1_100), new Yen(1_100), null, false) { At = at, Actor = Actor.Reviewer("rev-1"), Reason = "test" };

    private static ClaimRejected Rejected(DateTimeOffset at) =>
        new(RejectionCode.Other, new("対象外", "not eligible"), null) { At = at, Actor = Actor.System, Reason = "test" };

    [GeneratedRegex("<tr data-day=\"([0-9-]+)\">.*?data-submitted>([0-9]+)</td>\\s*<td class=\"num\" data-decided>([0-9]+)</td>", RegexOptions.Singleline)]
    private static partial Regex ActivityRow();

    [GeneratedRegex("href=\"(/staff/operator/incidents/[^\"]+/import\\?handler=Report&amp;import=[^\"]+)\"")]
    private static partial Regex ReportLink();

    [GeneratedRegex("<div class=\"error-summary\".*?</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorSummary();

    [GeneratedRegex("run=([0-9TZa-f-]+)")]
    private static partial Regex RunParameter();
}
