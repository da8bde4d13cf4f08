using System.Text;
using Reimburse.Banking;
using Reimburse.Money;
using Reimburse.Payouts;
using Reimburse.Testing.Zengin;

namespace Reimburse.Core.Tests.Payouts;

public sealed class ZenginTransferFileTests
{
    internal static readonly ZenginRequester Requester = new(
        RequesterCode: "1234567",
        NameKana: "ｶ)ﾘﾝﾍﾟｲ ﾍﾝｷﾝｸﾞﾁ",
        BankCode: "0001",
        BankNameKana: "ﾐｽﾞﾎ",
        BranchCode: "001",
        BranchNameKana: "ﾄｳｷﾖｳ",
        DepositType: AccountType.Current,
        AccountNumber: "98765");

    internal static readonly DateOnly TransferDate = new(2026, 3, 2);

    internal static ZenginTransfer Transfer(int n, long amount = 1_100) => new(
        BankCode: "0005",
        BankNameKana: "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ",
        BranchCode: "123",
        BranchNameKana: "ｼﾝｼﾞﾕｸ",
        DepositType: AccountType.Ordinary,
        AccountNumber: "1234567",
        RecipientKana: "ﾔﾏﾀﾞ ﾀﾛｳ",
        Amount: new Yen(amount),
        CustomerCode1: 42,
        CustomerCode2: n);

    private static byte[] Write(params ZenginTransfer[] transfers)
    {
        using var stream = new MemoryStream();
        ZenginTransferFile.Write(stream, Requester, TransferDate, transfers);
        return stream.ToArray();
    }

    [Fact]
    public void The_header_record_parses_back_field_by_field()
    {
        var file = ZenginFileReader.Parse(Write(Transfer(1)));

        var h = file.Header;
        Assert.Equal("1", h.DataKind);
        Assert.Equal("21", h.TypeCode);
        Assert.Equal("0", h.CodeKind);
        Assert.Equal("0001234567", h.RequesterCode);
        Assert.Equal("ｶ)ﾘﾝﾍﾟｲ ﾍﾝｷﾝｸﾞﾁ".PadRight(40), h.RequesterName);
        Assert.Equal("0302", h.TransferDate);
        Assert.Equal("0001", h.BankCode);
        Assert.Equal("ﾐｽﾞﾎ           ", h.BankName);
        Assert.Equal("001", h.BranchCode);
        Assert.Equal("ﾄｳｷﾖｳ          ", h.BranchName);
        Assert.Equal("2", h.DepositType);
        Assert.Equal("0098765", h.AccountNumber);
        Assert.Equal(new string(' ', 17), h.Dummy);
    }

    [Fact]
    public void A_data_record_parses_back_field_by_field()
    {
        var file = ZenginFileReader.Parse(Write(Transfer(7, amount: 12_345)));

        var d = Assert.Single(file.Data);
        Assert.Equal("2", d.DataKind);
        Assert.Equal("0005", d.BankCode);
        Assert.Equal("ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ".PadRight(15), d.BankName);
        Assert.Equal("123", d.BranchCode);
        Assert.Equal("ｼﾝｼﾞﾕｸ".PadRight(15), d.BranchName);
        Assert.Equal("    ", d.ClearingHouse);
        Assert.Equal("1", d.DepositType);
        Assert.Equal("1234567", d.AccountNumber);
        Assert.Equal("ﾔﾏﾀﾞ ﾀﾛｳ".PadRight(30), d.RecipientName);
        Assert.Equal("0000012345", d.Amount);
        Assert.Equal("0", d.NewCode);
        Assert.Equal("0000000042", d.CustomerCode1);
        Assert.Equal("0000000007", d.CustomerCode2);
        Assert.Equal("7", d.TransferKind);
        Assert.Equal(" ", d.EdiMark);
        Assert.Equal("       ", d.Dummy);
    }

