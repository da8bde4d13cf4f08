using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Reimburse.Customers;

/// <summary>The text encodings an affected-customer file may use.</summary>
public enum CsvEncoding
{
    /// <summary>Detect: a UTF-8 BOM or valid UTF-8 means UTF-8, otherwise Shift_JIS (code page 932, as Excel writes it).</summary>
    Auto,
    Utf8,
    ShiftJis,
}

/// <summary>A file that cannot be read as CSV at all; <see cref="Line"/> says where (1-based).</summary>
public sealed class CsvFormatException : Exception
{
    public CsvFormatException(long line, string message)
        : base(line > 0 ? $"line {line}: {message}" : message)
    {
        Line = line;
        Reason = message;
    }

    public CsvFormatException()
    {
    }

    public CsvFormatException(string message)
        : base(message)
    {
        Reason = message;
    }

    public CsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The physical line of the problem; 0 when it is about the whole file.</summary>
    public long Line { get; }

    /// <summary>The message without the line prefix.</summary>
    public string Reason { get; } = "";
}

/// <summary>One CSV record: the physical line it starts on (1-based) and its fields.</summary>
public readonly record struct CsvRecord(long Line, IReadOnlyList<string> Fields);

/// <summary>
/// Reads RFC 4180 CSV records from a byte stream, one line at a time, so memory stays flat whatever the file size.
/// Every line is decoded strictly: a byte sequence that is not valid in the file's encoding is reported with its
/// line number instead of becoming U+FFFD.
/// </summary>
/// <remarks>
/// Splitting on the byte <c>\n</c> before decoding is safe for both encodings: in UTF-8 and in Shift_JIS the bytes
/// <c>\n</c>, <c>\r</c>, <c>"</c> and <c>,</c> never occur inside a multi-byte character.
/// </remarks>
public sealed class CsvRecordReader : IDisposable
{
    /// <summary>Longest physical line accepted; a longer one is almost certainly not a customer row.</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Most fields accepted in one record.</summary>
    public const int MaxFields = 256;

    private const int SniffBytes = 64 * 1024;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly byte[] Utf16LeBom = [0xFF, 0xFE];
    private static readonly byte[] Utf16BeBom = [0xFE, 0xFF];

    private readonly Stream _stream;
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(SniffBytes * 2);
    private int _start;
    private int _end;
    private bool _eof;
    private long _line;
    private Encoding? _encoding;

    private CsvRecordReader(Stream stream, Encoding? encoding)
    {
        _stream = stream;
        _encoding = encoding;
    }

    /// <summary>Shift_JIS as Windows writes it (code page 932, a superset of JIS X 0208 with NEC/IBM extensions), strict.</summary>
    public static Encoding StrictShiftJis { get; } = CreateShiftJis();

    /// <summary>The encoding in use: null while the file has been plain ASCII so far.</summary>
    public Encoding? Encoding => _encoding;

    /// <summary>"UTF-8", "Shift_JIS", or "ASCII" while undecided.</summary>
    public string EncodingName => _encoding is null ? "ASCII" : ReferenceEquals(_encoding, StrictUtf8) ? "UTF-8" : "Shift_JIS";

    /// <summary>The last physical line read.</summary>
    public long Line => _line;

