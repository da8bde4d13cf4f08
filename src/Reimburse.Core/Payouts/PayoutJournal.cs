using System.Globalization;
using System.Text;
using Reimburse.Banking;
using Reimburse.Money;

namespace Reimburse.Payouts;

/// <summary>What a written journal holds.</summary>
public sealed record PayoutJournalSummary(int Count, Yen Total, long Bytes);

/// <summary>
/// The CSV journal of an export batch for finance: one row per transfer, UTF-8 with a byte-order mark (so Excel
/// reads the Japanese text), CR LF line ends, RFC 4180 quoting, and no cell that a spreadsheet could run as a
/// formula (<see cref="CsvCells"/>).
/// </summary>
/// <remarks>
/// <para>The account number is written in full. Finance reconciles the journal against the bank's result
/// (口座なし, 名義相違 …) and the bank portal shows full numbers; a masked number would make a returned transfer
/// impossible to check. The same numbers are in the Zengin file finance uploads, and an account number can only
/// receive money. It is personal data all the same: the journal is purged with the batch's other bank details.</para>
/// <para>No card number can appear: every cell goes through <see cref="CsvCells.AppendCell"/>, which masks them, so
/// even a claimant who typed a card number as a holder name is exported masked.</para>
/// <para>Bank codes keep their leading zeros in the file (0001); Excel's plain "open" shows them as numbers
/// (1), its text import keeps them. Writing them as formulas (="0001") would defeat the formula rule above.</para>
/// </remarks>
public static class PayoutJournal
{
    /// <summary>The header row, in the order of the columns.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "バッチID", "行", "請求ID", "インシデントID", "顧客ID",
        "銀行コード", "銀行名", "支店コード", "支店名", "預金種目", "口座番号", "受取人名",
        "振込金額", "振込指定日", "顧客コード1", "顧客コード2",
    ];

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the journal for the named items (bank and branch names from the bank list).</summary>
    public static async Task<PayoutJournalSummary> WriteAsync(
        Stream output,
        PayoutManifest manifest,
        IAsyncEnumerable<NamedPayoutItem> items,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(items);
        var counting = new CountingStream(output);
        // The BOM is written by hand: StreamWriter emits it only at position 0 of a seekable stream.
        await counting.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken).ConfigureAwait(false);
        var writer = new StreamWriter(counting, Utf8NoBom, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            var line = new StringBuilder(256);
            CsvCells.AppendRow(line, Columns);
            await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            var count = 0;
            var total = Yen.Zero;
            var transferDate = manifest.TransferDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var batchNumber = manifest.BatchNumber.ToString(CultureInfo.InvariantCulture);
            await foreach (var (item, bank, branch) in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var account = item.Account;
                line.Clear();
                CsvCells.AppendRow(line,
                [
                    manifest.BatchId,
                    item.Line.ToString(CultureInfo.InvariantCulture),
                    item.ClaimId,
                    item.IncidentId,
                    item.CustomerId,
                    account.BankCode,
                    bank.Name,
                    account.BranchCode,
                    branch.Name,
                    BankAccount.Label(account.Type).Ja,
                    account.Number,
                    account.HolderZengin,
                    item.Amount.Amount.ToString(CultureInfo.InvariantCulture),
                    transferDate,
                    batchNumber,
                    item.Line.ToString(CultureInfo.InvariantCulture),
                ]);
                await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                count++;
                total += item.Amount;
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new PayoutJournalSummary(count, total, counting.BytesWritten);
        }
    }

    /// <summary>Counts what passes through to the caller's stream (which may not be seekable).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesWritten { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            BytesWritten += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            BytesWritten += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
