using System.Globalization;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>OData literals for <see cref="TableClient.CreateQueryFilter"/>: every value quoted and escaped by its type.</summary>
internal static class TableFilterLiteral
{
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        char c => Quote(c.ToString()),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => FormatDouble(d),
        Guid g => "guid'" + g.ToString("D") + "'",
        DateTimeOffset dto => "datetime'" + TableEntityJson.FormatDateTime(dto) + "'",
        DateTime { Kind: DateTimeKind.Unspecified } => throw new ArgumentException(
            "A DateTime in a filter must be UTC (or Local); its kind is Unspecified. Pass a DateTimeOffset or a UTC DateTime.", nameof(value)),
        DateTime dt => "datetime'" + TableEntityJson.FormatDateTime(new DateTimeOffset(dt.ToUniversalTime(), TimeSpan.Zero)) + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        BinaryData data => "X'" + Convert.ToHexStringLower(data.ToArray()) + "'",
        _ => throw new ArgumentException(
            $"A filter value of type {value.GetType().Name} has no Table literal; use string, int, long, double, bool, Guid, DateTime(Offset) or byte[].",
            nameof(value)),
    };

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string FormatDouble(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentException("NaN and infinities cannot appear in a Table filter.", nameof(d));
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        // A whole number would read as Int32; keep it a Double literal.
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
