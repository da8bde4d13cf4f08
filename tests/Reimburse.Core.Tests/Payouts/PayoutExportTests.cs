using System.Text;
using Reimburse.Banking;
using Reimburse.Money;
using Reimburse.Payouts;
using Reimburse.Testing.Zengin;

namespace Reimburse.Core.Tests.Payouts;

public sealed class PayoutExportTests
{
    internal static readonly InMemoryBankDirectory Banks = new(
        [
            new BankEntry("0001", "みずほ", "ミズホ", "ﾐｽﾞﾎ"),
            new BankEntry("0005", "三菱ＵＦＪ", "ミツビシユーエフジエイ", "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ"),
        ],
        [
            new BranchEntry("0001", "001", "東京営業部", "トウキヨウ", "ﾄｳｷﾖｳ"),
            new BranchEntry("0005", "123", "新宿", "シンジユク", "ｼﾝｼﾞﾕｸ"),
        ]);

    internal static PayoutItem Item(int line, long amount = 1_100, string holder = "ヤマダ タロウ") => new(
        line,
        "C-" + line.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
        "kagoya-2016",
        "CUST" + line,
        new BankAccount(line % 2 == 0 ? "0005" : "0001", line % 2 == 0 ? "123" : "001", AccountType.Ordinary, "123456" + (line % 10), holder),
        new Yen(amount));

    internal static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static async Task<byte[]> ZenginAsync(PayoutManifest manifest, IEnumerable<PayoutItem> items)
    {
        using var output = new MemoryStream();
        await PayoutExport.WriteZenginAsync(output, manifest, ZenginTransferFileTests.Requester, Stream(items), Banks, CancellationToken.None);
        return output.ToArray();
    }

