using System.Globalization;
using System.Text.RegularExpressions;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>
/// The Table service's rules for keys, table names and property names, checked on the client before any request so
/// that bad input fails fast with an error that says what is wrong.
/// </summary>
public static partial class TableKeys
{
    /// <summary>The longest key: 1 KiB of UTF-16, i.e. 512 characters.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>The longest property name.</summary>
    public const int MaxPropertyNameLength = 255;

    /// <summary>
    /// Throws unless <paramref name="value"/> is a valid PartitionKey or RowKey: at most 512 characters, none of
    /// <c>/ \ # ?</c>, no control character (U+0000–U+001F, U+007F–U+009F), no unpaired surrogate. Empty is allowed.
    /// </summary>
    /// <param name="value">The key.</param>
    /// <param name="keyName">The key's name for the message and the exception's ParamName, e.g. "RowKey".</param>
    /// <exception cref="ArgumentException">The key breaks a rule; the message names the key, the character and its index
    /// (never the key's value, which may be personal data).</exception>
    public static void Validate(string? value, string keyName)
    {
        var error = FindError(value, keyName);
        if (error is not null)
        {
            throw new ArgumentException(error, keyName);
        }
    }

    /// <summary>True when <paramref name="value"/> is a valid key (see <see cref="Validate"/>).</summary>
    public static bool IsValid(string? value) => FindError(value, "key") is null;

    /// <summary>Throws unless the name matches <c>^[A-Za-z][A-Za-z0-9]{2,62}$</c> and is not the reserved name "tables".</summary>
    /// <exception cref="ArgumentException">The name is not a valid table name.</exception>
    public static void ValidateTableName(string? tableName)
    {
        if (tableName is null || !TableNamePattern().IsMatch(tableName) || tableName.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                "A table name must be 3–63 letters or digits, start with a letter, and not be the reserved name 'tables'.",
                nameof(tableName));
        }
    }

    internal static void ValidatePropertyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxPropertyNameLength)
        {
            throw new ArgumentException($"A property name must be 1–{MaxPropertyNameLength} characters long.", nameof(name));
        }
        if (name is "PartitionKey" or "RowKey" or "Timestamp" or "ETag" || name.StartsWith("odata.", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is a system property: use the entity's {name} member instead.", nameof(name));
        }
        var bad = name.IndexOfAny(['@', '/', '\\', '#', '?', ',', ' ', '\'', '"']);
        if (bad >= 0 || name.Any(char.IsControl))
        {
            throw new ArgumentException($"The property name '{name}' contains a character that Table storage does not allow.", nameof(name));
        }
    }

    private static string? FindError(string? value, string keyName)
    {
        if (value is null)
        {
            return $"{keyName} is required.";
        }
        if (value.Length > MaxKeyLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{keyName} is {value.Length} characters long; Table storage allows at most {MaxKeyLength} (1 KiB).");
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var problem = c switch
            {
                '/' or '\\' or '#' or '?' => string.Create(CultureInfo.InvariantCulture, $"the character '{c}' (U+{(int)c:X4})"),
                <= '\u001F' or (>= '\u007F' and <= '\u009F') => string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}"),
                _ when char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])) => "an unpaired surrogate",
                _ when char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1])) => "an unpaired surrogate",
                _ => null,
            };
            if (problem is not null)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{keyName} contains {problem} at index {i}; Table keys may not contain / \\ # ? or control characters (U+0000–U+001F, U+007F–U+009F).");
            }
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
