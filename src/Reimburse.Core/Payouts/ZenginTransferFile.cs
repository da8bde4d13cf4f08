using System.Globalization;
using System.Text;
using Reimburse.Banking;
using Reimburse.Money;

namespace Reimburse.Payouts;

/// <summary>
/// The company that pays (振込依頼人): its bank-assigned requester code and the account the transfers are debited
/// from. Comes from configuration; all text already in Zengin half-width kana.
/// </summary>
/// <param name="RequesterCode">依頼人コード (委託者コード) assigned by the bank, up to 10 digits.</param>
/// <param name="NameKana">依頼人名, up to 40 Zengin characters.</param>
/// <param name="BankCode">仕向銀行番号, 4 digits.</param>
/// <param name="BankNameKana">仕向銀行名 (longer names are cut to 15: the code is what counts).</param>
/// <param name="BranchCode">仕向支店番号, 3 digits.</param>
/// <param name="BranchNameKana">仕向支店名 (cut to 15).</param>
/// <param name="DepositType">預金種目 of the debited account: ordinary or current.</param>
/// <param name="AccountNumber">口座番号, up to 7 digits.</param>
public sealed record ZenginRequester(
    string RequesterCode,
    string NameKana,
    string BankCode,
    string BankNameKana,
    string BranchCode,
    string BranchNameKana,
    AccountType DepositType,
    string AccountNumber);

/// <summary>One transfer (a data record) of a Zengin 総合振込 file.</summary>
/// <param name="BankCode">被仕向銀行番号, 4 digits.</param>
/// <param name="BankNameKana">被仕向銀行名 (cut to 15; the code is what counts).</param>
/// <param name="BranchCode">被仕向支店番号, 3 digits.</param>
/// <param name="BranchNameKana">被仕向支店名 (cut to 15).</param>
/// <param name="DepositType">預金種目 of the recipient's account.</param>
/// <param name="AccountNumber">口座番号, up to 7 digits.</param>
/// <param name="RecipientKana">受取人名, 1–30 Zengin characters (never cut: the bank compares it with the account holder).</param>
/// <param name="Amount">振込金額, ¥1 to ¥9,999,999,999.</param>
/// <param name="CustomerCode1">顧客コード1, 0–9,999,999,999: returned by the bank, so results can be matched back.</param>
/// <param name="CustomerCode2">顧客コード2, 0–9,999,999,999.</param>
public sealed record ZenginTransfer(
    string BankCode,
    string BankNameKana,
    string BranchCode,
    string BranchNameKana,
    AccountType DepositType,
    string AccountNumber,
    string RecipientKana,
    Yen Amount,
    long CustomerCode1,
    long CustomerCode2);

/// <summary>What a written file holds: the trailer's count and total, and its size.</summary>
public sealed record ZenginFileSummary(int Count, Yen Total, long Bytes);

/// <summary>A value that cannot go into a Zengin file, with the record and field it was meant for.</summary>
public sealed class ZenginFormatException : FormatException
{
    public ZenginFormatException()
    {
    }

    public ZenginFormatException(string message)
        : base(message)
    {
    }

    public ZenginFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ZenginFormatException(string record, string field, string problem)
        : base(record + ", field " + field + ": " + problem)
    {
        Record = record;
        Field = field;
    }

    /// <summary>The record, e.g. "data record 17 (file line 18)".</summary>
    public string? Record { get; }

    /// <summary>The field, e.g. "受取人名 (recipient name)".</summary>
    public string? Field { get; }
}

