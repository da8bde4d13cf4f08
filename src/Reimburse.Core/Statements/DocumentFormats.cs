using System.Text;

namespace Reimburse.Statements;

/// <summary>The kinds of statement file the readers accept, decided by content, never by name or declared type.</summary>
public enum DocumentFormat
{
    Unknown,
    Pdf,
    Jpeg,
    Png,
    Tiff,
    Heif,
    Csv,
}

/// <summary>Sniffs a document's format from its first bytes (magic numbers), and says what an unsupported one is.</summary>
public static class DocumentFormats
{
    /// <summary>The MIME type a format is stored and sent as.</summary>
    public static string ContentType(DocumentFormat format) => format switch
    {
        DocumentFormat.Pdf => "application/pdf",
        DocumentFormat.Jpeg => "image/jpeg",
        DocumentFormat.Png => "image/png",
        DocumentFormat.Tiff => "image/tiff",
        DocumentFormat.Heif => "image/heif",
        DocumentFormat.Csv => "text/csv",
        _ => "application/octet-stream",
    };

    /// <summary>The format of <paramref name="content"/>.</summary>
    public static DocumentFormat Detect(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return DocumentFormat.Unknown;
        }
        // PDF readers accept the header anywhere in the first 1024 bytes (some generators prepend junk).
        if (content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0)
        {
            return DocumentFormat.Pdf;
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return DocumentFormat.Jpeg;
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return DocumentFormat.Png;
        }
        if (content.StartsWith("II*\0"u8) || content.StartsWith("MM\0*"u8))
        {
            return DocumentFormat.Tiff;
        }
        if (IsHeif(content))
        {
            return DocumentFormat.Heif;
        }
        return LooksLikeDelimitedText(content) ? DocumentFormat.Csv : DocumentFormat.Unknown;
    }

    /// <summary>A short description of an unsupported file, for the error message ("a GIF image", "a ZIP archive or Office document").</summary>
    public static string DescribeUnsupported(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("GIF8"u8))
        {
            return "a GIF image";
        }
        if (content.StartsWith("BM"u8))
        {
            return "a BMP image";
        }
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8))
        {
            return "a WebP image";
        }
        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            return "a ZIP archive or Office document";
        }
        if (IsText(content, out _))
        {
            return "plain text without columns";
        }
        return "a file of unknown type";
    }

    /// <summary>True when <paramref name="content"/> decodes as text (UTF-8 or Shift_JIS) without control characters.</summary>
    /// <param name="content">The bytes.</param>
    /// <param name="utf8">True for UTF-8 (or ASCII), false for Shift_JIS.</param>
    public static bool IsText(ReadOnlySpan<byte> content, out bool utf8)
    {
        utf8 = true;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return !HasControlBytes(content[3..]);
        }
        if (HasControlBytes(content))
        {
            return false;
        }
        if (System.Text.Unicode.Utf8.IsValid(content))
        {
            return true;
        }
        utf8 = false;
        return IsShiftJis(content);
    }

    private static bool IsHeif(ReadOnlySpan<byte> content)
    {
        if (content.Length < 12 || !content[4..8].SequenceEqual("ftyp"u8))
        {
            return false;
        }
        var brand = Encoding.ASCII.GetString(content[8..12]);
        return brand is "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" or "mif1" or "msf1" or "avif" or "avis";
    }

    private static bool LooksLikeDelimitedText(ReadOnlySpan<byte> content)
    {
        var sample = content[..Math.Min(content.Length, 64 * 1024)];
        // A Shift_JIS or UTF-8 multibyte character may be cut at the sample's end.
        if (!IsText(sample.Length == content.Length ? sample : TrimPartial(sample), out _))
        {
            return false;
        }
        var lines = 0;
        var withSeparators = 0;
        var start = 0;
        for (var i = 0; i <= sample.Length && lines < 50; i++)
        {
            if (i == sample.Length || sample[i] == (byte)'\n')
            {
                var line = sample[start..i];
                if (line.Trim((byte)'\r').Length > 0)
                {
                    lines++;
                    if (line.IndexOf((byte)',') >= 0 || line.IndexOf((byte)'\t') >= 0)
                    {
                        withSeparators++;
                    }
                }
                start = i + 1;
            }
        }
        return withSeparators >= 2 && withSeparators * 2 >= lines;
    }

    private static ReadOnlySpan<byte> TrimPartial(ReadOnlySpan<byte> sample)
    {
        var end = sample.LastIndexOf((byte)'\n');
        return end > 0 ? sample[..end] : sample;
    }

    private static bool HasControlBytes(ReadOnlySpan<byte> content)
    {
        foreach (var b in content)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n' || b == 0x7F)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsShiftJis(ReadOnlySpan<byte> content)
    {
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (b < 0x80 || b is >= 0xA1 and <= 0xDF)
            {
                continue;
            }
            if (b is (>= 0x81 and <= 0x9F) or (>= 0xE0 and <= 0xFC))
            {
                if (i + 1 >= content.Length)
                {
                    return false;
                }
                var t = content[i + 1];
                if (t is < 0x40 or 0x7F or > 0xFC)
                {
                    return false;
                }
                i++;
                continue;
            }
            return false;
        }
        return true;
    }
}
