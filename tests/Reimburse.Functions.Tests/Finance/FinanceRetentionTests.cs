using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Finance;
using Reimburse.Functions.Security;
using static Reimburse.Functions.Tests.Finance.FinanceClient;

namespace Reimburse.Functions.Tests.Finance;

/// <summary>
/// Finance's retention purge: a finished batch past its incident's retention loses its account numbers, holder names
/// and files (the claims' own purge does not reach them); amounts, claims and results stay, so reconciliation holds.
/// </summary>
public sealed class FinanceRetentionTests(StaffAppFixture app) : IClassFixture<StaffAppFixture>
{
    private const int RetentionDays = 30;

    private FinanceRetention Retention => app.Services.GetRequiredService<FinanceRetention>();

    private PayoutBatchStore BatchStore => app.Services.GetRequiredService<PayoutBatchStore>();

    [Fact]
    public async Task A_settled_batch_past_its_retention_loses_accounts_and_files_and_records_the_purge()
    {
        using var finance = app.Staff("purge-finance", Roles.Finance);
        var (incident, claims, batch, lastSettled) = await SettledBatchAsync(finance, RetentionDays, "振込済,", "不能,名義相違");
        var reconciledBefore = JsonSerializer.Serialize(await ReconcileAsync(finance, incident));
        Assert.Contains(await RowsAsync(batch.BatchId), r => r.GetString("AccountNumber") == "1234567");
        Assert.Single(await BatchStore.ListSettlementFilesAsync(batch.BatchId, CancellationToken.None));

        await Retention.PurgeAsync(lastSettled.AddDays(RetentionDays), CancellationToken.None);

        var view = await GetBatchAsync(finance, batch.BatchId);
        var purge = Assert.IsType<BatchPurge>(view.Purged);
        Assert.Equal((RetentionDays, lastSettled, 2), (purge.RetentionDays, purge.LastSettledAt, purge.Rows));
        Assert.Equal(3, purge.Files.Count);
        Assert.Contains($"{batch.BatchId}/{batch.BatchId}.zengin.txt", purge.Files);
        Assert.Equal((2, 2_200L), (view.Count, view.Total));
        var rows = await RowsAsync(batch.BatchId);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Null(r.GetString("AccountNumber"));
            Assert.Null(r.GetString("HolderKana"));
            Assert.Equal(("0005", "001", 1_100L), (r.GetString("BankCode"), r.GetString("BranchCode"), r.GetInt64("Amount")));
            Assert.DoesNotContain("ﾀﾛｳ", string.Concat(r.Values.OfType<string>()), StringComparison.Ordinal);
            Assert.DoesNotContain("タロウ", string.Concat(r.Values.OfType<string>()), StringComparison.Ordinal);
        });
        var payouts = app.Services.GetRequiredService<FinanceStorage>().Payouts;
        await foreach (var blob in payouts.GetBlobsAsync(prefix: batch.BatchId + "/"))
        {
            Assert.Fail($"{blob.Name} outlived the retention purge.");
        }
        foreach (var url in new[] { batch.Zengin!.Url, batch.Journal!.Url })
        {
            using var gone = await finance.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
            Assert.Contains("purged under the retention policy", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(reconciledBefore, JsonSerializer.Serialize(await ReconcileAsync(finance, incident)));
        using var settleAgain = await SettleAsync(finance, batch.BatchId, $"請求ID,結果,不能事由\r\n{claims[0]},振込済,\r\n");
        Assert.Equal(HttpStatusCode.Conflict, settleAgain.StatusCode);

        // A second run (even much later) finds nothing to do and writes nothing.
        var header = (await BatchStore.GetAsync(batch.BatchId, CancellationToken.None))!.Value.ETag;
        var rowTags = rows.Select(r => r.ETag).ToList();
        Assert.Equal(0, await Retention.PurgeAsync(lastSettled.AddDays(10 * RetentionDays), CancellationToken.None));
        Assert.Equal(header, (await BatchStore.GetAsync(batch.BatchId, CancellationToken.None))!.Value.ETag);
        Assert.Equal(rowTags, (await RowsAsync(batch.BatchId)).Select(r => r.ETag).ToList());
        Assert.Equal(reconciledBefore, JsonSerializer.Serialize(await ReconcileAsync(finance, incident)));
    }

    [Fact]
    public async Task A_batch_not_yet_past_retention_or_not_finished_is_left_untouched()
    {
        var incident = app.NewIncident(p => p with { RetentionDays = RetentionDays });
        var claims = await app.ApprovedAsync(incident, 3);
        using var finance = app.Staff("keep-finance", Roles.Finance);
        var settled = await CreateBatchAsync(finance, incident, max: 1);
        var open = await CreateBatchAsync(finance, incident);
        var settledClaim = Assert.Single(await JournalClaimsAsync(await DownloadAsync(finance, settled.Journal!.Url)));
        await SettledAsync(finance, settled.BatchId, $"請求ID,結果,不能事由\r\n{settledClaim},振込済,\r\n");
        // One of the open batch's two lines has its result; the other is still waiting for the bank.
        var openClaim = claims.First(c => c != settledClaim);
        await SettledAsync(finance, open.BatchId, $"請求ID,結果,不能事由\r\n{openClaim},振込済,\r\n");
        var lastSettled = (await BatchStore.GetResultsAsync(settled.BatchId, CancellationToken.None)).Values.Max(r => r.RecordedAt);

        // A minute before the retention is over: nothing happens.
        await Retention.PurgeAsync(lastSettled.AddDays(RetentionDays).AddMinutes(-1), CancellationToken.None);
        await AssertUntouchedAsync(finance, settled);

        // Years later, the batch still waiting for a result keeps everything (the bank may yet answer).
        await Retention.PurgeAsync(lastSettled.AddDays(100 * RetentionDays), CancellationToken.None);
        await AssertUntouchedAsync(finance, open);
        Assert.NotNull((await GetBatchAsync(finance, settled.BatchId)).Purged);
    }

    [Fact]
    public async Task A_purge_interrupted_half_way_is_completed_by_the_next_run()
    {
        using var finance = app.Staff("resume-finance", Roles.Finance);
        var (incident, _, batch, lastSettled) = await SettledBatchAsync(finance, RetentionDays, "振込済,");
        var reconciledBefore = JsonSerializer.Serialize(await ReconcileAsync(finance, incident));
        var now = lastSettled.AddDays(RetentionDays + 1);

        // The first run stopped after marking the batch and deleting the Zengin file.
        var (stored, etag) = (await BatchStore.GetAsync(batch.BatchId, CancellationToken.None))!.Value;
        Assert.True((await BatchStore.UpdateAsync(stored with { PurgeStartedAt = now }, etag, CancellationToken.None)).Updated);
        Assert.True(await BatchStore.DeleteFileAsync(stored.Zengin!.BlobName, CancellationToken.None));
        using (var gone = await finance.GetAsync(new Uri(batch.Journal!.Url, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        }

        await Retention.PurgeAsync(now, CancellationToken.None);

        var purge = Assert.IsType<BatchPurge>((await GetBatchAsync(finance, batch.BatchId)).Purged);
        Assert.Equal(1, purge.Rows);
        Assert.Equal(2, purge.Files.Count);
        Assert.DoesNotContain(stored.Zengin.BlobName, purge.Files);
        Assert.All(await RowsAsync(batch.BatchId), r => Assert.Null(r.GetString("AccountNumber")));
        Assert.False((await app.Services.GetRequiredService<FinanceStorage>().Payouts.GetBlobClient(stored.Journal!.BlobName).ExistsAsync()).Value);
        Assert.Equal(reconciledBefore, JsonSerializer.Serialize(await ReconcileAsync(finance, incident)));
    }

    [Fact]
    public async Task The_retention_job_runs_the_finance_purge()
    {
        using var finance = app.Staff("job-finance", Roles.Finance);
        var (_, _, batch, _) = await SettledBatchAsync(finance, 1, "振込済,");
        var timers = app.Services.GetRequiredService<ClaimTimerCheck>();

        await timers.CheckRetentionAsync(CancellationToken.None);
        Assert.Null((await GetBatchAsync(finance, batch.BatchId)).Purged);

        // The bank's result recorded two days ago (the app's clock is the real one): the retention of 1 day is over.
        var results = await BatchStore.GetResultsAsync(batch.BatchId, CancellationToken.None);
        await BatchStore.SaveResultsAsync(batch.BatchId, [.. results.Values.Select(r => r with { RecordedAt = r.RecordedAt.AddDays(-2) })], CancellationToken.None);
        Assert.True(await timers.CheckRetentionAsync(CancellationToken.None) >= 1);
        Assert.NotNull((await GetBatchAsync(finance, batch.BatchId)).Purged);
    }

    // A batch of one claim per outcome ("振込済," or "不能,名義相違"), the bank's results recorded; and when the last was.
    private async Task<(string Incident, IReadOnlyList<string> Claims, PayoutBatchView Batch, DateTimeOffset LastSettled)> SettledBatchAsync(
        HttpClient finance, int retentionDays, params string[] outcomes)
    {
        var incident = app.NewIncident(p => p with { RetentionDays = retentionDays });
        var claims = await app.ApprovedAsync(incident, outcomes.Length);
        var batch = await CreateBatchAsync(finance, incident);
        await SettledAsync(finance, batch.BatchId, "請求ID,結果,不能事由\r\n" + string.Concat(claims.Select((c, i) => $"{c},{outcomes[i]}\r\n")));
        var lastSettled = (await BatchStore.GetResultsAsync(batch.BatchId, CancellationToken.None)).Values.Max(r => r.RecordedAt);
        return (incident, claims, batch, lastSettled);
    }

    private async Task AssertUntouchedAsync(HttpClient finance, PayoutBatchView batch)
    {
        Assert.Null((await GetBatchAsync(finance, batch.BatchId)).Purged);
        Assert.All(await RowsAsync(batch.BatchId), r => Assert.Equal("1234567", r.GetString("AccountNumber")));
        Assert.NotEmpty(await DownloadAsync(finance, batch.Zengin!.Url));
        Assert.NotEmpty(await DownloadAsync(finance, batch.Journal!.Url));
        Assert.NotEmpty(await BatchStore.ListSettlementFilesAsync(batch.BatchId, CancellationToken.None));
    }

    private static async Task<PayoutBatchView> GetBatchAsync(HttpClient finance, string batchId)
    {
        using var response = await finance.GetAsync(new Uri("/api/finance/batches/" + batchId, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PayoutBatchView>())!;
    }

    private async Task<List<TableEntity>> RowsAsync(string batchId)
    {
        var rows = new List<TableEntity>();
        var table = app.Services.GetRequiredService<FinanceStorage>().Batches;
        await foreach (var row in table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"items-" + batchId}")))
        {
            rows.Add(row);
        }
        return rows;
    }
}