    /// <summary>Opens <paramref name="stream"/>, detecting the encoding from a BOM or the first 64 KiB when asked to.</summary>
    public static async Task<CsvRecordReader> OpenAsync(Stream stream, CsvEncoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new CsvRecordReader(stream, encoding switch
        {
            CsvEncoding.Utf8 => StrictUtf8,
            CsvEncoding.ShiftJis => StrictShiftJis,
            _ => null,
        });
        try
        {
            await reader.FillAsync(SniffBytes, cancellationToken).ConfigureAwait(false);
            reader.HandlePreamble(encoding);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The next record, or null at the end of the file. Blank lines between records are skipped.</summary>
    public async ValueTask<CsvRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        _fields.Clear();
        _field.Clear();
        long recordLine = 0;
        var inQuotes = false;
        var quoted = false;
        var closed = false;
        while (true)
        {
            var text = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (text is null)
            {
                if (inQuotes)
                {
                    throw new CsvFormatException(recordLine, "a quoted field is not closed before the end of the file (a '\"' is missing).");
                }
                return null;
            }
            if (recordLine == 0)
            {
                if (text.Length == 0)
                {
                    continue;
                }
                recordLine = _line;
            }
            else
            {
                // Continuation of a quoted field that spans lines.
                _field.Append('\n');
            }
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c != '"')
                    {
                        _field.Append(c);
                    }
                    else if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        _field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                        closed = true;
                    }
                }
                else if (c == ',')
                {
                    EndField();
                    quoted = false;
                    closed = false;
                }
                else if (closed)
                {
                    if (c is not ' ' and not '\t')
                    {
                        throw new CsvFormatException(_line, $"unexpected text after the closing quote of field {_fields.Count + 1} (a '\"' inside a quoted field must be doubled).");
                    }
                }
                else if (c == '"' && _field.Length == 0 && !quoted)
                {
                    inQuotes = true;
                    quoted = true;
                }
                else
                {
                    _field.Append(c);
                }
            }
            if (inQuotes)
            {
                if (_field.Length > MaxLineBytes)
                {
                    throw new CsvFormatException(recordLine, "a quoted field runs on for more than 64 KiB (a closing '\"' is probably missing).");
                }
                continue;
            }
            EndField();
            return new CsvRecord(recordLine, _fields.ToArray());
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EndField()
    {
        if (_fields.Count == MaxFields)
        {
            throw new CsvFormatException(_line, $"more than {MaxFields} fields in one record.");
        }
        _fields.Add(_field.ToString());
        _field.Clear();
    }

    private void HandlePreamble(CsvEncoding requested)
    {
        var head = _buffer.AsSpan(_start, _end - _start);
        if (head.StartsWith(Utf8Bom))
        {
            if (requested == CsvEncoding.ShiftJis)
            {
                throw new CsvFormatException(1, "the file starts with a UTF-8 byte order mark but Shift_JIS was requested; drop the encoding option or re-save the file.");
            }
            _encoding = StrictUtf8;
            _start += 3;
            return;
        }
        if (head.StartsWith(Utf16LeBom) || head.StartsWith(Utf16BeBom))
        {
            throw new CsvFormatException(1, "the file is UTF-16; save it as UTF-8 or Shift_JIS (Excel: \"CSV UTF-8\").");
        }
        if (requested != CsvEncoding.Auto)
        {
            return;
        }
        // Decide on the first 64 KiB up to its last complete line; if it is pure ASCII, decide later, at the first
        // line that is not.
        var sample = head;
        if (!_eof)
        {
            var lastNewline = sample.LastIndexOf((byte)'\n');
            sample = lastNewline >= 0 ? sample[..(lastNewline + 1)] : sample;
        }
        if (Ascii.IsValid(sample))
        {
            return;
        }
        _encoding = Decide(sample, lineOffset: 0);
    }

    private static Encoding Decide(ReadOnlySpan<byte> bytes, long lineOffset)
    {
        if (Utf8.IsValid(bytes))
        {
            return StrictUtf8;
        }
        Utf8.ToUtf16(bytes, new char[bytes.Length], out var validPrefix, out _, replaceInvalidSequences: false);
        var prefix = bytes[..validPrefix];
        var lastNewline = prefix.LastIndexOf((byte)'\n');
        if (lastNewline >= 0 && !Ascii.IsValid(prefix[..lastNewline]))
        {
            // Whole lines of Japanese text were valid UTF-8 before the bad bytes: the file began in UTF-8 and the
            // reader will report the line that is not.
            return StrictUtf8;
        }
        try
        {
            _ = StrictShiftJis.GetCharCount(bytes);
            return StrictShiftJis;
        }
        catch (DecoderFallbackException)
        {
            var line = lineOffset + prefix.Count((byte)'\n') + 1;
            throw new CsvFormatException(line, "the text is neither UTF-8 nor Shift_JIS; save the file as UTF-8 (with or without BOM) or Shift_JIS.");
        }
    }

    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            if (newline >= 0 || (_eof && span.Length > 0))
            {
                var length = newline >= 0 ? newline : span.Length;
                var lineBytes = span[..length];
                if (lineBytes.Length > 0 && lineBytes[^1] == '\r')
                {
                    lineBytes = lineBytes[..^1];
                }
                _line++;
                if (lineBytes.Length > MaxLineBytes)
                {
                    throw new CsvFormatException(_line, $"the line is longer than {MaxLineBytes / 1024} KiB.");
                }
                var text = Decode(lineBytes);
                _start += newline >= 0 ? newline + 1 : length;
                return text;
            }
            if (_eof)
            {
                return null;
            }
            if (span.Length > MaxLineBytes)
            {
                throw new CsvFormatException(_line + 1, $"the line is longer than {MaxLineBytes / 1024} KiB (is this a CSV file?).");
            }
            await FillAsync(0, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        if (_encoding is null)
        {
            if (Ascii.IsValid(bytes))
            {
                return Encoding.ASCII.GetString(bytes);
            }
            _encoding = Decide(bytes, _line - 1);
        }
        try
        {
            return _encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException(_line, $"the text is not valid {EncodingName}, although the file began in {EncodingName}; save the whole file in one encoding (UTF-8 or Shift_JIS), or name it with the encoding option.");
        }
    }

    // Reads until at least `minimum` bytes are buffered (0: until one read returns data) or the stream ends.
    private async Task FillAsync(int minimum, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        do
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
                return;
            }
            _end += read;
        }
        while (_end < minimum && _end < _buffer.Length);
    }

    private static Encoding CreateShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
