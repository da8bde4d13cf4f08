using System.Globalization;
using System.Text;

namespace Reimburse.Testing.Zengin;

/// <summary>The header record (データ区分 1) of a 総合振込 file, every field as the raw fixed-width text.</summary>
public sealed record ZenginHeaderFields(
    string DataKind,
    string TypeCode,
    string CodeKind,
    string RequesterCode,
    string RequesterName,
    string TransferDate,
    string BankCode,
    string BankName,
    string BranchCode,
    string BranchName,
    string DepositType,
    string AccountNumber,
    string Dummy);

/// <summary>A data record (データ区分 2), raw fields.</summary>
public sealed record ZenginDataFields(
    string DataKind,
    string BankCode,
    string BankName,
    string BranchCode,
    string BranchName,
    string ClearingHouse,
    string DepositType,
    string AccountNumber,
    string RecipientName,
    string Amount,
    string NewCode,
    string CustomerCode1,
    string CustomerCode2,
    string TransferKind,
    string EdiMark,
    string Dummy)
{
    public long AmountValue => long.Parse(Amount, NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>The trailer record (データ区分 8), raw fields.</summary>
public sealed record ZenginTrailerFields(string DataKind, string Count, string Total, string Dummy)
{
    public int CountValue => int.Parse(Count, NumberStyles.None, CultureInfo.InvariantCulture);

    public long TotalValue => long.Parse(Total, NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>A whole file.</summary>
public sealed record ZenginFileFields(ZenginHeaderFields Header, IReadOnlyList<ZenginDataFields> Data, ZenginTrailerFields Trailer, string EndDummy);

/// <summary>
/// An independent reader of Zengin 総合振込 files for the tests. Field positions are written out here from the
/// 全銀協 layout, not taken from the product code, so a shifted field in the writer fails the tests. Strict: every
/// record is 120 single-byte Shift_JIS characters plus CR LF, records come in the order header, data…, trailer,
/// end, and nothing follows the end record.
/// </summary>
public static class ZenginFileReader
{
    public const int RecordLength = 120;

    private static readonly Encoding ShiftJis =
        CodePagesEncodingProvider.Instance.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    // (start, length), 1-based, from the 全銀協 総合振込 record layouts.
    private static readonly (int Start, int Length)[] HeaderLayout =
        [(1, 1), (2, 2), (4, 1), (5, 10), (15, 40), (55, 4), (59, 4), (63, 15), (78, 3), (81, 15), (96, 1), (97, 7), (104, 17)];

    private static readonly (int Start, int Length)[] DataLayout =
        [(1, 1), (2, 4), (6, 15), (21, 3), (24, 15), (39, 4), (43, 1), (44, 7), (51, 30), (81, 10), (91, 1), (92, 10), (102, 10), (112, 1), (113, 1), (114, 7)];

    private static readonly (int Start, int Length)[] TrailerLayout = [(1, 1), (2, 6), (8, 12), (20, 101)];

    private static readonly (int Start, int Length)[] EndLayout = [(1, 1), (2, 119)];

    /// <summary>The records of <paramref name="bytes"/> as text, after the byte-level checks.</summary>
    public static IReadOnlyList<string> Records(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var records = new List<string>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var line = records.Count + 1;
            if (bytes.Length - offset < RecordLength + 2)
            {
                throw new InvalidDataException($"Line {line}: {bytes.Length - offset} bytes left, a record needs {RecordLength} plus CR LF.");
            }
            var record = bytes.AsSpan(offset, RecordLength);
            if (record.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
            {
                throw new InvalidDataException($"Line {line}: a line break inside the 120 bytes of the record.");
            }
            if (bytes[offset + RecordLength] != '\r' || bytes[offset + RecordLength + 1] != '\n')
            {
                throw new InvalidDataException($"Line {line}: byte {RecordLength + 1} is not CR LF.");
            }
            var text = ShiftJis.GetString(record);
            if (text.Length != RecordLength)
            {
                throw new InvalidDataException($"Line {line}: the record holds double-byte characters ({text.Length} characters in {RecordLength} bytes).");
            }
            records.Add(text);
            offset += RecordLength + 2;
        }
        return records;
    }

    /// <summary>Parses the file field by field.</summary>
    public static ZenginFileFields Parse(byte[] bytes)
    {
        var records = Records(bytes);
        if (records.Count < 3)
        {
            throw new InvalidDataException($"{records.Count} records: a file needs at least header, trailer and end.");
        }
        var h = Split(records[0], HeaderLayout, 1, '1');
        var header = new ZenginHeaderFields(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12]);
        var data = new List<ZenginDataFields>(records.Count - 3);
        for (var i = 1; i < records.Count - 2; i++)
        {
            var d = Split(records[i], DataLayout, i + 1, '2');
            data.Add(new ZenginDataFields(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15]));
        }
        var t = Split(records[^2], TrailerLayout, records.Count - 1, '8');
        var e = Split(records[^1], EndLayout, records.Count, '9');
        return new ZenginFileFields(header, data, new ZenginTrailerFields(t[0], t[1], t[2], t[3]), e[1]);
    }

    private static string[] Split(string record, (int Start, int Length)[] layout, int line, char kind)
    {
        if (record[0] != kind)
        {
            throw new InvalidDataException($"Line {line}: データ区分 is '{record[0]}', expected '{kind}'.");
        }
        var next = 1;
        foreach (var (start, length) in layout)
        {
            if (start != next)
            {
                throw new InvalidOperationException($"Test layout for '{kind}': a field starts at {start}, expected {next}.");
            }
            next += length;
        }
        if (next != RecordLength + 1)
        {
            throw new InvalidOperationException($"Test layout for '{kind}' covers {next - 1} bytes.");
        }
        return layout.Select(f => record.Substring(f.Start - 1, f.Length)).ToArray();
    }
}
