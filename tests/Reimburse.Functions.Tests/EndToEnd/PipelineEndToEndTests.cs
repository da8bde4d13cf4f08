using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Intake;
using Reimburse.Functions.Tests.Cardholders;
using Reimburse.Functions.Tests.Intake;
using Reimburse.Incidents;
using Reimburse.LocalReader.Corpus;
using Reimburse.Policy;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.EndToEnd;

/// <summary>
/// The whole pipeline through the HTTP API, as cardholders use it: customers imported and codes issued by the
/// operator API, sign-in with the code, claims with text-PDF statements printed for each case, read by the REAL local
/// reader (poppler; Tesseract for the blank scans), validated and decided by the app's own queue runner on Azurite.
/// </summary>
public sealed class PipelineEndToEndTests(PipelineEndToEndTests.Fixture fixture) : IClassFixture<PipelineEndToEndTests.Fixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Which case makes each rule decide a claim (a new rule without a case fails <see cref="The_cases_cover_every_rule"/>).</summary>
    private static readonly Dictionary<string, string> CaseOfRule = new(StringComparer.Ordinal)
    {
        [PolicyRules.CustomerAffected.Code] = "rejected: removed from the list (E05)",
        [PolicyRules.CardLeaked.Code] = "rejected: no card leaked (E03); escalated: another card (E11)",
        [PolicyRules.ClaimWindow.Code] = "rejected: reissued before the exposure (E04); escalated: statement dated before it (E12)",
        [PolicyRules.DocumentReadable.Code] = "escalated: unreadable twice (E18)",
        [PolicyRules.FeeStatement.Code] = "escalated: a statement without the fee after a request (E19)",
        [PolicyRules.Confidence.Code] = "escalated: a letter that reads only vaguely as a fee statement (E20)",
        [PolicyRules.FeePresent.Code] = "escalated: no fee line (E19, E20)",
        [PolicyRules.FeeWaived.Code] = "rejected: waived (E02); escalated: waived beside a charged fee (E13)",
        [PolicyRules.IssuerWaives.Code] = "escalated: Rakuten (E06)",
        [PolicyRules.FeeCap.Code] = "escalated: ¥1,650 (E07)",
        [PolicyRules.DeclaredAmount.Code] = "escalated: declared ¥1,000 for ¥1,100 (E08)",
        [PolicyRules.CardLast4.Code] = "escalated: the statement's card is not leaked (E11)",
        [PolicyRules.HolderName.Code] = "escalated: another holder on the statement (E09)",
        [PolicyRules.DuplicateDocument.Code] = "escalated: the same file from two claimants (E15)",
        [PolicyRules.OnePerCard.Code] = "rejected: the card was refunded (E01 again); escalated: a claim for the card is open (E08 again)",
        [PolicyRules.PayoutHolder.Code] = "escalated: someone else's account (E10)",
        [PolicyRules.AutoApprovalLimit.Code] = "escalated: ¥1,650 is above ¥1,100 (E07)",
    };

    public sealed class Fixture : CardholderAppFixture
    {
        private readonly string _folder = RepoPaths.NewTempFolder("e2e-statements");

        public IReadOnlyDictionary<string, byte[]> Statements { get; private set; } = new Dictionary<string, byte[]>();

        public static Incident Incident { get; } = CardholderKit.OpenIncident("e2e-2026", IncidentPolicy.Default with { IssuersWaivingFee = ["rakuten"] });

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Claims:MaxPollingInterval"] = "00:00:00.200";
            settings["Claims:MapTriggerEndpoints"] = "true";
            return settings;
        }

        protected override (Incident Incident, IReadOnlyList<string> Customers) World() => (Incident,
        [
            "E01,山田 太郎,ヤマダ タロウ,100-0001,東京都千代田区1,あり,VISA:1234",
            "E02,佐藤 花子,サトウ ハナコ,100-0002,東京都千代田区2,あり,VISA:2222",
            "E03,鈴木 一郎,スズキ イチロウ,100-0003,東京都千代田区3,なし,",
            "E04,高橋 健太,タカハシ ケンタ,100-0004,東京都千代田区4,あり,VISA:4444",
            "E05,田中 美咲,タナカ ミサキ,100-0005,東京都千代田区5,あり,VISA:5555",
            "E06,伊藤 陽子,イトウ ヨウコ,100-0006,東京都千代田区6,あり,JCB:6666",
            "E07,渡辺 翔,ワタナベ ショウ,100-0007,東京都千代田区7,あり,VISA:7777",
            "E08,中村 結衣,ナカムラ ユイ,100-0008,東京都千代田区8,あり,VISA:8888",
            "E09,小林 大輔,コバヤシ ダイスケ,100-0009,東京都千代田区9,あり,VISA:9999",
            "E10,加藤 直子,カトウ ナオコ,100-0010,東京都千代田区10,あり,VISA:1010",
            "E11,吉田 拓也,ヨシダ タクヤ,100-0011,東京都千代田区11,あり,VISA:1111",
            "E12,山本 恵,ヤマモト メグミ,100-0012,東京都千代田区12,あり,VISA:1212",
            "E13,松本 一郎,マツモト イチロウ,100-0013,東京都千代田区13,あり,VISA:1313",
            "E14,井上 花子,イノウエ ハナコ,100-0014,東京都千代田区14,あり,VISA:1414",
            "E15,木村 太郎,キムラ タロウ,100-0015,東京都千代田区15,あり,VISA:1515",
            "E16,清水 結衣,シミズ ユイ,100-0016,東京都千代田区16,あり,VISA:1616",
            "E17,森 健一,モリ ケンイチ,100-0017,東京都千代田区17,あり,VISA:1717",
            "E18,池田 誠,イケダ マコト,100-0018,東京都千代田区18,あり,VISA:1818",
            "E19,橋本 恵子,ハシモト ケイコ,100-0019,東京都千代田区19,あり,VISA:1919",
            "E20,阿部 隆,アベ タカシ,100-0020,東京都千代田区20,あり,VISA:2020",
        ]);

        protected override async Task PrepareAsync()
        {
            var june12 = new DateOnly(2026, 6, 12);
            StatementOrder Charged(string id, string holder, string last4, long fee = 1_100, string issuer = "smbc", string layout = "statement", DateOnly? date = null) =>
                new(id, issuer, layout, fee, false, last4, holder, date ?? june12, Seed: id.GetHashCode(StringComparison.Ordinal));
            List<StatementOrder> orders =
            [
                Charged("E01", "山田 太郎", "1234"),
                Charged("E01b", "山田 太郎", "1234", layout: "notice", date: new DateOnly(2026, 7, 1)),
                new("E02", "smbc", "notice", null, true, "2222", "佐藤 花子", june12),
                Charged("E03", "鈴木 一郎", "3333", layout: "letter"),
                Charged("E04", "高橋 健太", "4444", date: new DateOnly(2025, 12, 22)),
                Charged("E05", "田中 美咲", "5555"),
                Charged("E06", "伊藤 陽子", "6666", issuer: "rakuten"),
                Charged("E07", "渡辺 翔", "7777", fee: 1_650),
                Charged("E08", "中村 結衣", "8888"),
                Charged("E08b", "中村 結衣", "8888", layout: "notice", date: new DateOnly(2026, 7, 3)),
                Charged("E09", "佐藤 次郎", "9999"),
                Charged("E10", "加藤 直子", "1010"),
                Charged("E11", "吉田 拓也", "3333"),
                Charged("E12", "山本 恵", "1212", date: new DateOnly(2025, 12, 30)),
                new("E13w", "smbc", "notice", null, true, "1313", "松本 一郎", june12),
                Charged("E13", "松本 一郎", "1313", date: new DateOnly(2026, 6, 13)),
                Charged("E14", "井上 花子", "1414"),
                Charged("E16", "清水 結衣", "1616"),
                new("E19", "smbc", "statement", null, false, "1919", "橋本 恵子", june12),
                new("E20", "smbc", "letter", null, false, "2020", "阿部 隆", june12),
            ];
            var paths = await StatementPrinter.PrintAsync(orders, _folder, null, CancellationToken.None);
            Statements = orders.Zip(paths).ToDictionary(p => p.First.Id, p => File.ReadAllBytes(p.Second), StringComparer.Ordinal);
        }

        protected override Task CleanUpAsync()
        {
            Directory.Delete(_folder, recursive: true);
            return Task.CompletedTask;
        }
    }

    private ClaimStore Store => fixture.Services.GetRequiredService<ClaimStore>();

    private Attachment Pdf(string id) => new(id + ".pdf", fixture.Statements[id], "application/pdf");

    private static Attachment Blank(string marker) => new("scan-" + marker + ".pdf", Claimant.EmptyPagesPdf(1, marker), "application/pdf");

    private static ClaimInput For(string holderKana, string last4, string declared = "1100", string reissued = "2026-06-10") =>
        new(ReissueDate: reissued, DeclaredFee: declared, CardLast4: last4, AccountHolder: holderKana);

    private async Task<HttpClient> SignInAsync(string customer) => (await fixture.Kit.SignInAsync(fixture.Holders[customer], bearer: true)).Client;

    private async Task<ClaimState> DecidedAsync(string claimId, params ClaimStatus[] statuses)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var state = await Store.LoadAsync(claimId, CancellationToken.None);
            if (statuses.Contains(state.Status))
            {
                return state;
            }
            Assert.True(DateTime.UtcNow < deadline, $"claim {claimId} is {state.Status}, expected {string.Join("/", statuses)}");
            await Task.Delay(100);
        }
    }

    private async Task<IReadOnlyList<string>> EscalationCodesAsync(string claimId)
    {
        var history = await Store.ReadHistoryAsync(claimId, CancellationToken.None);
        return [.. history.Select(h => h.Event).OfType<ClaimEscalated>().Last().Reasons.Select(r => r.Code).Distinct()];
    }

    [Fact]
    public void The_cases_cover_every_rule()
    {
        Assert.Equal(PolicyRules.All.Select(r => r.Code).Order(StringComparer.Ordinal), CaseOfRule.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_matching_statement_is_approved_without_a_reviewer_and_a_second_claim_for_the_card_is_rejected()
    {
        var client = await SignInAsync("E01");
        var claim = await Claimant.SubmittedAsync(client, For("ヤマダ タロウ", "1234"), Pdf("E01"));
        Assert.Equal("received", claim.Status.Code);

        var approved = await DecidedAsync(claim.Id, ClaimStatus.Approved);

        Assert.Equal(1_100, approved.ApprovedAmount?.Amount);
        var view = (await Claimant.GetAsync(client, claim.Id))!;
        Assert.Equal("approved", view.Status.Code);
        Assert.Equal("承認済", view.Status.Label.Ja);
        Assert.Equal(1_100, view.RefundAmount);
        Assert.Equal(["submitted", "approved"], view.Timeline.Select(t => t.Kind));
        Assert.Equal("read", Assert.Single(view.Documents).State);
        Assert.Empty(view.Reasons);

        var second = await Claimant.SubmittedAsync(client, For("ヤマダ タロウ", "1234"), Pdf("E01b"));
        var rejected = await DecidedAsync(second.Id, ClaimStatus.Rejected);
        Assert.Equal(RejectionCode.AlreadyRefunded, rejected.Rejection!.Code);
        var mine = await client.GetFromJsonAsync<List<ClaimSummary>>(new Uri("/api/claims", UriKind.Relative));
        Assert.Equal([second.Id, claim.Id], mine!.Select(c => c.Id));
    }

    [Fact]
    public async Task A_waived_fee_is_not_refunded()
    {
        var client = await SignInAsync("E02");
        var claim = await Claimant.SubmittedAsync(client, For("サトウ ハナコ", "2222"), Pdf("E02"));

        var state = await DecidedAsync(claim.Id, ClaimStatus.Rejected);

        Assert.Equal(RejectionCode.FeeWaived, state.Rejection!.Code);
        Assert.Null(state.ApprovedAmount);
        var view = (await Claimant.GetAsync(client, claim.Id))!;
        Assert.Equal("not-eligible", view.Status.Code);
        var reason = Assert.Single(view.Reasons);
        Assert.Equal("fee-waived", reason.Code);
        Assert.Contains("免除", reason.Text.Ja, StringComparison.Ordinal);
        Assert.Contains("waived", reason.Text.En, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hard_ineligibility_is_rejected_with_its_reason()
    {
        var noCard = await Claimant.SubmittedAsync(await SignInAsync("E03"), For("スズキ イチロウ", "3333"), Pdf("E03"));
        var early = await Claimant.SubmittedAsync(await SignInAsync("E04"), For("タカハシ ケンタ", "4444", reissued: "令和7年12月20日"), Pdf("E04"));
        // An operator's correction takes the customer off the list after they signed in.
        var removed = await SignInAsync("E05");
        await RemoveCustomerAsync("E05");
        var notAffected = await Claimant.SubmittedAsync(removed, For("タナカ ミサキ", "5555"), Pdf("E05"));

        Assert.Equal(RejectionCode.CardNotLeaked, (await DecidedAsync(noCard.Id, ClaimStatus.Rejected)).Rejection!.Code);
        Assert.Equal(RejectionCode.OutsideClaimWindow, (await DecidedAsync(early.Id, ClaimStatus.Rejected)).Rejection!.Code);
        Assert.Equal(RejectionCode.NotAffected, (await DecidedAsync(notAffected.Id, ClaimStatus.Rejected)).Rejection!.Code);
    }

    [Fact]
    public async Task Each_soft_rule_sends_its_kind_of_claim_to_a_reviewer()
    {
        var cases = new (string Customer, ClaimInput Input, Attachment[] Files, string[] Expected)[]
        {
            ("E06", For("イトウ ヨウコ", "6666"), [Pdf("E06")], [PolicyRules.IssuerWaives.Code]),
            ("E07", For("ワタナベ ショウ", "7777", declared: "1650"), [Pdf("E07")], [PolicyRules.FeeCap.Code, PolicyRules.AutoApprovalLimit.Code]),
            ("E08", For("ナカムラ ユイ", "8888", declared: "1000"), [Pdf("E08")], [PolicyRules.DeclaredAmount.Code]),
            ("E09", For("コバヤシ ダイスケ", "9999"), [Pdf("E09")], [PolicyRules.HolderName.Code]),
            ("E10", For("サトウ ジロウ", "1010"), [Pdf("E10")], [PolicyRules.PayoutHolder.Code]),
            ("E11", For("ヨシダ タクヤ", "3333"), [Pdf("E11")], [PolicyRules.CardLeaked.Code, PolicyRules.CardLast4.Code]),
            ("E12", For("ヤマモト メグミ", "1212"), [Pdf("E12")], [PolicyRules.ClaimWindow.Code]),
            ("E13", For("マツモト イチロウ", "1313"), [Pdf("E13w"), Pdf("E13")], [PolicyRules.FeeWaived.Code]),
        };
        var submitted = new List<(string Id, string[] Expected)>();
        foreach (var c in cases)
        {
            submitted.Add(((await Claimant.SubmittedAsync(await SignInAsync(c.Customer), c.Input, c.Files)).Id, c.Expected));
        }

        foreach (var (id, expected) in submitted)
        {
            await DecidedAsync(id, ClaimStatus.UnderReview);
            Assert.Equal(expected.Order(StringComparer.Ordinal), (await EscalationCodesAsync(id)).Order(StringComparer.Ordinal));
        }

        // A second claim for a card whose first claim is still with a reviewer.
        var client = await SignInAsync("E08");
        var second = await Claimant.SubmittedAsync(client, For("ナカムラ ユイ", "8888"), Pdf("E08b"));
        await DecidedAsync(second.Id, ClaimStatus.UnderReview);
        Assert.Equal([PolicyRules.OnePerCard.Code], await EscalationCodesAsync(second.Id));

        // The claimant reads that a person checks the claim, and which checks (by title) apart from abuse checks.
        var view = (await Claimant.GetAsync(client, submitted[2].Id))!;
        Assert.Equal("under-review", view.Status.Code);
        Assert.Equal(["amount-declared", "review"], view.Reasons.Select(r => r.Code));
        var secondView = (await Claimant.GetAsync(client, second.Id))!;
        Assert.Equal(["review"], secondView.Reasons.Select(r => r.Code));
    }

    [Fact]
    public async Task A_document_used_by_two_claimants_goes_to_a_reviewer_the_second_time()
    {
        var first = await Claimant.SubmittedAsync(await SignInAsync("E14"), For("イノウエ ハナコ", "1414"), Pdf("E14"));
        await DecidedAsync(first.Id, ClaimStatus.Approved);

        var copy = await Claimant.SubmittedAsync(await SignInAsync("E15"), For("キムラ タロウ", "1515"), new Attachment("mine.pdf", fixture.Statements["E14"], "application/pdf"));

        await DecidedAsync(copy.Id, ClaimStatus.UnderReview);
        var codes = await EscalationCodesAsync(copy.Id);
        Assert.Contains(PolicyRules.DuplicateDocument.Code, codes);
        var history = await Store.ReadHistoryAsync(copy.Id, CancellationToken.None);
        var duplicate = history.Select(h => h.Event).OfType<ClaimValidated>().Single().Results.Single(r => r.Code == PolicyRules.DuplicateDocument.Code);
        Assert.Contains(first.Id, duplicate.Message.En, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Id, await (await SignInAsync("E15")).GetStringAsync(new Uri("/api/claims/" + copy.Id, UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_scan_brings_a_request_and_the_clear_statement_sent_in_answer_is_approved()
    {
        var client = await SignInAsync("E16");
        var claim = await Claimant.SubmittedAsync(client, For("シミズ ユイ", "1616"), Blank("E16"));

        var asked = await DecidedAsync(claim.Id, ClaimStatus.InformationRequested);
        var view = (await Claimant.GetAsync(client, claim.Id))!;
        Assert.Equal("information-requested", view.Status.Code);
        var request = view.InformationRequest!;
        Assert.Equal("clearer-document", request.Kind);
        Assert.Equal(["d1"], request.DocumentIds);
        Assert.Equal(asked.OpenRequest!.Deadline, request.Deadline);
        Assert.Equal(TokyoTime.DateOf(fixture.Clock.GetUtcNow()).AddDays(14), request.DeadlineDate);
        Assert.Contains(request.DeadlineDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), request.Message.Ja, StringComparison.Ordinal);

        var answer = await Claimant.AddDocumentsAsync(client, claim.Id, "answer-1", null, Pdf("E16"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        var approved = await DecidedAsync(claim.Id, ClaimStatus.Approved);
        Assert.Equal(1_100, approved.ApprovedAmount?.Amount);
        var final = (await Claimant.GetAsync(client, claim.Id))!;
        Assert.Equal(["submitted", "information-requested", "document-added", "information-provided", "approved"], final.Timeline.Select(t => t.Kind));
        Assert.Equal(["replaced", "read"], final.Documents.Select(d => d.State));
    }

    [Fact]
    public async Task A_request_nobody_answers_expires_at_its_deadline_and_goes_to_a_reviewer()
    {
        var client = await SignInAsync("E17");
        var claim = await Claimant.SubmittedAsync(client, For("モリ ケンイチ", "1717"), Blank("E17"));
        var asked = await DecidedAsync(claim.Id, ClaimStatus.InformationRequested);

        // Time passes beyond the deadline; the Functions host then delivers the timer that was queued for it.
        fixture.Clock.Advance(asked.OpenRequest!.Deadline - fixture.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        var step = Assert.Single(ClaimWorkflow.NextSteps(asked, fixture.Clock.GetUtcNow()));
        Assert.Equal(ClaimStepKind.ExpireInformationRequest, step.Kind);
        using var host = fixture.Factory.CreateClient();
        var delivered = await host.PostAsJsonAsync(new Uri("/ClaimSteps", UriKind.Relative), new { Data = new { step = ClaimJson.Serialize(step) }, Metadata = new { DequeueCount = 1 } });
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);

        await DecidedAsync(claim.Id, ClaimStatus.UnderReview);
        Assert.Equal([EscalationReason.InformationExpired], await EscalationCodesAsync(claim.Id));
        var view = (await Claimant.GetAsync(await SignInAsync("E17"), claim.Id))!;
        Assert.Equal("information-expired", view.Reasons[0].Code);
        Assert.Contains("information-expired", view.Timeline.Select(t => t.Kind));
        Assert.Null(view.InformationRequest);
    }

    [Fact]
    public async Task Documents_still_unreadable_or_not_fee_statements_after_one_request_go_to_a_reviewer()
    {
        var cases = new (string Customer, string Kana, string Last4, Attachment Answer, string[] Expected)[]
        {
            ("E18", "イケダ マコト", "1818", Blank("E18-again"), [PolicyRules.DocumentReadable.Code]),
            ("E19", "ハシモト ケイコ", "1919", Pdf("E19"), [PolicyRules.FeeStatement.Code, PolicyRules.FeePresent.Code]),
            ("E20", "アベ タカシ", "2020", Pdf("E20"), [PolicyRules.Confidence.Code, PolicyRules.FeePresent.Code]),
        };
        var claims = new List<(HttpClient Client, string Id, Attachment Answer, string[] Expected)>();
        foreach (var c in cases)
        {
            var client = await SignInAsync(c.Customer);
            claims.Add((client, (await Claimant.SubmittedAsync(client, For(c.Kana, c.Last4), Blank(c.Customer))).Id, c.Answer, c.Expected));
        }
        foreach (var (client, id, answer, _) in claims)
        {
            await DecidedAsync(id, ClaimStatus.InformationRequested);
            Assert.Equal(HttpStatusCode.OK, (await Claimant.AddDocumentsAsync(client, id, "answer-" + id, null, answer)).StatusCode);
        }

        foreach (var (_, id, _, expected) in claims)
        {
            await DecidedAsync(id, ClaimStatus.UnderReview);
            var codes = await EscalationCodesAsync(id);
            Assert.All(expected, code => Assert.Contains(code, codes));
            // The workflow asks the claimant once by itself; then a person decides.
            Assert.Single((await Store.ReadHistoryAsync(id, CancellationToken.None)).Select(h => h.Event).OfType<InformationRequested>());
        }
    }

    private async Task RemoveCustomerAsync(string customerId)
    {
        var table = StorageAccount.FromConnectionString(fixture.Azurite.ConnectionString).GetTableClient(Reimburse.Functions.Customers.CustomerStorage.CustomersTable);
        var removed = 0;
        await foreach (var row in table.QueryAsync(TableClient.CreateQueryFilter($"RowKey eq {customerId}")))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            removed++;
        }
        Assert.Equal(1, removed);
    }
}
