using System.Text;
using Reimburse.Customers;

namespace Reimburse.Core.Tests.Customers;

public sealed class CsvRecordReaderTests
{
    private static readonly Encoding ShiftJis = CsvRecordReader.StrictShiftJis;

    [Fact]
    public async Task Quoted_fields_keep_commas_doubled_quotes_and_line_breaks_and_report_their_first_line()
    {
        var records = await ReadAllAsync("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n3,,\n");

        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["1", "x, y", "say \"hi\""], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(["2", "two\nlines", "z"], records[2].Fields);
        Assert.Equal(3, records[2].Line);
        Assert.Equal(5, records[3].Line);
        Assert.Equal(["3", "", ""], records[3].Fields);
    }

    [Fact]
    public async Task Blank_lines_are_skipped_but_counted()
    {
        var records = await ReadAllAsync("a\n\n\nb\n\n");

        Assert.Equal([1L, 4L], records.Select(r => r.Line));
    }

    [Fact]
    public async Task A_utf8_bom_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("氏名,郵便番号\n山田,1234567\n")).ToArray();

        using var reader = await CsvRecordReader.OpenAsync(new MemoryStream(bytes), CsvEncoding.Auto, default);
        var header = await reader.ReadAsync(default);

        Assert.Equal("氏名", header!.Value.Fields[0]);
        Assert.Equal("UTF-8", reader.EncodingName);
    }

    [Fact]
    public async Task Shift_jis_is_detected_and_read_like_its_utf8_twin()
    {
        const string text = "顧客番号,氏名,フリガナ\nC1,髙橋 一郎,ﾀｶﾊｼ ｲﾁﾛｳ\nC2,渡邊 花子,ワタナベ ハナコ\n";

        var fromUtf8 = await ReadAllAsync(Encoding.UTF8.GetBytes(text));
        using var reader = await CsvRecordReader.OpenAsync(new MemoryStream(ShiftJis.GetBytes(text)), CsvEncoding.Auto, default);
        var fromSjis = new List<CsvRecord>();
        while (await reader.ReadAsync(default) is { } r)
        {
            fromSjis.Add(r);
        }

        Assert.Equal("Shift_JIS", reader.EncodingName);
        Assert.Equal(fromUtf8.Select(r => string.Join('|', r.Fields)), fromSjis.Select(r => string.Join('|', r.Fields)));
    }

    [Fact]
    public async Task Shift_jis_after_a_long_ascii_start_is_still_detected()
    {
        var ascii = string.Concat(Enumerable.Range(0, 3000).Select(i => $"C{i},abc\n"));
        var bytes = Encoding.ASCII.GetBytes("id,name\n" + ascii).Concat(ShiftJis.GetBytes("C9999,山田 太郎\n")).ToArray();

        using var reader = await CsvRecordReader.OpenAsync(new MemoryStream(bytes), CsvEncoding.Auto, default);
        CsvRecord? last = null;
        while (await reader.ReadAsync(default) is { } r)
        {
            last = r;
        }

        Assert.Equal("山田 太郎", last!.Value.Fields[1]);
        Assert.Equal("Shift_JIS", reader.EncodingName);
    }

    [Fact]
    public async Task A_utf8_file_with_a_shift_jis_line_fails_at_that_line()
    {
        var bytes = Encoding.UTF8.GetBytes("id,name\nC1,山田\nC2,佐藤\n").Concat(ShiftJis.GetBytes("C3,鈴木\n")).ToArray();

        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync(bytes));

        Assert.Equal(4, ex.Line);
        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_are_neither_utf8_nor_shift_jis_fail_with_their_line()
    {
        var bytes = Encoding.ASCII.GetBytes("id,name\nC1,a\n").Concat(new byte[] { 0x43, 0x32, 0x2C, 0x85, 0x0A }).ToArray();

        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync(bytes));

        Assert.Equal(3, ex.Line);
        Assert.Contains("neither UTF-8 nor Shift_JIS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forced_encoding_is_used_even_when_the_text_would_pass_as_the_other()
    {
        var bytes = ShiftJis.GetBytes("id,name\nC1,山田\n");

        var ex = await Assert.ThrowsAsync<CsvFormatException>(async () =>
        {
            using var reader = await CsvRecordReader.OpenAsync(new MemoryStream(bytes), CsvEncoding.Utf8, default);
            while (await reader.ReadAsync(default) is not null)
            {
            }
        });

        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public async Task Utf16_is_refused_with_advice()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("id\n1\n")).ToArray();

        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync(bytes));

        Assert.Contains("UTF-16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unclosed_quote_is_reported_at_the_line_where_the_field_starts()
    {
        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync("a,b\n1,2\n3,\"open\n4,5\n"));

        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public async Task Text_after_a_closing_quote_is_reported_at_its_line()
    {
        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync("a,b\n1,\"x\"y\n"));

        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_reported()
    {
        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync("a,b\n" + new string('x', CsvRecordReader.MaxLineBytes + 10) + "\n"));

        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public async Task A_last_line_without_a_newline_is_read()
    {
        var records = await ReadAllAsync("a,b\n1,2");

        Assert.Equal(["1", "2"], records[1].Fields);
    }

    private static Task<List<CsvRecord>> ReadAllAsync(string text) => ReadAllAsync(Encoding.UTF8.GetBytes(text));

    private static async Task<List<CsvRecord>> ReadAllAsync(byte[] bytes)
    {
        // A stream that returns few bytes per read exercises the buffer refills.
        using var reader = await CsvRecordReader.OpenAsync(new TrickleStream(bytes), CsvEncoding.Auto, default);
        var records = new List<CsvRecord>();
        while (await reader.ReadAsync(default) is { } r)
        {
            records.Add(r);
        }
        return records;
    }

    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);
    }
}
