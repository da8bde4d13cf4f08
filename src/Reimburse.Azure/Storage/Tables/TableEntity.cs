using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Azure;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>
/// A table entity: PartitionKey, RowKey, the service's Timestamp and ETag, and a dictionary of typed properties.
/// </summary>
/// <remarks>
/// <para>Property values are one of the Table types: <see cref="string"/> (Edm.String), <see cref="int"/> (Edm.Int32),
/// <see cref="long"/> (Edm.Int64), <see cref="double"/> (Edm.Double), <see cref="bool"/> (Edm.Boolean),
/// <see cref="DateTimeOffset"/> (Edm.DateTime, stored UTC with 100 ns precision), <see cref="Guid"/> (Edm.Guid) and
/// <c>byte[]</c> (Edm.Binary). A <see cref="DateTime"/> is accepted when its Kind is Utc or Local and stored as a UTC
/// <see cref="DateTimeOffset"/>; an Unspecified kind is refused because its meaning is ambiguous.
/// <see cref="BinaryData"/> is stored as <c>byte[]</c>. Anything else (decimal, float, enums, null) is refused when it is set.</para>
/// <para>The dictionary holds only the custom properties; the system properties are the members of this class.</para>
/// <para>Keys are validated by the client before a request is sent (see <see cref="TableKeys"/>).</para>
/// </remarks>
public sealed class TableEntity : IDictionary<string, object>
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    /// <summary>Creates an empty entity (keys empty).</summary>
    public TableEntity()
    {
    }

    /// <summary>Creates an entity with the given keys.</summary>
    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>The partition key.</summary>
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary>The row key, unique within the partition.</summary>
    public string RowKey { get; set; } = string.Empty;

    /// <summary>When the service last modified the entity (set by the service; ignored on writes).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The entity's ETag as last read or written; pass it as If-Match for optimistic concurrency.</summary>
    public ETag ETag { get; set; }

    /// <summary>Gets or sets a custom property. Setting validates the name and the value's type.</summary>
    /// <exception cref="KeyNotFoundException">Get: no such property (use the typed getters for optional values).</exception>
    /// <exception cref="ArgumentException">Set: reserved or invalid name, or a value of a type Table storage cannot hold.</exception>
    public object this[string key]
    {
        get => _properties[key];
        set
        {
            TableKeys.ValidatePropertyName(key);
            _properties[key] = Normalize(key, value);
        }
    }

    /// <inheritdoc/>
    public ICollection<string> Keys => _properties.Keys;

    /// <inheritdoc/>
    public ICollection<object> Values => _properties.Values;

    /// <summary>The number of custom properties.</summary>
    public int Count => _properties.Count;

    bool ICollection<KeyValuePair<string, object>>.IsReadOnly => false;

    /// <summary>The property as a string, null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public string? GetString(string key) => Get<string>(key);

    /// <summary>The property as an Int32, null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public int? GetInt32(string key) => GetValue<int>(key);

    /// <summary>The property as an Int64 (an Int32 value widens), null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public long? GetInt64(string key) =>
        _properties.TryGetValue(key, out var value) && value is int i ? i : GetValue<long>(key);

    /// <summary>The property as a Double (an Int32 value widens), null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public double? GetDouble(string key) =>
        _properties.TryGetValue(key, out var value) && value is int i ? i : GetValue<double>(key);

    /// <summary>The property as a Boolean, null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public bool? GetBoolean(string key) => GetValue<bool>(key);

    /// <summary>The property as a UTC DateTimeOffset, null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public DateTimeOffset? GetDateTimeOffset(string key) => GetValue<DateTimeOffset>(key);

    /// <summary>The property as a UTC DateTime, null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public DateTime? GetDateTime(string key) => GetValue<DateTimeOffset>(key)?.UtcDateTime;

    /// <summary>The property as a Guid, null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public Guid? GetGuid(string key) => GetValue<Guid>(key);

    /// <summary>The property as bytes, null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public byte[]? GetBinary(string key) => Get<byte[]>(key);

    /// <summary>The property as <see cref="BinaryData"/>, null when absent.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public BinaryData? GetBinaryData(string key) => Get<byte[]>(key) is { } bytes ? new BinaryData(bytes) : null;

    /// <inheritdoc/>
    public void Add(string key, object value)
    {
        TableKeys.ValidatePropertyName(key);
        _properties.Add(key, Normalize(key, value));
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    /// <inheritdoc/>
    public bool Remove(string key) => _properties.Remove(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value) => _properties.TryGetValue(key, out value);

    /// <inheritdoc/>
    public void Clear() => _properties.Clear();

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object>>.Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object>>.Contains(KeyValuePair<string, object> item) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).Contains(item);

    void ICollection<KeyValuePair<string, object>>.CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object>>.Remove(KeyValuePair<string, object> item) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).Remove(item);

    /// <summary>Sets a property read from the service without the write-side name rules (other writers may differ).</summary>
    internal void SetFromService(string key, object value) => _properties[key] = value;

    private T? Get<T>(string key)
        where T : class =>
        !_properties.TryGetValue(key, out var value) ? null
        : value as T ?? throw WrongType(key, typeof(T), value);

    private T? GetValue<T>(string key)
        where T : struct =>
        !_properties.TryGetValue(key, out var value) ? null
        : value is T typed ? typed : throw WrongType(key, typeof(T), value);

    private static InvalidOperationException WrongType(string key, Type wanted, object actual) =>
        new($"The property '{key}' holds a {actual.GetType().Name}, not a {wanted.Name}.");

    private static object Normalize(string key, object? value) => value switch
    {
        null => throw new ArgumentNullException(key, $"The property '{key}' cannot be null: remove it instead."),
        string or int or long or double or bool or Guid or byte[] => value,
        DateTimeOffset dto => dto.ToUniversalTime(),
        DateTime { Kind: DateTimeKind.Unspecified } => throw new ArgumentException(
            $"The DateTime for '{key}' has an unspecified kind; pass a UTC DateTime or a DateTimeOffset.", key),
        DateTime dt => new DateTimeOffset(dt.ToUniversalTime(), TimeSpan.Zero),
        BinaryData data => data.ToArray(),
        _ => throw new ArgumentException(
            $"The property '{key}' is a {value.GetType().Name}; Table storage holds string, int, long, double, bool, " +
            "DateTime/DateTimeOffset, Guid and byte[].", key),
    };
}