    [Fact]
    public void The_trailer_holds_the_count_and_total_of_the_data_records()
    {
        var bytes = Write(Transfer(1, 1_100), Transfer(2, 550), Transfer(3, 9_999_999_999));

        var file = ZenginFileReader.Parse(bytes);

        Assert.Equal("8", file.Trailer.DataKind);
        Assert.Equal("000003", file.Trailer.Count);
        Assert.Equal("010000001649", file.Trailer.Total);
        Assert.Equal(file.Data.Count, file.Trailer.CountValue);
        Assert.Equal(file.Data.Sum(d => d.AmountValue), file.Trailer.TotalValue);
        Assert.Equal(new string(' ', 101), file.Trailer.Dummy);
        Assert.Equal(new string(' ', 119), file.EndDummy);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(254)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(1_000)]
    public async Task Every_record_is_120_Shift_JIS_bytes_and_CR_LF_whatever_the_count(int count)
    {
        // Counts around the writer's 256-line buffer: the trailer and end must never fall off a chunk.
        using var stream = new MemoryStream();
        var summary = await ZenginTransferFile.WriteAsync(stream, Requester, TransferDate, Transfers(count), CancellationToken.None);
        var bytes = stream.ToArray();

        Assert.Equal((count + 3) * 122, bytes.Length);
        Assert.Equal(bytes.Length, summary.Bytes);
        var records = ZenginFileReader.Records(bytes);
        Assert.Equal(count + 3, records.Count);
        Assert.All(records, r => Assert.Equal(120, ZenginTransferFile.ShiftJis.GetByteCount(r)));
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal((byte)'\r', bytes[^2]);
        var file = ZenginFileReader.Parse(bytes);
        Assert.Equal(count, file.Trailer.CountValue);
        Assert.Equal(count * 1_100L, file.Trailer.TotalValue);
        Assert.Equal(Enumerable.Range(1, count).Select(n => n.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)), file.Data.Select(d => d.CustomerCode2));
        Assert.Equal(new ZenginFileSummary(count, new Yen(count * 1_100L), bytes.Length), summary);
    }

    [Fact]
    public void Half_width_kana_are_written_as_single_Shift_JIS_bytes()
    {
        var bytes = Write(Transfer(1));

        // ﾔ is 0xD4 and ﾞ is 0xDE in JIS X 0201; the recipient name starts at byte 51 of the data record.
        var recipient = bytes.AsSpan(122 + 50, 30).ToArray();
        Assert.Equal(new byte[] { 0xD4, 0xCF, 0xC0, 0xDE, 0x20, 0xC0, 0xDB, 0xB3 }, recipient[..8]);
        Assert.All(recipient[8..], b => Assert.Equal((byte)' ', b));
    }

    [Fact]
    public async Task The_same_transfers_give_the_same_bytes_synchronously_and_asynchronously()
    {
        var transfers = Enumerable.Range(1, 300).Select(n => Transfer(n, 1_000 + n)).ToArray();

        var first = Write(transfers);
        var second = Write(transfers);
        using var stream = new MemoryStream();
        await ZenginTransferFile.WriteAsync(stream, Requester, TransferDate, ToAsync(transfers), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(first, stream.ToArray());
    }

    [Theory]
    [InlineData("あ", 1)]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｰ", 8)]
    [InlineData("yamada", 1)]
    [InlineData("ｷｬｯｼｭ", 2)]
    [InlineData("ﾔﾏﾀﾞ,ﾀﾛｳ", 5)]
    [InlineData("山田", 1)]
    public void A_character_outside_the_Zengin_set_is_rejected_naming_record_field_and_position(string recipient, int position)
    {
        var transfers = new[] { Transfer(1), Transfer(2) with { RecipientKana = recipient } };

        var error = Assert.Throws<ZenginFormatException>(() => Write(transfers));

        Assert.Equal("data record 2 (file line 3)", error.Record);
        Assert.Equal("受取人名 (recipient name)", error.Field);
        Assert.Contains("at position " + position, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("data record 2 (file line 3), field 受取人名 (recipient name): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_requester_name_is_rejected_in_the_header()
    {
        var error = Assert.Throws<ZenginFormatException>(() =>
            ZenginTransferFile.Write(Stream.Null, Requester with { NameKana = "株式会社" }, TransferDate, []));

        Assert.Equal("header record (file line 1)", error.Record);
        Assert.Equal("依頼人名 (requester name)", error.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_000_000_000)]
    public void An_amount_outside_1_to_9_999_999_999_yen_is_rejected(long amount)
    {
        var error = Assert.Throws<ZenginFormatException>(() => Write(Transfer(1, amount)));

        Assert.Equal("振込金額 (amount)", error.Field);
    }

    [Fact]
    public void A_file_total_beyond_twelve_digits_is_rejected()
    {
        var transfers = Enumerable.Range(1, 101).Select(n => Transfer(n, 9_999_999_999));

        var error = Assert.Throws<ZenginFormatException>(() => ZenginTransferFile.Write(Stream.Null, Requester, TransferDate, transfers));

        Assert.Equal("data record 101 (file line 102)", error.Record);
        Assert.Contains("split the batch", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bank", "001", "被仕向銀行番号 (bank code)")]
    [InlineData("bank", "00001", "被仕向銀行番号 (bank code)")]
    [InlineData("bank", "OOO1", "被仕向銀行番号 (bank code)")]
    [InlineData("bank", "", "被仕向銀行番号 (bank code)")]
    [InlineData("branch", "12", "被仕向支店番号 (branch code)")]
    [InlineData("account", "12345678", "口座番号 (account number)")]
    [InlineData("account", "１２３", "口座番号 (account number)")]
    [InlineData("account", "12-34", "口座番号 (account number)")]
    public void Codes_and_account_numbers_must_be_half_width_digits_of_the_right_length(string which, string value, string field)
    {
        var transfer = which switch
        {
            "bank" => Transfer(1) with { BankCode = value },
            "branch" => Transfer(1) with { BranchCode = value },
            _ => Transfer(1) with { AccountNumber = value },
        };

        var error = Assert.Throws<ZenginFormatException>(() => Write(transfer));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_short_account_number_is_zero_padded()
    {
        var file = ZenginFileReader.Parse(Write(Transfer(1) with { AccountNumber = "123" }));

        Assert.Equal("0000123", file.Data[0].AccountNumber);
    }

    [Fact]
    public void A_recipient_name_of_30_characters_fits_and_31_is_rejected_not_cut()
    {
        var thirty = new string('ｱ', 30);
        var file = ZenginFileReader.Parse(Write(Transfer(1) with { RecipientKana = thirty }));
        Assert.Equal(thirty, file.Data[0].RecipientName);

        var error = Assert.Throws<ZenginFormatException>(() => Write(Transfer(1) with { RecipientKana = thirty + "ｲ" }));
        Assert.Equal("受取人名 (recipient name)", error.Field);
        Assert.Contains("31 characters do not fit in 30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bank_and_branch_names_longer_than_15_are_cut_because_the_codes_identify_the_account()
    {
        var file = ZenginFileReader.Parse(Write(Transfer(1) with { BankNameKana = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁ", BranchNameKana = "" }));

        Assert.Equal("ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿ", file.Data[0].BankName);
        Assert.Equal(new string(' ', 15), file.Data[0].BranchName);
    }

    [Fact]
    public void A_savings_account_is_accepted_for_the_recipient_but_not_for_the_requester()
    {
        var file = ZenginFileReader.Parse(Write(Transfer(1) with { DepositType = AccountType.Savings }));
        Assert.Equal("4", file.Data[0].DepositType);

        var error = Assert.Throws<ZenginFormatException>(() =>
            ZenginTransferFile.Write(Stream.Null, Requester with { DepositType = AccountType.Savings }, TransferDate, []));
        Assert.Equal("預金種目 (deposit type)", error.Field);
    }

    [Fact]
    public void A_requester_code_longer_than_ten_digits_is_rejected()
    {
        var error = Assert.Throws<ZenginFormatException>(() =>
            ZenginTransferFile.Write(Stream.Null, Requester with { RequesterCode = "12345678901" }, TransferDate, []));

        Assert.Equal("依頼人コード (requester code)", error.Field);
    }

    [Fact]
    public void Customer_codes_beyond_ten_digits_are_rejected()
    {
        var error = Assert.Throws<ZenginFormatException>(() => Write(Transfer(1) with { CustomerCode1 = 10_000_000_000 }));

        Assert.Equal("顧客コード1 (customer code 1)", error.Field);
    }

    [Fact]
    public void The_file_is_plain_Shift_JIS_with_no_end_of_file_byte()
    {
        var bytes = Write(Transfer(1));

        Assert.DoesNotContain((byte)0x1A, bytes);
        var text = ZenginTransferFile.ShiftJis.GetString(bytes);
        Assert.Equal(4, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith("9" + new string(' ', 119) + "\r\n", text, StringComparison.Ordinal);
        Assert.Equal("1210", Encoding.ASCII.GetString(bytes, 0, 4));
    }

    private static async IAsyncEnumerable<ZenginTransfer> Transfers(int count)
    {
        for (var n = 1; n <= count; n++)
        {
            await Task.Yield();
            yield return Transfer(n);
        }
    }

    private static async IAsyncEnumerable<ZenginTransfer> ToAsync(IEnumerable<ZenginTransfer> transfers)
    {
        foreach (var transfer in transfers)
        {
            await Task.Yield();
            yield return transfer;
        }
    }
}