/// <summary>
/// Writes a Zengin (全銀協) 総合振込 file, 種別コード 21: a header record, one data record per transfer, a trailer
/// with the count and total, and an end record. Every record is exactly 120 bytes of Shift_JIS (code page 932)
/// half-width text followed by CR LF. Streams: memory does not grow with the number of transfers.
/// </summary>
/// <remarks>
/// <para>Numeric fields are right-aligned and zero-padded, character fields left-aligned and space-padded. Fields the
/// standard marks optional and this file does not use (手形交換所番号, 識別表示, ダミー) are spaces.</para>
/// <para>CR LF follows every record, the end record included, and nothing follows it (no 0x1A end-of-file byte):
/// banks that take line breaks take them on every record, and a file of whole 122-byte lines is what they
/// return themselves; an EOF byte would leave a stray short line that some portals reject.</para>
/// <para>Output is deterministic: the same header and transfers give the same bytes. On an exception the output
/// written so far is incomplete and must be discarded (the caller writes to a staging blob and commits only after
/// success).</para>
/// </remarks>
public static class ZenginTransferFile
{
    /// <summary>Bytes per record, without the line break.</summary>
    public const int RecordLength = 120;

    /// <summary>Bytes per record including CR LF.</summary>
    public const int LineLength = RecordLength + 2;

    /// <summary>Largest amount of one transfer (10 digits).</summary>
    public static readonly Yen MaxAmount = new(9_999_999_999);

    /// <summary>Largest number of data records (6-digit 合計件数).</summary>
    public const int MaxCount = 999_999;

    /// <summary>Largest file total (12-digit 合計金額).</summary>
    public static readonly Yen MaxTotal = new(999_999_999_999);

    /// <summary>The Shift_JIS encoding used, strict both ways: a character it cannot encode is an error, never '?'.</summary>
    public static Encoding ShiftJis { get; } =
        CodePagesEncodingProvider.Instance.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("Code page 932 (Shift_JIS) is not available.");

    /// <summary>Writes the file for <paramref name="transfers"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ZenginFormatException">A value does not fit the format; names the record and field.</exception>
    public static async Task<ZenginFileSummary> WriteAsync(
        Stream output,
        ZenginRequester requester,
        DateOnly transferDate,
        IAsyncEnumerable<ZenginTransfer> transfers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(transfers);
        var writer = new RecordWriter();
        writer.Header(requester, transferDate);
        await foreach (var transfer in transfers.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            writer.Data(transfer);
            if (writer.IsFull)
            {
                await writer.FlushAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }
        writer.TrailerAndEnd();
        await writer.FlushAsync(output, cancellationToken).ConfigureAwait(false);
        return writer.Summary;
    }

    /// <summary>Writes the file for <paramref name="transfers"/> to <paramref name="output"/>, synchronously.</summary>
    /// <exception cref="ZenginFormatException">A value does not fit the format; names the record and field.</exception>
    public static ZenginFileSummary Write(Stream output, ZenginRequester requester, DateOnly transferDate, IEnumerable<ZenginTransfer> transfers)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(transfers);
        var writer = new RecordWriter();
        writer.Header(requester, transferDate);
        foreach (var transfer in transfers)
        {
            writer.Data(transfer);
            if (writer.IsFull)
            {
                writer.Flush(output);
            }
        }
        writer.TrailerAndEnd();
        writer.Flush(output);
        return writer.Summary;
    }

    /// <summary>Formats records into a fixed buffer of whole lines; the caller flushes it when full.</summary>
    private sealed class RecordWriter
    {
        private const int LinesPerChunk = 256;

        // Two spare lines so that the trailer and end records always fit after the last flush check.
        private readonly byte[] _chunk = new byte[LineLength * (LinesPerChunk + 2)];
        private int _used;
        private int _count;
        private long _total;
        private long _bytes;
        // The record being written, as kind and file line; its label is only formatted for an error message.
        private string _recordKind = "header record";
        private int _recordLine = 1;
        private int _position;

        public bool IsFull => _used >= LineLength * LinesPerChunk;

        public ZenginFileSummary Summary => new(_count, new Yen(_total), _bytes);

