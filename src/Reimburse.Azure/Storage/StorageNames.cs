using System.Text.RegularExpressions;

namespace Reimburse.Azure.Storage;

/// <summary>The naming rule that containers and queues share.</summary>
internal static partial class StorageNames
{
    /// <summary>3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static void ValidateLowercaseName(string? name, string kind)
    {
        if (name is null || !LowercaseName().IsMatch(name) || name.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"A {kind} name is 3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(name));
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex LowercaseName();
}
