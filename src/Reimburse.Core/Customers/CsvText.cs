using System.Text;

namespace Reimburse.Customers;

/// <summary>Writes CSV that operators open in Excel: RFC 4180 quoting and no formula injection.</summary>
public static class CsvText
{
    /// <summary>UTF-8 with a BOM, so that Excel opens Japanese text correctly.</summary>
    public static Encoding Utf8WithBom { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Appends one line of fields and a CRLF.</summary>
    public static void WriteLine(TextWriter writer, params ReadOnlySpan<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(writer);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }
            writer.Write(Escape(fields[i]));
        }
        writer.Write("\r\n");
    }

    /// <summary>
    /// Quotes a field when needed. A field a spreadsheet would run as a formula (leading <c>= + - @</c>, tab or CR)
    /// gets a leading apostrophe: customer-typed names and addresses reach the operator's Excel through these files.
    /// </summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