        public void Header(ZenginRequester requester, DateOnly transferDate)
        {
            ArgumentNullException.ThrowIfNull(requester);
            Begin("header record", 1);
            Literal("1");
            Literal("21");
            Literal("0");
            Digits("依頼人コード (requester code)", requester.RequesterCode, 10, exact: false);
            Text("依頼人名 (requester name)", requester.NameKana, 40, cut: false);
            Number("取組日 (transfer date, MMDD)", (transferDate.Month * 100) + transferDate.Day, 4);
            Digits("仕向銀行番号 (bank code)", requester.BankCode, 4, exact: true);
            Text("仕向銀行名 (bank name)", requester.BankNameKana, 15, cut: true);
            Digits("仕向支店番号 (branch code)", requester.BranchCode, 3, exact: true);
            Text("仕向支店名 (branch name)", requester.BranchNameKana, 15, cut: true);
            Deposit("預金種目 (deposit type)", requester.DepositType, allowSavings: false);
            Digits("口座番号 (account number)", requester.AccountNumber, 7, exact: false);
            Spaces(17);
            End();
        }

        public void Data(ZenginTransfer transfer)
        {
            var line = _count + 2;
            Begin("data record", line);
            if (transfer is null)
            {
                throw new ZenginFormatException(Record, "(all)", "the transfer is missing.");
            }
            if (_count == MaxCount)
            {
                throw new ZenginFormatException(Record, "(all)", string.Create(CultureInfo.InvariantCulture, $"a file holds at most {MaxCount:N0} transfers; split the batch."));
            }
            if (transfer.Amount.Amount <= 0 || transfer.Amount > MaxAmount)
            {
                throw new ZenginFormatException(Record, "振込金額 (amount)", $"{transfer.Amount} is outside ¥1 to {MaxAmount}.");
            }
            if (_total + transfer.Amount.Amount > MaxTotal.Amount)
            {
                throw new ZenginFormatException(Record, "振込金額 (amount)", $"the file total would exceed {MaxTotal}; split the batch.");
            }
            Literal("2");
            Digits("被仕向銀行番号 (bank code)", transfer.BankCode, 4, exact: true);
            Text("被仕向銀行名 (bank name)", transfer.BankNameKana, 15, cut: true);
            Digits("被仕向支店番号 (branch code)", transfer.BranchCode, 3, exact: true);
            Text("被仕向支店名 (branch name)", transfer.BranchNameKana, 15, cut: true);
            Spaces(4); // 手形交換所番号: unused, recorded as omitted.
            Deposit("預金種目 (deposit type)", transfer.DepositType, allowSavings: true);
            Digits("口座番号 (account number)", transfer.AccountNumber, 7, exact: false);
            Text("受取人名 (recipient name)", transfer.RecipientKana, ZenginKana.MaxRecipientLength, cut: false);
            Number("振込金額 (amount)", transfer.Amount.Amount, 10);
            Literal("0"); // 新規コード: 0 = other (no first-time/changed notice).
            Number("顧客コード1 (customer code 1)", transfer.CustomerCode1, 10);
            Number("顧客コード2 (customer code 2)", transfer.CustomerCode2, 10);
            Literal("7"); // 振込指定区分: 7 = テレ振込 (electronic).
            Spaces(1); // 識別表示: space = customer codes, not EDI information.
            Spaces(7);
            End();
            _count++;
            _total += transfer.Amount.Amount;
        }

        public void TrailerAndEnd()
        {
            Begin("trailer record", _count + 2);
            Literal("8");
            Number("合計件数 (count)", _count, 6);
            Number("合計金額 (total)", _total, 12);
            Spaces(101);
            End();
            Begin("end record", _count + 3);
            Literal("9");
            Spaces(119);
            End();
        }

        public void Flush(Stream output)
        {
            output.Write(_chunk, 0, _used);
            _bytes += _used;
            _used = 0;
        }

