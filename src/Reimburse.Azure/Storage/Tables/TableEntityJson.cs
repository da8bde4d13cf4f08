using System.Globalization;
using System.Text.Json;
using Azure;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>
/// The OData JSON form of entities (minimal metadata). Types that JSON cannot carry unambiguously are written with
/// their <c>@odata.type</c> annotation (Int64 as a string, Double, DateTime, Guid, Binary) and read back by it.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        writer.WriteString("PartitionKey", entity.PartitionKey);
        writer.WriteString("RowKey", entity.RowKey);
        foreach (var (name, value) in entity)
        {
            switch (value)
            {
                case string s:
                    writer.WriteString(name, s);
                    break;
                case int i:
                    writer.WriteNumber(name, i);
                    break;
                case bool b:
                    writer.WriteBoolean(name, b);
                    break;
                case long l:
                    writer.WriteString(name + TypeSuffix, "Edm.Int64");
                    writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                    break;
                case double d:
                    writer.WriteString(name + TypeSuffix, "Edm.Double");
                    if (double.IsFinite(d))
                    {
                        writer.WriteNumber(name, d);
                    }
                    else
                    {
                        writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                    }
                    break;
                case DateTimeOffset dto:
                    writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                    writer.WriteString(name, FormatDateTime(dto));
                    break;
                case Guid g:
                    writer.WriteString(name + TypeSuffix, "Edm.Guid");
                    writer.WriteString(name, g.ToString("D"));
                    break;
                case byte[] bytes:
                    writer.WriteString(name + TypeSuffix, "Edm.Binary");
                    writer.WriteBase64String(name, bytes);
                    break;
                default:
                    // TableEntity refuses other types when they are set.
                    throw new InvalidOperationException($"Unsupported property type {value.GetType().Name}.");
            }
        }
        writer.WriteEndObject();
    }

    public static byte[] Serialize(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entity);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads one entity object; the ETag comes from <c>odata.etag</c> or, for a single GET, the header.</summary>
    public static TableEntity Read(JsonElement json, string? etagHeader = null)
    {
        var entity = new TableEntity();
        Dictionary<string, string?>? types = null;
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                types ??= new Dictionary<string, string?>(StringComparer.Ordinal);
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString();
            }
        }
        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            switch (name)
            {
                case "PartitionKey":
                    entity.PartitionKey = value.GetString() ?? string.Empty;
                    continue;
                case "RowKey":
                    entity.RowKey = value.GetString() ?? string.Empty;
                    continue;
                case "Timestamp":
                    entity.Timestamp = value.ValueKind == JsonValueKind.String ? ParseDateTime(value.GetString()!) : null;
                    continue;
                case "odata.etag":
                    entity.ETag = new ETag(value.GetString() ?? string.Empty);
                    continue;
            }
            if (name.Contains('@', StringComparison.Ordinal) || name.StartsWith("odata.", StringComparison.Ordinal) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            entity.SetFromService(name, ReadValue(value, types?.GetValueOrDefault(name)));
        }
        if (etagHeader is not null)
        {
            entity.ETag = new ETag(etagHeader);
        }
        return entity;
    }

    internal static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static object ReadValue(JsonElement value, string? edmType) => edmType switch
    {
        "Edm.Int64" => value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : value.GetInt64(),
        "Edm.Double" => value.ValueKind == JsonValueKind.String ? ParseDouble(value.GetString()!) : value.GetDouble(),
        "Edm.DateTime" => ParseDateTime(value.GetString()!),
        "Edm.Guid" => Guid.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.Binary" => value.GetBytesFromBase64(),
        "Edm.Int32" => value.GetInt32(),
        "Edm.Boolean" => value.GetBoolean(),
        "Edm.String" => value.GetString()!,
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Without an annotation a whole number in Int32 range is an Int32 (that is how the service writes it).
            JsonValueKind.Number => value.TryGetInt32(out var i) ? (object)i : value.GetDouble(),
            _ => value.GetRawText(),
        },
    };

    private static double ParseDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "INF" => double.PositiveInfinity,
        "-Infinity" or "-INF" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
