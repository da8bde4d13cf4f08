using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reimburse.Banking;
using Reimburse.Claims;
using Reimburse.Functions.Finance;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Functions.Security;
using Reimburse.Money;
using Reimburse.Testing.Zengin;
using Xunit.Abstractions;
using static Reimburse.Functions.Tests.Finance.FinanceClient;

namespace Reimburse.Functions.Tests.Finance;

public sealed class FinanceApiTests(StaffAppFixture app, ITestOutputHelper output) : IClassFixture<StaffAppFixture>
{
    private static readonly Encoding ShiftJis = CodePagesEncodingProvider.Instance.GetEncoding(932)!;

    [Fact]
    public async Task A_batch_of_approved_claims_exports_a_zengin_file_that_parses_back_field_by_field()
    {
        var incident = app.NewIncident();
        var claims = await app.ApprovedAsync(incident, 3);
        var waitingBefore = await app.LoadAsync(claims[0]);
        using var finance = app.Staff("export-finance", Roles.Finance);

        var batch = await CreateBatchAsync(finance, incident);

        Assert.Equal("Exported", batch.Status);
        Assert.Equal(3, batch.Count);
        Assert.Equal(3_300, batch.Total);
        Assert.Equal(incident, batch.IncidentId);
        Assert.Equal("id-export-finance", batch.CreatedBy);
        var bytes = await DownloadAsync(finance, batch.Zengin!.Url);
        Assert.Equal(6 * 122, bytes.Length);
        Assert.Equal(batch.Zengin.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));

        var file = ZenginFileReader.Parse(bytes);
        var date = DateOnly.ParseExact(TransferDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(("1", "21", "0"), (file.Header.DataKind, file.Header.TypeCode, file.Header.CodeKind));
        Assert.Equal("1234567890", file.Header.RequesterCode);
        Assert.Equal("ｶ)ﾘﾝﾍﾟｲ".PadRight(40), file.Header.RequesterName);
        Assert.Equal(date.ToString("MMdd", CultureInfo.InvariantCulture), file.Header.TransferDate);
        Assert.Equal(("0001", "001", "2", "1234567"), (file.Header.BankCode, file.Header.BranchCode, file.Header.DepositType, file.Header.AccountNumber));
        Assert.Equal(3, file.Data.Count);
        var ordered = claims.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < 3; i++)
        {
            var data = file.Data[i];
            Assert.Equal("2", data.DataKind);
            Assert.Equal(("0005", "001", "1", "1234567"), (data.BankCode, data.BranchCode, data.DepositType, data.AccountNumber));
            Assert.Equal("ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ", data.BankName.TrimEnd());
            Assert.Equal("ﾔﾏﾀﾞ ﾀﾛｳ".PadRight(30), data.RecipientName);
            Assert.Equal(1_100, data.AmountValue);
            Assert.Equal(batch.Number.ToString("D10", CultureInfo.InvariantCulture), data.CustomerCode1);
            Assert.Equal((i + 1).ToString("D10", CultureInfo.InvariantCulture), data.CustomerCode2);
            Assert.Equal(("0", "7", " "), (data.NewCode, data.TransferKind, data.EdiMark));
        }
        Assert.Equal((3, 3_300L), (file.Trailer.CountValue, file.Trailer.TotalValue));
        Assert.Equal(new string(' ', 119), file.EndDummy);
        Assert.All(ZenginFileReader.Records(bytes), r => Assert.Equal(120, ShiftJis.GetByteCount(r)));

