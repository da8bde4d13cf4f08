using System.Text;
using Reimburse.Money;
using Reimburse.Payouts;

namespace Reimburse.Core.Tests.Payouts;

public sealed class SettlementCsvTests
{
    [Fact]
    public void Paid_and_returned_lines_are_read_with_reasons_and_line_numbers()
    {
        var result = SettlementCsv.Parse(
            "請求ID,結果,不能事由,備考\r\n" +
            "C-000001,振込済,,\r\n" +
            "C-000002,不能,口座なし,\r\n" +
            "C-000003,returned,name_mismatch,\"ﾔﾏﾀﾞ ﾀﾛｳ, not ﾔﾏﾀﾞ ﾀﾛ\"\r\n" +
            "C-000004,組戻し,その他,支店統廃合\r\n");

        Assert.True(result.IsValid);
        Assert.Equal(
            [
                new SettlementLine(2, "C-000001", SettlementOutcome.Paid, null, null),
                new SettlementLine(3, "C-000002", SettlementOutcome.Returned, ReturnReason.NoAccount, null),
                new SettlementLine(4, "C-000003", SettlementOutcome.Returned, ReturnReason.NameMismatch, "ﾔﾏﾀﾞ ﾀﾛｳ, not ﾔﾏﾀﾞ ﾀﾛ"),
                new SettlementLine(5, "C-000004", SettlementOutcome.Returned, ReturnReason.Other, "支店統廃合"),
            ],
            result.Lines);
    }

    [Theory]
    [InlineData("口座なし", ReturnReason.NoAccount)]
    [InlineData("名義相違", ReturnReason.NameMismatch)]
    [InlineData("口座解約", ReturnReason.AccountClosed)]
    [InlineData("科目相違", ReturnReason.DepositTypeMismatch)]
    [InlineData("受取拒否", ReturnReason.Refused)]
    [InlineData("取扱不能", ReturnReason.Unprocessable)]
    [InlineData("account_closed", ReturnReason.AccountClosed)]
    [InlineData(" NO_ACCOUNT ", ReturnReason.NoAccount)]
    public void Reasons_are_accepted_as_Japanese_labels_or_codes(string reason, ReturnReason expected)
    {
        var result = SettlementCsv.Parse("claim_id,result,reason\nC-1,returned," + reason + "\n");

        Assert.Equal(expected, Assert.Single(result.Lines).Reason);
    }

    [Fact]
    public void Every_reason_label_reads_back_as_its_reason()
    {
        foreach (var reason in Enum.GetValues<ReturnReason>())
        {
            var result = SettlementCsv.Parse("claim_id,result,reason\nC-1,returned," + SettlementCsv.Label(reason) + "\n");

            Assert.Equal(reason, Assert.Single(result.Lines).Reason);
        }
    }

    [Fact]
    public void A_malformed_file_gives_every_error_with_its_line_number_and_no_lines()
    {
        var result = SettlementCsv.Parse(
            "請求ID,結果,不能事由\n" +
            "C-1,振込済,\n" +
            "C-2,不能,\n" +
            "C-3,maybe,\n" +
            "C-4,振込済,口座なし\n" +
            ",振込済,\n" +
            "C-5,不能,宇宙人\n" +
            "C-6,振込済\n" +
            "C-1,振込済,\n");

        Assert.False(result.IsValid);
        Assert.Empty(result.Lines);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], result.Errors.Select(e => e.LineNumber));
        Assert.Contains("needs a reason", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'maybe'", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("a paid transfer has no reason", result.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("claim id is empty", result.Errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("'宇宙人'", result.Errors[4].Message, StringComparison.Ordinal);
        Assert.Contains("2 cells, the header has 3", result.Errors[5].Message, StringComparison.Ordinal);
        Assert.Contains("already on line 2", result.Errors[6].Message, StringComparison.Ordinal);
        Assert.StartsWith("Line 3: ", result.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_at_the_line_where_it_opens()
    {
        var result = SettlementCsv.Parse("claim_id,result,reason\nC-1,paid,\nC-2,returned,\"口座なし\nC-3,paid,\n");

        Assert.Empty(result.Lines);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.LineNumber);
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_cell_spanning_lines_keeps_later_line_numbers_right()
    {
        var result = SettlementCsv.Parse("claim_id,result,reason,note\nC-1,returned,other,\"two\nlines\"\nC-2,paid,,\n");

        Assert.Equal([2, 4], result.Lines.Select(l => l.LineNumber));
        Assert.Equal("two\nlines", result.Lines[0].Note);
    }

    [Fact]
    public void A_card_number_in_the_note_is_masked_before_the_note_is_kept()
    {
        var result = SettlementCsv.Parse("claim_id,result,reason,note\nC-1,returned,other,カード 4111-1111-1111-1111 宛て\n");

        Assert.Empty(result.Errors);
        Assert.Equal("カード ****-****-****-1111 宛て", Assert.Single(result.Lines).Note);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    public void An_empty_file_is_an_error(string text)
    {
        var result = SettlementCsv.Parse(text);

        Assert.Contains("empty", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_results_is_an_error()
    {
        Assert.Contains("no results", Assert.Single(SettlementCsv.Parse("claim_id,result,reason\r\n").Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_missing_a_required_column_is_an_error_on_line_1()
    {
        var error = Assert.Single(SettlementCsv.Parse("claim_id,result\nC-1,paid\n").Errors);

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("不能事由", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_lines_are_ignored_and_line_numbers_still_count_them()
    {
        var result = SettlementCsv.Parse("claim_id,result,reason\n\nC-1,paid,\n\n");

        Assert.Equal(3, Assert.Single(result.Lines).LineNumber);
    }

    [Fact]
    public void Utf8_with_a_BOM_and_Shift_JIS_files_both_decode()
    {
        const string text = "請求ID,結果,不能事由\r\nC-1,不能,名義相違\r\n";
        var utf8 = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var sjis = ZenginTransferFile.ShiftJis.GetBytes(text);

        Assert.Equal(ReturnReason.NameMismatch, Assert.Single(SettlementCsv.Parse(utf8).Lines).Reason);
        Assert.Equal(ReturnReason.NameMismatch, Assert.Single(SettlementCsv.Parse(sjis).Lines).Reason);
    }

    [Fact]
    public void Bytes_that_are_neither_UTF8_nor_Shift_JIS_are_rejected()
    {
        var result = SettlementCsv.Parse(new byte[] { 0x81, 0x20, 0xFF, 0xFF });

        Assert.Contains("neither UTF-8 nor Shift_JIS", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_a_file_to_its_batch_rejects_claims_that_are_not_in_it()
    {
        var items = new[] { PayoutExportTests.Item(1), PayoutExportTests.Item(2, 550) };
        var manifest = PayoutManifest.Create("B-1", 1, new DateOnly(2026, 3, 2), items);

        var ok = Settlement.Match(manifest, items, SettlementCsv.Parse("claim_id,result,reason\nC-000002,returned,no_account\n"));
        var bad = Settlement.Match(manifest, items, SettlementCsv.Parse("claim_id,result,reason\nC-000001,paid,\nC-999999,paid,\n"));

        Assert.Equal([new SettlementResult("B-1", 2, "C-000002", new Yen(550), SettlementOutcome.Returned, ReturnReason.NoAccount, null)], ok.Results);
        Assert.Empty(bad.Results);
        var error = Assert.Single(bad.Errors);
        Assert.Equal(3, error.LineNumber);
        Assert.Contains("C-999999 is not in batch B-1", error.Message, StringComparison.Ordinal);
    }
}
