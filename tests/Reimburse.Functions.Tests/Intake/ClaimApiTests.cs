using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Azure.Storage;
using Reimburse.Claims;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Intake;
using Reimburse.Functions.Tests.Cardholders;

namespace Reimburse.Functions.Tests.Intake;

/// <summary>The cardholder claim API against Azurite: input errors, idempotency, ownership, anti-forgery, documents.</summary>
public sealed class ClaimApiTests(ClaimApiTests.Fixture fixture) : IClassFixture<ClaimApiTests.Fixture>
{
    public sealed class Fixture : CardholderAppFixture
    {
        // No queue runner: claims stay as intake left them (received), whatever the timing.
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Claims:RunLocalQueues"] = "false";
            return settings;
        }

        protected override (Reimburse.Incidents.Incident Incident, IReadOnlyList<string> Customers) World() => (CardholderKit.OpenIncident("intake-api"),
        [
            .. Enumerable.Range(1, 12).Select(i => $"A{i},山田 太郎,ヤマダ タロウ,100-00{i:D2},東京都千代田区{i},あり,VISA:1234"),
        ]);
    }

    private Task<SignedIn> SignInAsync(string customer, bool bearer = true) => fixture.Kit.SignInAsync(fixture.Holders[customer], bearer);

    [Fact]
    public async Task A_submission_without_an_idempotency_key_is_refused()
    {
        var client = (await SignInAsync("A1")).Client;

        var response = await Claimant.SubmitAsync(client, null, new ClaimInput(), Claimant.CsvStatement("no-key"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(IntakeErrors.IdempotencyKeyRequired, problem.GetProperty("code").GetString());
        Assert.Empty(await client.GetFromJsonAsync<List<ClaimSummary>>(new Uri("/api/claims", UriKind.Relative)) ?? []);
    }

    [Fact]
    public async Task Every_bad_field_is_named_with_a_message_in_the_callers_language()
    {
        var client = (await SignInAsync("A2")).Client;
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await Claimant.SubmitAsync(client, "k-bad-fields", new ClaimInput(ReissueDate: "2099-01-01", DeclaredFee: "abc", CardLast4: "4111111111111111", BankCode: "12", AccountType: "外貨", AccountHolder: "Yamada 太郎"), Claimant.CsvStatement("bad"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "reissueDate", "declaredFee", "cardLast4", "bankCode", "accountType", "accountHolder" })
        {
            Assert.True(errors.TryGetProperty(field, out var messages), field);
            Assert.Equal(problem.GetProperty("fieldMessages").GetProperty(field)[0].GetProperty("en").GetString(), messages[0].GetString());
        }
        var ja = problem.GetProperty("fieldMessages").GetProperty("reissueDate")[0].GetProperty("ja").GetString();
        Assert.Contains("未来", ja, StringComparison.Ordinal);
        Assert.Equal(IntakeErrors.InvalidInput, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unknown_bank_or_branch_is_refused_by_the_zengin_list()
    {
        var client = (await SignInAsync("A3")).Client;

        var bank = await Claimant.SubmitAsync(client, "k-bank", new ClaimInput(BankCode: "0002"), Claimant.CsvStatement("bank"));
        var branch = await Claimant.SubmitAsync(client, "k-branch", new ClaimInput(BranchCode: "999"), Claimant.CsvStatement("branch"));

        Assert.True((await bank.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("bankCode", out _));
        Assert.True((await branch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("branchCode", out _));
    }

    [Fact]
    public async Task A_retry_or_a_double_click_with_the_same_key_returns_the_same_claim()
    {
        var client = (await SignInAsync("A4")).Client;
        var file = Claimant.CsvStatement("retry");
        var input = new ClaimInput(ReissueDate: "令和8年6月10日", DeclaredFee: "１，１００円");

        var both = await Task.WhenAll(Claimant.SubmitAsync(client, "double-click", input, file), Claimant.SubmitAsync(client, "double-click", input, file));
        var retry = await Claimant.SubmitAsync(client, "double-click", input, file);

        var views = new List<ClaimView>();
        foreach (var response in both.Append(retry))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            views.Add((await response.Content.ReadFromJsonAsync<ClaimView>())!);
        }
        Assert.Single(views.Select(v => v.Id).Distinct());
        Assert.Equal(1, both.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues(ClaimEndpoints.ReplayedHeader).Single());
        Assert.Equal(new DateOnly(2026, 6, 10), views[0].ReissuedOn);
        Assert.Equal(1_100, views[0].DeclaredFee);
        var mine = await client.GetFromJsonAsync<List<ClaimSummary>>(new Uri("/api/claims", UriKind.Relative));
        Assert.Equal(views[0].Id, Assert.Single(mine!).Id);
        var history = await fixture.Services.GetRequiredService<ClaimStore>().ReadHistoryAsync(views[0].Id, CancellationToken.None);
        Assert.Single(history, e => e.Event is ClaimSubmitted);
    }

    [Fact]
    public async Task The_same_key_for_a_different_request_is_refused()
    {
        var client = (await SignInAsync("A5")).Client;
        Assert.Equal(HttpStatusCode.Created, (await Claimant.SubmitAsync(client, "reused", new ClaimInput(), Claimant.CsvStatement("first"))).StatusCode);

        var other = await Claimant.SubmitAsync(client, "reused", new ClaimInput(DeclaredFee: "550"), Claimant.CsvStatement("first"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(IntakeErrors.IdempotencyKeyReused, (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Another_customers_claim_answers_exactly_like_a_missing_one()
    {
        var owner = (await SignInAsync("A6")).Client;
        var claim = await Claimant.SubmittedAsync(owner, new ClaimInput(), Claimant.CsvStatement("owned"));
        var other = (await SignInAsync("A7")).Client;

        var theirs = await other.GetAsync(new Uri("/api/claims/" + claim.Id, UriKind.Relative));
        var missing = await other.GetAsync(new Uri("/api/claims/CL-ZZZZ-ZZZZ-ZZZZ", UriKind.Relative));
        var malformed = await other.GetAsync(new Uri("/api/claims/..%2F..%2Fetc", UriKind.Relative));
        var addToTheirs = await Claimant.AddDocumentsAsync(other, claim.Id, "k-theirs", null, Claimant.CsvStatement("x"));
        var addToMissing = await Claimant.AddDocumentsAsync(other, "CL-ZZZZ-ZZZZ-ZZZZ", "k-missing", null, Claimant.CsvStatement("x"));
        var bankOfTheirs = await other.PutAsJsonAsync(new Uri($"/api/claims/{claim.Id}/bank-account", UriKind.Relative), new BankAccountInput("0001", "001", "普通", "7654321", "ヤマダ タロウ"));

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        var expected = await CardholderKit.ProblemWithoutTraceIdAsync(missing);
        Assert.Equal(expected, await CardholderKit.ProblemWithoutTraceIdAsync(theirs));
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(expected, await CardholderKit.ProblemWithoutTraceIdAsync(malformed));
        Assert.Equal(await CardholderKit.ProblemWithoutTraceIdAsync(addToMissing), await CardholderKit.ProblemWithoutTraceIdAsync(addToTheirs));
        Assert.Equal(HttpStatusCode.NotFound, bankOfTheirs.StatusCode);
        Assert.Equal(expected, await CardholderKit.ProblemWithoutTraceIdAsync(bankOfTheirs));
        Assert.Empty(await other.GetFromJsonAsync<List<ClaimSummary>>(new Uri("/api/claims", UriKind.Relative)) ?? []);
        Assert.Equal(claim.Id, (await Claimant.GetAsync(owner, claim.Id))!.Id);
    }

    [Fact]
    public async Task Documents_are_stored_once_under_random_names_and_never_served_back()
    {
        var client = (await SignInAsync("A8")).Client;
        var file = Claimant.CsvStatement("stored");

        var view = await Claimant.SubmittedAsync(client, new ClaimInput(), file);

        var state = await fixture.Services.GetRequiredService<ClaimStore>().LoadAsync(view.Id, CancellationToken.None);
        var document = Assert.Single(state.Documents).Ref;
        Assert.Matches("^[0-9a-f]{32}$", document.BlobName);
        Assert.Equal("meisai-stored.csv", document.FileName);
        var json = await client.GetStringAsync(new Uri("/api/claims/" + view.Id, UriKind.Relative));
        Assert.DoesNotContain(document.BlobName, json, StringComparison.Ordinal);
        Assert.DoesNotContain("http", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/claims/{view.Id}/documents/d1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.GetAsync(new Uri($"/api/claims/{view.Id}/documents", UriKind.Relative))).StatusCode);

        var blob = fixture.Services.GetRequiredService<ClaimStorage>().Statements.GetBlobClient(document.BlobName);
        var stored = await blob.DownloadContentAsync();
        Assert.Equal(file.Content, stored.Value.ToArray());
        Assert.Equal("text/csv", (await blob.GetPropertiesAsync()).Value.ContentType);
        Assert.False(await fixture.Services.GetRequiredService<IClaimDocuments>().WriteOnceAsync(document, BinaryData.FromString("other"), CancellationToken.None));
        Assert.Equal(file.Content, (await blob.DownloadContentAsync()).Value.ToArray());
    }

    [Fact]
    public async Task A_cookie_session_submits_only_with_the_anti_forgery_token()
    {
        var signedIn = await SignInAsync("A9", bearer: false);
        var client = signedIn.Client;
        client.DefaultRequestHeaders.Remove(CsrfEndpointFilter.HeaderName);

        var forged = await Claimant.SubmitAsync(client, "k-csrf", new ClaimInput(), Claimant.CsvStatement("csrf"));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Empty(await client.GetFromJsonAsync<List<ClaimSummary>>(new Uri("/api/claims", UriKind.Relative)) ?? []);

        // A plain HTML form sends the token as a field.
        var form = Claimant.Form(new ClaimInput(), Claimant.CsvStatement("csrf"));
        form.Add(new StringContent(signedIn.Session.CsrfToken), CsrfEndpointFilter.FormField);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/claims", UriKind.Relative)) { Content = form };
        request.Headers.Add(ClaimEndpoints.IdempotencyKeyHeader, "k-csrf");
        var accepted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task A_request_that_is_not_multipart_or_holds_a_disguised_file_is_refused()
    {
        var client = (await SignInAsync("A10")).Client;
        using var json = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/claims", UriKind.Relative)) { Content = JsonContent.Create(new { declaredFee = 1100 }) };
        json.Headers.Add(ClaimEndpoints.IdempotencyKeyHeader, "k-json");

        var notMultipart = await client.SendAsync(json);
        var disguised = await Claimant.SubmitAsync(client, "k-exe", new ClaimInput(), new Attachment("statement.pdf", [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0], "application/pdf"));
        var tooLong = await Claimant.SubmitAsync(client, "k-long", new ClaimInput(), new Attachment("long.pdf", Claimant.EmptyPagesPdf(11), "application/pdf"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notMultipart.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, disguised.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        Assert.Empty(await client.GetFromJsonAsync<List<ClaimSummary>>(new Uri("/api/claims", UriKind.Relative)) ?? []);
    }

    [Fact]
    public async Task A_document_added_while_the_claim_is_checked_joins_it_and_a_retry_adds_nothing()
    {
        var client = (await SignInAsync("A11")).Client;
        var claim = await Claimant.SubmittedAsync(client, new ClaimInput(), Claimant.CsvStatement("first-doc"));
        Assert.Equal("received", claim.Status.Code);

        var added = await Claimant.AddDocumentsAsync(client, claim.Id, "k-add", null, Claimant.CsvStatement("second-doc"));
        var again = await Claimant.AddDocumentsAsync(client, claim.Id, "k-add", null, Claimant.CsvStatement("second-doc"));

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues(ClaimEndpoints.ReplayedHeader).Single());
        var view = (await Claimant.GetAsync(client, claim.Id))!;
        Assert.Equal(2, view.Documents.Count);
        Assert.Contains(view.Timeline, t => t.Kind == "document-added");
    }

    [Fact]
    public async Task A_bank_account_change_is_refused_when_none_was_asked_for()
    {
        var client = (await SignInAsync("A12")).Client;
        var claim = await Claimant.SubmittedAsync(client, new ClaimInput(), Claimant.CsvStatement("bank-change"));

        var change = await client.PutAsJsonAsync(new Uri($"/api/claims/{claim.Id}/bank-account", UriKind.Relative), new BankAccountInput("0001", "001", "普通", "7654321", "ヤマダ タロウ"));
        var same = await client.PutAsJsonAsync(new Uri($"/api/claims/{claim.Id}/bank-account", UriKind.Relative), new BankAccountInput("0001", "001", "普通", "1234567", "ヤマダ タロウ"));
        var invalid = await client.PutAsJsonAsync(new Uri($"/api/claims/{claim.Id}/bank-account", UriKind.Relative), new BankAccountInput("0001", "001", "普通", "12", "ヤマダ タロウ"));

        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("0001-001 普通 ****567", (await same.Content.ReadFromJsonAsync<ClaimView>())!.PayoutAccount);
    }
}
