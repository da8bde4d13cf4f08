using System.Text;

namespace Reimburse.Text;

/// <summary>Stable lower-case names for codes in APIs and metrics: <c>NotAffected</c> → <c>not-affected</c>.</summary>
public static class KebabCase
{
    /// <summary>The name of an enum value in kebab case.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => Of(value.ToString());

    /// <summary>A PascalCase name in kebab case.</summary>
    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && name[i - 1] != '-')
            {
                sb.Append('-');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