    private static async Task<(string Text, byte[] Bytes, PayoutJournalSummary Summary)> JournalAsync(PayoutManifest manifest, IEnumerable<PayoutItem> items)
    {
        using var output = new MemoryStream();
        var summary = await PayoutExport.WriteJournalAsync(output, manifest, Stream(items), Banks, CancellationToken.None);
        var bytes = output.ToArray();
        return (new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3), bytes, summary);
    }

    [Fact]
    public async Task The_Zengin_file_carries_batch_number_and_line_as_customer_codes_and_names_from_the_bank_list()
    {
        var items = new[] { Item(1), Item(2, 550) };
        var manifest = PayoutManifest.Create("B-2026-0001", 20260302, new DateOnly(2026, 3, 2), items);

        var file = ZenginFileReader.Parse(await ZenginAsync(manifest, items));

        Assert.Equal(2, file.Data.Count);
        Assert.Equal("0020260302", file.Data[0].CustomerCode1);
        Assert.Equal("0000000001", file.Data[0].CustomerCode2);
        Assert.Equal("0000000002", file.Data[1].CustomerCode2);
        Assert.Equal("ﾐｽﾞﾎ", file.Data[0].BankName.TrimEnd());
        Assert.Equal("ﾄｳｷﾖｳ", file.Data[0].BranchName.TrimEnd());
        Assert.Equal("ｼﾝｼﾞﾕｸ", file.Data[1].BranchName.TrimEnd());
        Assert.Equal("0302", file.Header.TransferDate);
        Assert.Equal(1_650, file.Trailer.TotalValue);
    }

    [Fact]
    public async Task A_stream_that_does_not_add_up_to_the_manifest_is_rejected()
    {
        var items = new[] { Item(1), Item(2) };
        var manifest = PayoutManifest.Create("B-1", 1, new DateOnly(2026, 3, 2), items);
        using var output = new MemoryStream();

        var error = await Assert.ThrowsAsync<PayoutExportException>(() =>
            PayoutExport.WriteZenginAsync(output, manifest, ZenginTransferFileTests.Requester, Stream(items.Take(1)), Banks, CancellationToken.None));

        Assert.Contains("add up to 1 transfers / ¥1,100, but the manifest says 2 / ¥2,200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_out_of_order_are_rejected_naming_the_line()
    {
        var items = new[] { Item(1), Item(2) };
        var manifest = PayoutManifest.Create("B-1", 1, new DateOnly(2026, 3, 2), items);

        var error = await Assert.ThrowsAsync<PayoutExportException>(() => ZenginAsync(manifest, [Item(2), Item(1)]));

        Assert.Contains("line 1 was expected, line 2 came", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_whose_bank_is_not_in_the_list_is_rejected_naming_the_claim()
    {
        var bad = Item(1) with { Account = new BankAccount("9998", "001", AccountType.Ordinary, "1234561", "ヤマダ タロウ") };
        var manifest = PayoutManifest.Create("B-1", 1, new DateOnly(2026, 3, 2), [bad]);

        var error = await Assert.ThrowsAsync<PayoutExportException>(() => ZenginAsync(manifest, [bad]));

        Assert.Contains("claim C-000001", error.Message, StringComparison.Ordinal);
        Assert.Contains("bank 9998 is not in the bank code list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_branch_is_rejected_too()
    {
        var bad = Item(1) with { Account = new BankAccount("0001", "999", AccountType.Ordinary, "1234561", "ヤマダ タロウ") };
        var manifest = PayoutManifest.Create("B-1", 1, new DateOnly(2026, 3, 2), [bad]);

        var error = await Assert.ThrowsAsync<PayoutExportException>(() => ZenginAsync(manifest, [bad]));

        Assert.Contains("branch 0001-999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_refuses_a_claim_twice_or_an_amount_of_zero()
    {
        var twice = Assert.Throws<ArgumentException>(() => PayoutManifest.Create("B-1", 1, new DateOnly(2026, 3, 2), [Item(1), Item(2) with { ClaimId = "C-000001" }]));
        Assert.Contains("claim C-000001 is already in this batch", twice.Message, StringComparison.Ordinal);

        var zero = Assert.Throws<ArgumentException>(() => PayoutManifest.Create("B-1", 1, new DateOnly(2026, 3, 2), [Item(1, 0)]));
        Assert.Contains("not above ¥0", zero.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_journal_is_UTF8_with_a_BOM_CR_LF_lines_and_one_row_per_transfer()
    {
        var items = new[] { Item(1), Item(2, 550) };
        var manifest = PayoutManifest.Create("B-2026-0001", 7, new DateOnly(2026, 3, 2), items);

        var (text, bytes, summary) = await JournalAsync(manifest, items);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal(new PayoutJournalSummary(2, new Yen(1_650), bytes.Length), summary);
        var lines = text.Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[3]);
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.Equal(string.Join(',', PayoutJournal.Columns), lines[0]);
        Assert.Equal("B-2026-0001,1,C-000001,kagoya-2016,CUST1,0001,みずほ,001,東京営業部,普通,1234561,ﾔﾏﾀﾞ ﾀﾛｳ,1100,2026-03-02,7,1", lines[1]);
        Assert.Equal("B-2026-0001,2,C-000002,kagoya-2016,CUST2,0005,三菱ＵＦＪ,123,新宿,普通,1234562,ﾔﾏﾀﾞ ﾀﾛｳ,550,2026-03-02,7,2", lines[2]);
    }

    [Fact]
    public async Task Formula_like_ids_in_the_journal_are_neutralised()
    {
        var hostile = Item(1) with { ClaimId = "=HYPERLINK(\"http://x\")", CustomerId = "+1", IncidentId = "@SUM(A1)" };
        var manifest = PayoutManifest.Create("-1+1", 1, new DateOnly(2026, 3, 2), [hostile]);

        var (text, _, _) = await JournalAsync(manifest, [hostile]);

        var row = text.Split("\r\n")[1];
        Assert.StartsWith("'-1+1,1,\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),'+1,", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_items_give_the_same_journal_and_Zengin_bytes()
    {
        var items = Enumerable.Range(1, 50).Select(n => Item(n, 1_000 + n)).ToArray();
        var manifest = PayoutManifest.Create("B-1", 1, new DateOnly(2026, 3, 2), items);

        Assert.Equal(await ZenginAsync(manifest, items), await ZenginAsync(manifest, items));
        Assert.Equal((await JournalAsync(manifest, items)).Bytes, (await JournalAsync(manifest, items)).Bytes);
    }
}