        var journal = await DownloadAsync(finance, batch.Journal!.Url);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), journal[..3]);
        Assert.Equal(ordered, await JournalClaimsAsync(journal));
        foreach (var claimId in claims)
        {
            var state = await app.LoadAsync(claimId);
            Assert.Equal(ClaimStatus.InPayment, state.Status);
            Assert.Equal(batch.BatchId, state.BatchId);
        }
        var joined = (await app.Store.ReadHistoryAsync(claims[0], CancellationToken.None)).Select(e => e.Event).OfType<AddedToBatch>().Single();
        Assert.Equal(Actor.Finance("id-export-finance"), joined.Actor);
        Assert.True(waitingBefore.Version < (await app.LoadAsync(claims[0])).Version);

        // Downloaded again, and listed: the same bytes, the same hash.
        Assert.Equal(bytes, await DownloadAsync(finance, batch.Zengin.Url));
        Assert.Equal(journal, await DownloadAsync(finance, batch.Journal.Url));
        var listed = await finance.GetFromJsonAsync<List<PayoutBatchView>>(new Uri("/api/finance/batches", UriKind.Relative));
        Assert.Equal(batch.Zengin.Sha256, listed!.Single(b => b.BatchId == batch.BatchId).Zengin!.Sha256);
        var one = await finance.GetFromJsonAsync<PayoutBatchView>(new Uri("/api/finance/batches/" + batch.BatchId, UriKind.Relative));
        Assert.Equal(new SettlementProgress(0, 0, 0, 0, 3, 3_300), one!.Settlement);

        // Nothing is left for a second batch of the same incident.
        using var again = await PostBatchAsync(finance, incident);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_claim_cannot_enter_two_batches_even_when_two_finance_users_create_batches_at_the_same_moment()
    {
        using var first = app.Staff("race-finance-1", Roles.Finance);
        using var second = app.Staff("race-finance-2", Roles.Finance);
        for (var round = 0; round < 8; round++)
        {
            var incident = app.NewIncident();
            var claims = await app.ApprovedAsync(incident, 6);

            var responses = await Task.WhenAll(PostBatchAsync(first, incident), PostBatchAsync(second, incident));

            var batched = new List<string>();
            var sizes = new List<int>();
            var zenginTotal = 0;
            foreach (var response in responses)
            {
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.Conflict)
                    {
                        continue;
                    }
                    Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
                    var batch = (await response.Content.ReadFromJsonAsync<PayoutBatchView>())!;
                    var inJournal = await JournalClaimsAsync(await DownloadAsync(first, batch.Journal!.Url));
                    Assert.Equal(batch.Count, inJournal.Count);
                    sizes.Add(batch.Count);
                    zenginTotal += ZenginFileReader.Parse(await DownloadAsync(first, batch.Zengin!.Url)).Trailer.CountValue;
                    foreach (var claimId in inJournal)
                    {
                        Assert.Equal(batch.BatchId, (await app.LoadAsync(claimId)).BatchId);
                    }
                    batched.AddRange(inJournal);
                }
            }
            output.WriteLine($"round {round}: batch sizes {string.Join(" + ", sizes)}");
            Assert.Equal(claims.Order(StringComparer.Ordinal), batched.Order(StringComparer.Ordinal));
            Assert.Equal(6, zenginTotal);
            foreach (var claimId in claims)
            {
                var history = (await app.Store.ReadHistoryAsync(claimId, CancellationToken.None)).Select(e => e.Event);
                Assert.Single(history.OfType<AddedToBatch>());
            }
        }
    }

    [Fact]
    public async Task Csv_formula_injection_is_neutralised_in_the_journal()
    {
        var incident = app.NewIncident();
        const string Evil = "=HYPERLINK(\"https://evil.example/\",\"請求\")";
        var claimId = await app.SubmitAsync(incident, customerId: Evil);
        var plus = await app.SubmitAsync(incident, customerId: "+81-3-1234");
        await app.WaitForAsync(claimId, ClaimStatus.Approved);
        await app.WaitForAsync(plus, ClaimStatus.Approved);
        using var finance = app.Staff("formula-finance", Roles.Finance);

        var batch = await CreateBatchAsync(finance, incident);
        var rows = await ReadCsvAsync(await DownloadAsync(finance, batch.Journal!.Url));

        var customerColumn = rows[0].IndexOf("顧客ID");
        Assert.Contains(rows, r => r[customerColumn] == "'" + Evil);
        Assert.Contains(rows, r => r[customerColumn] == "'+81-3-1234");
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@', cell));
    }

    [Fact]
    public async Task Returned_transfers_go_round_the_loop_to_paid()
    {
        var incident = app.NewIncident();
        var claims = await app.ApprovedAsync(incident, 2);
        var (returning, paying) = (claims[0], claims[1]);
        using var finance = app.Staff("loop-finance", Roles.Finance);
        var first = await CreateBatchAsync(finance, incident);
        var firstFile = await DownloadAsync(finance, first.Zengin!.Url);

        var report = await SettledAsync(finance, first.BatchId, $"請求ID,結果,不能事由\r\n{returning},不能,名義相違\r\n{paying},振込済,\r\n");
        Assert.Equal((2, 1, 1, 0), (report.Lines, report.Paid, report.Returned, report.Unchanged));
        Assert.True(report.Applied);
        var returned = await app.LoadAsync(returning);
        Assert.Equal(ClaimStatus.InformationRequested, returned.Status);
        Assert.Equal(InformationRequestKind.CorrectedBankAccount, returned.OpenRequest!.Kind);
        Assert.Contains("名義相違", returned.OpenRequest.Message.Ja, StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.Paid, (await app.LoadAsync(paying)).Status);
        var midway = await ReconcileAsync(finance, incident);
        Assert.True(midway.Balanced, JsonSerializer.Serialize(midway));
        Assert.Equal((2, 2_200L), (midway.Approved.Count, midway.Approved.Amount));
        Assert.Equal((1, 1_100L), (midway.Paid.Count, midway.Paid.Amount));
        Assert.Equal(1, midway.Returned.Count);
        Assert.Equal(1, midway.ReturnedByReason["名義相違"].Count);

        // The claimant gives a corrected account; its check approves the claim again for a later batch.
        var corrected = new BankAccount("0005", "001", AccountType.Ordinary, "7654321", "ヤマダ タロウ");
        await app.Executor.ExecuteAsync(returning, new ProvideInformation(returned.OpenRequest.RequestId, null, [], corrected)
        { Actor = Actor.Claimant(returned.CustomerId), At = DateTimeOffset.UtcNow }, CancellationToken.None);
        await app.WaitForAsync(returning, ClaimStatus.Approved);

        var second = await CreateBatchAsync(finance, incident);
        Assert.Equal(1, second.Count);
        Assert.True(second.Number > first.Number);
        var data = Assert.Single(ZenginFileReader.Parse(await DownloadAsync(finance, second.Zengin!.Url)).Data);
        Assert.Equal("7654321", data.AccountNumber);
        Assert.Equal(firstFile, await DownloadAsync(finance, first.Zengin.Url));
        var pending = await ReconcileAsync(finance, incident);
        Assert.True(pending.Balanced, JsonSerializer.Serialize(pending));
        Assert.Equal(1, pending.InBatch.Count);

        var paid = await SettledAsync(finance, second.BatchId, $"claim_id,result,reason\n{returning},paid,\n");
        Assert.Equal(1, paid.Paid);
        var state = await app.LoadAsync(returning);
        Assert.Equal(ClaimStatus.Paid, state.Status);
        Assert.Equal(second.BatchId, state.BatchId);
        var done = await ReconcileAsync(finance, incident);
        Assert.True(done.Balanced, JsonSerializer.Serialize(done));
        Assert.Equal((2, 2_200L), (done.Paid.Count, done.Paid.Amount));
        Assert.Equal(done.Paid, done.PaidByBank);
        Assert.Equal(0, done.Returned.Count);
        Assert.Empty(done.Issues);

        // The same file again changes nothing; a stale "paid" for the returned transfer is refused with its line.
        var repeat = await SettledAsync(finance, second.BatchId, $"claim_id,result,reason\n{returning},paid,\n");
        Assert.Equal((0, 0, 1), (repeat.Paid, repeat.Returned, repeat.Unchanged));
        using var stale = await SettleAsync(finance, first.BatchId, $"請求ID,結果,不能事由\r\n{returning},振込済,\r\n");
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("\"line\":2", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await app.Store.ReadHistoryAsync(returning, CancellationToken.None)).Select(e => e.Event).OfType<PaymentConfirmed>());
    }

    [Fact]
    public async Task A_settlement_file_with_any_error_is_refused_whole_with_line_numbers()
    {
        var incident = app.NewIncident();
        var claims = await app.ApprovedAsync(incident, 2);
        using var finance = app.Staff("refused-finance", Roles.Finance);
        var batch = await CreateBatchAsync(finance, incident);

        using var response = await SettleAsync(finance, batch.BatchId,
            $"請求ID,結果,不能事由\r\n{claims[0]},振込済,\r\n{claims[1]},不能,\r\nCL-unknown,振込済,\r\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var lines = problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([3], lines);
        foreach (var claimId in claims)
        {
            Assert.Equal(ClaimStatus.InPayment, (await app.LoadAsync(claimId)).Status);
        }

        using var unknown = await SettleAsync(finance, batch.BatchId, $"請求ID,結果,不能事由\r\n{claims[0]},振込済,\r\nCL-unknown,振込済,\r\n");
        using var unknownProblem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        var error = Assert.Single(unknownProblem.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Contains("not in batch", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var progress = await finance.GetFromJsonAsync<PayoutBatchView>(new Uri("/api/finance/batches/" + batch.BatchId, UriKind.Relative));
        Assert.Equal(2, progress!.Settlement!.Pending);

        using var missing = await SettleAsync(finance, "B999999", "請求ID,結果,不能事由\r\nx,振込済,\r\n");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_account_the_bank_code_list_does_not_know_goes_back_to_the_claimant_before_payment()
    {
        var incident = app.NewIncident();
        var unknownBranch = new BankAccount("0005", "999", AccountType.Ordinary, "1234567", "ヤマダ タロウ");
        var claimId = (await app.ApprovedAsync(incident, 1, unknownBranch))[0];
        var good = (await app.ApprovedAsync(incident, 1))[0];
        using var finance = app.Staff("account-finance", Roles.Finance);

        var batch = await CreateBatchAsync(finance, incident);

        Assert.Equal(1, batch.Count);
        Assert.Equal([good], await JournalClaimsAsync(await DownloadAsync(finance, batch.Journal!.Url)));
        var state = await app.LoadAsync(claimId);
        Assert.Equal(ClaimStatus.InformationRequested, state.Status);
        Assert.Equal(InformationRequestKind.CorrectedBankAccount, state.OpenRequest!.Kind);
        var rejected = (await app.Store.ReadHistoryAsync(claimId, CancellationToken.None)).Select(e => e.Event).OfType<BankAccountRejected>().Single();
        Assert.Equal(Actor.Finance("id-account-finance"), rejected.Actor);
        Assert.Contains("0005-999", rejected.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2020-01-06", "between today")]
    [InlineData("06/01/2030", "YYYY-MM-DD")]
    public async Task A_transfer_date_in_the_past_or_malformed_is_refused(string date, string message)
    {
        using var finance = app.Staff("date-finance", Roles.Finance);
        using var response = await PostBatchAsync(finance, app.NewIncident(), transferDate: date);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transfer_date_on_a_weekend_is_refused()
    {
        var saturday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7));
        while (saturday.DayOfWeek != DayOfWeek.Saturday)
        {
            saturday = saturday.AddDays(1);
        }
        using var finance = app.Staff("weekend-finance", Roles.Finance);
        using var response = await PostBatchAsync(finance, app.NewIncident(), transferDate: saturday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("business days", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_limits_the_batch_and_the_approved_totals_show_what_waits()
    {
        var incident = app.NewIncident();
        await app.ApprovedAsync(incident, 3);
        using var finance = app.Staff("max-finance", Roles.Finance);
        var waiting = await finance.GetFromJsonAsync<List<ApprovedTotals>>(new Uri("/api/finance/approved", UriKind.Relative));
        Assert.Equal(new ApprovedTotals(incident, 3, 3_300), waiting!.Single(t => t.IncidentId == incident));

        var batch = await CreateBatchAsync(finance, incident, max: 2);

        Assert.Equal(2, batch.Count);
        waiting = await finance.GetFromJsonAsync<List<ApprovedTotals>>(new Uri("/api/finance/approved", UriKind.Relative));
        Assert.Equal(new ApprovedTotals(incident, 1, 1_100), waiting!.Single(t => t.IncidentId == incident));
        var reconciliation = await ReconcileAsync(finance, incident);
        Assert.True(reconciliation.Balanced);
        Assert.Equal((3, 2, 1), (reconciliation.Approved.Count, reconciliation.InBatch.Count, reconciliation.NotBatched.Count));
    }

    [Fact]
    public async Task A_batch_whose_builder_stopped_half_way_is_completed_from_the_claims_states()
    {
        var incident = app.NewIncident();
        var claims = await app.ApprovedAsync(incident, 2);
        var store = app.Services.GetRequiredService<PayoutBatchStore>();
        var date = DateOnly.ParseExact(TransferDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var stopped = DateTimeOffset.UtcNow.AddMinutes(-30);
        var number = await store.NextNumberAsync(CancellationToken.None);
        var batchId = PayoutBatches.IdFor(number);
        await store.AddAsync(new PayoutBatch(batchId, number, BatchStatus.Building, date, incident, null, "id-crashed", stopped, stopped, 0, Yen.Zero, null, null, null), CancellationToken.None);
        await store.AddIntentsAsync(batchId, claims, CancellationToken.None);
        // The builder got the first claim into the batch, then died before it recorded that.
        await app.Executor.ExecuteAsync(claims[0], new AddToBatch(batchId) { Actor = Actor.Finance("id-crashed"), At = DateTimeOffset.UtcNow }, CancellationToken.None);
        using var finance = app.Staff("recovery-finance", Roles.Finance);

        var before = await ReconcileAsync(finance, incident);
        Assert.False(before.Balanced);
        Assert.Contains(before.Issues, i => i.ClaimId == claims[0] && i.Problem.Contains(batchId, StringComparison.Ordinal));
        using (var notYet = await finance.GetAsync(new Uri($"/api/finance/batches/{batchId}/zengin", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);
        }

        using var completed = await finance.PostAsync(new Uri($"/api/finance/batches/{batchId}/complete", UriKind.Relative), null);
        var batch = await StaffAppFixture.ReadAsync<PayoutBatchView>(completed);

        Assert.Equal(("Exported", 1, 1_100L), (batch.Status, batch.Count, batch.Total));
        Assert.Equal([claims[0]], await JournalClaimsAsync(await DownloadAsync(finance, batch.Journal!.Url)));
        Assert.Equal(ClaimStatus.Approved, (await app.LoadAsync(claims[1])).Status);
        Assert.True((await ReconcileAsync(finance, incident)).Balanced);
        var again = await finance.PostAsync(new Uri($"/api/finance/batches/{batchId}/complete", UriKind.Relative), null);
        Assert.Equal(batch.Zengin!.Sha256, (await StaffAppFixture.ReadAsync<PayoutBatchView>(again)).Zengin!.Sha256);

        // A batch whose builder is still at work cannot be taken over.
        var busyNumber = await store.NextNumberAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        await store.AddAsync(new PayoutBatch(PayoutBatches.IdFor(busyNumber), busyNumber, BatchStatus.Building, date, incident, null, "id-busy", now, now, 0, Yen.Zero, null, null, null), CancellationToken.None);
        using var busy = await finance.PostAsync(new Uri($"/api/finance/batches/{PayoutBatches.IdFor(busyNumber)}/complete", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/finance/batches")]
    [InlineData("POST", "/api/finance/batches")]
    [InlineData("GET", "/api/finance/batches/B000001/zengin")]
    [InlineData("POST", "/api/finance/batches/B000001/settlement")]
    [InlineData("GET", "/api/finance/reconciliation")]
    public async Task Finance_endpoints_answer_401_without_a_token_and_403_to_reviewers(string method, string path)
    {
        using var anonymous = app.App.CreateClient();
        using var reviewer = app.Staff("finance-access-reviewer", Roles.Reviewer);
        using var both = app.Staff("finance-access-both", Roles.Finance, Roles.SeniorReviewer);
        using var operatorClient = app.Staff("finance-access-operator", Roles.Operator);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(anonymous));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(reviewer));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(both));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(operatorClient));

        async Task<HttpStatusCode> StatusAsync(HttpClient client)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(new { }) };
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
    }
}