        public async ValueTask FlushAsync(Stream output, CancellationToken cancellationToken)
        {
            await output.WriteAsync(_chunk.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
            _bytes += _used;
            _used = 0;
        }

        private Span<byte> Field(int width)
        {
            var span = _chunk.AsSpan(_used + _position, width);
            _position += width;
            return span;
        }

        private string Record => _recordKind == "data record"
            ? string.Create(CultureInfo.InvariantCulture, $"data record {_recordLine - 1} (file line {_recordLine})")
            : string.Create(CultureInfo.InvariantCulture, $"{_recordKind} (file line {_recordLine})");

        private void Begin(string kind, int line)
        {
            _recordKind = kind;
            _recordLine = line;
            _position = 0;
        }

        private void End()
        {
            // A layout mistake here would shift every later field: fail loudly instead of writing it.
            if (_position != RecordLength)
            {
                throw new InvalidOperationException($"Internal error: the {Record} is {_position} bytes, not {RecordLength}.");
            }
            _chunk[_used + RecordLength] = (byte)'\r';
            _chunk[_used + RecordLength + 1] = (byte)'\n';
            _used += LineLength;
        }

        private void Literal(string digits)
        {
            var span = Field(digits.Length);
            for (var i = 0; i < digits.Length; i++)
            {
                span[i] = (byte)digits[i];
            }
        }

        private void Spaces(int width) => Field(width).Fill((byte)' ');

        private void Number(string field, long value, int width)
        {
            var span = Field(width);
            if (value < 0)
            {
                throw new ZenginFormatException(Record, field, string.Create(CultureInfo.InvariantCulture, $"{value} is negative."));
            }
            for (var i = width - 1; i >= 0; i--)
            {
                span[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
            if (value != 0)
            {
                throw new ZenginFormatException(Record, field, string.Create(CultureInfo.InvariantCulture, $"the value has more than {width} digits."));
            }
        }

        private void Digits(string field, string? digits, int width, bool exact)
        {
            var span = Field(width);
            if (string.IsNullOrEmpty(digits))
            {
                throw new ZenginFormatException(Record, field, "the value is missing.");
            }
            if (digits.Length > width || (exact && digits.Length != width))
            {
                throw new ZenginFormatException(Record, field, exact
                    ? string.Create(CultureInfo.InvariantCulture, $"'{digits}' must have exactly {width} digits.")
                    : string.Create(CultureInfo.InvariantCulture, $"'{digits}' has more than {width} digits."));
            }
            var pad = width - digits.Length;
            span[..pad].Fill((byte)'0');
            for (var i = 0; i < digits.Length; i++)
            {
                if (!char.IsAsciiDigit(digits[i]))
                {
                    throw new ZenginFormatException(Record, field, string.Create(CultureInfo.InvariantCulture, $"'{digits}' must be half-width digits only."));
                }
                span[pad + i] = (byte)digits[i];
            }
        }

        private void Deposit(string field, AccountType type, bool allowSavings)
        {
            var valid = type is AccountType.Ordinary or AccountType.Current || (allowSavings && type == AccountType.Savings);
            if (!valid)
            {
                throw new ZenginFormatException(Record, field, string.Create(CultureInfo.InvariantCulture, $"{(int)type} is not a deposit type this record accepts."));
            }
            Number(field, (int)type, 1);
        }

        private void Text(string field, string? text, int width, bool cut)
        {
            var span = Field(width);
            if (string.IsNullOrEmpty(text))
            {
                if (cut)
                {
                    // Bank and branch names are optional in the standard: the codes identify the account.
                    span.Fill((byte)' ');
                    return;
                }
                throw new ZenginFormatException(Record, field, "the value is missing.");
            }
            var invalid = ZenginKana.IndexOfInvalid(text);
            if (invalid >= 0)
            {
                throw new ZenginFormatException(Record, field, string.Create(CultureInfo.InvariantCulture,
                    $"'{text[invalid]}' (U+{(int)text[invalid]:X4}) at position {invalid + 1} is not allowed in Zengin text (0-9 A-Z ｱ-ﾝ ﾞ ﾟ space ( ) - . / \\ ｢ ｣)."));
            }
            if (text.Length > width && !cut)
            {
                throw new ZenginFormatException(Record, field, string.Create(CultureInfo.InvariantCulture, $"{text.Length} characters do not fit in {width}."));
            }
            var value = text.AsSpan(0, Math.Min(width, text.Length));
            // Every allowed character is one byte in Shift_JIS, so characters and bytes line up.
            var written = ShiftJis.GetBytes(value, span);
            if (written != value.Length)
            {
                throw new ZenginFormatException(Record, field, "the text is not single-byte Shift_JIS.");
            }
            span[written..].Fill((byte)' ');
        }
    }
}
