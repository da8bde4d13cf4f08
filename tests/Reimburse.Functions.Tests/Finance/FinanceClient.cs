using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
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

    /// <summary>The journal's rows (header included) as cells, read the way a spreadsheet reads CSV.</summary>
    public static List<List<string>> ReadCsv(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length));
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }
        Assert.Empty(row);
        Assert.Equal(0, cell.Length);
        return rows;
    }

    /// <summary>The claim ids the journal lists (its 請求ID column).</summary>
    public static List<string> JournalClaims(byte[] journal)
    {
        var rows = ReadCsv(journal);
        var column = rows[0].IndexOf("請求ID");
        return [.. rows.Skip(1).Select(r => r[column])];
    }
}
