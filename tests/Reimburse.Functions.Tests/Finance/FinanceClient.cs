using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Reimburse.Customers;
using Reimburse.Functions.Finance;

namespace Reimburse.Functions.Tests.Finance;

/// <summary>Finance's API as a test calls it.</summary>
internal static class FinanceClient
{
    public static string TransferDate => PayoutBatches.DefaultTransferDate(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PostBatchAsync(HttpClient client, string? incident, int? max = null, string? transferDate = null) =>
        client.PostAsJsonAsync(new Uri("/api/finance/batches", UriKind.Relative), new { incident, max, transferDate = transferDate ?? TransferDate });

    public static async Task<PayoutBatchView> CreateBatchAsync(HttpClient client, string? incident, int? max = null)
    {
        using var response = await PostBatchAsync(client, incident, max);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PayoutBatchView>())!;
    }

    public static async Task<byte[]> DownloadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync())}");
        }
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static Task<HttpResponseMessage> SettleAsync(HttpClient client, string batchId, string csv) =>
        client.PostAsync(new Uri($"/api/finance/batches/{batchId}/settlement", UriKind.Relative), new StringContent(csv, new UTF8Encoding(false), "text/csv"));

    public static async Task<SettlementReport> SettledAsync(HttpClient client, string batchId, string csv)
    {
        using var response = await SettleAsync(client, batchId, csv);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SettlementReport>())!;
    }

    public static async Task<ReconciliationView> ReconcileAsync(HttpClient client, string incident)
    {
        using var response = await client.GetAsync(new Uri("/api/finance/reconciliation?incident=" + incident, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ReconciliationView>())!;
    }

    /// <summary>The journal's rows (header included) as cells, read by the customer-file CSV reader (RFC 4180, strict UTF-8).</summary>
    public static async Task<List<List<string>>> ReadCsvAsync(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        using var stream = new MemoryStream(bytes);
        using var reader = await CsvRecordReader.OpenAsync(stream, CsvEncoding.Utf8, CancellationToken.None);
        var rows = new List<List<string>>();
        while (await reader.ReadAsync(CancellationToken.None) is { } record)
        {
            rows.Add([.. record.Fields]);
        }
        return rows;
    }

    /// <summary>The claim ids the journal lists (its 請求ID column).</summary>
    public static async Task<List<string>> JournalClaimsAsync(byte[] journal)
    {
        var rows = await ReadCsvAsync(journal);
        var column = rows[0].IndexOf("請求ID");
        return [.. rows.Skip(1).Select(r => r[column])];
    }
}
