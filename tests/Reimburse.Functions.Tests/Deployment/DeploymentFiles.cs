using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Deployment;

/// <summary>A Bicep app setting: its name and the expression that gives its value.</summary>
internal sealed record BicepSetting(string Name, string Expression, string File)
{
    /// <summary>A Key Vault reference (<c>'@Microsoft.KeyVault(…;SecretName=x)'</c>): the secret's name, or null.</summary>
    public string? KeyVaultSecret => Regex.Match(Expression, @"^'@Microsoft\.KeyVault\(.*SecretName=([a-z0-9-]+)\)'$") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The value when the expression is a plain string literal ('…' without interpolation), or null.</summary>
    public string? Literal => Regex.Match(Expression, @"^'([^'$]*)'$") is { Success: true } m ? m.Groups[1].Value : null;
}

/// <summary>Reads the deployment files of the repository: infra/*.bicep app settings, host.json, functions/*, local.settings.json.example.</summary>
internal static partial class DeploymentFiles
{
    public static string Root => RepoPaths.Root;

    /// <summary>
    /// The app settings the Bicep gives the function app: the <c>appSettings: { … }</c> object of infra/main.bicep
    /// (the app's) and <c>var hostSettings = { … }</c> of infra/modules/functionapp.bicep (the host's). One setting per line.
    /// </summary>
    public static IReadOnlyList<BicepSetting> BicepAppSettings() =>
    [
        .. ObjectLines(Path.Combine("infra", "main.bicep"), "appSettings: {"),
        .. ObjectLines(Path.Combine("infra", "modules", "functionapp.bicep"), "var hostSettings = {"),
    ];

    /// <summary>The Values of local.settings.json.example.</summary>
    public static IReadOnlyDictionary<string, string> LocalSettingsExample()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.json.example")));
        Assert.False(json.RootElement.GetProperty("IsEncrypted").GetBoolean());
        return json.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
    }

    /// <summary>host.json.</summary>
    public static JsonElement HostJson() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "host.json"))).RootElement;

    /// <summary>Every function: its folder name and the bindings of its function.json.</summary>
    public static IReadOnlyDictionary<string, JsonElement[]> Functions() =>
        Directory.EnumerateDirectories(Path.Combine(Root, "functions"))
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .ToDictionary(
                d => Path.GetFileName(d),
                d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "function.json"))).RootElement.GetProperty("bindings").EnumerateArray().ToArray(),
                StringComparer.Ordinal);

    /// <summary>
    /// The settings the README's "## Configuration" table documents, from the first cell of each row: a code span
    /// <c>`A:B:C`</c> names a setting and makes <c>A:B</c> the prefix of the spans after it in the cell, which may name
    /// a sibling as <c>`C`</c> or <c>`…:C`</c>. Spans that are not setting paths (<c>`x=y`</c>) are not settings.
    /// </summary>
    public static IReadOnlySet<string> ReadmeConfigurationKeys()
    {
        var readme = Text("README.md");
        var start = readme.IndexOf("\n## Configuration\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"## Configuration\" section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in readme[start..(end < 0 ? readme.Length : end)].Split('\n'))
        {
            var cells = line.Split('|');
            if (cells.Length < 3 || !line.StartsWith('|'))
            {
                continue;
            }
            string? prefix = null;
            foreach (Match span in CodeSpan().Matches(cells[1]))
            {
                var path = span.Groups[1].Value;
                if (!SettingPath().IsMatch(path))
                {
                    continue;
                }
                var relative = path.StartsWith("…:", StringComparison.Ordinal) ? path[2..] : path.Contains(':', StringComparison.Ordinal) ? null : path;
                if (relative is null)
                {
                    keys.Add(path);
                    prefix = path[..path.LastIndexOf(':')];
                }
                else if (prefix is not null)
                {
                    keys.Add(prefix + ":" + relative);
                }
            }
        }
        return keys;
    }

    /// <summary>A file of the repository as text.</summary>
    public static string Text(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));

    /// <summary>
    /// The interval of an NCRONTAB schedule of the forms the timers use: "0 */N * * * *" (every N minutes),
    /// "0 0 */N * * *" (every N hours), "0 M H * * *" (daily).
    /// </summary>
    public static TimeSpan Period(string schedule)
    {
        var f = schedule.Split(' ');
        Assert.True(f.Length == 6 && f[0] == "0" && f[3] == "*" && f[4] == "*" && f[5] == "*", "unsupported schedule (extend DeploymentFiles.Period): " + schedule);
        if (f[1].StartsWith("*/", StringComparison.Ordinal) && f[2] == "*")
        {
            return TimeSpan.FromMinutes(int.Parse(f[1][2..], CultureInfo.InvariantCulture));
        }
        if (f[1] == "0" && f[2].StartsWith("*/", StringComparison.Ordinal))
        {
            return TimeSpan.FromHours(int.Parse(f[2][2..], CultureInfo.InvariantCulture));
        }
        Assert.True(int.TryParse(f[1], out _) && int.TryParse(f[2], out _), "unsupported schedule (extend DeploymentFiles.Period): " + schedule);
        return TimeSpan.FromDays(1);
    }

    private static IEnumerable<BicepSetting> ObjectLines(string file, string opening)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));
        var start = text.IndexOf(opening, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{file} has no `{opening}` block");
        var depth = 0;
        var end = start + opening.Length - 1;
        for (var i = end; i < text.Length; i++)
        {
            depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                end = i;
                break;
            }
        }
        foreach (var line in text[(start + opening.Length)..end].Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            var m = SettingLine().Match(trimmed);
            Assert.True(m.Success, $"{file}: `{trimmed}` is not one `Name: value` setting per line");
            yield return new BicepSetting(m.Groups[1].Value, m.Groups[2].Value.Trim(), file);
        }
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("^(…:)?[A-Za-z][A-Za-z0-9]*(:[A-Za-z][A-Za-z0-9]*)*$")]
    private static partial Regex SettingPath();

    [GeneratedRegex(@"^'?([A-Za-z_][A-Za-z0-9_]*)'?\s*:\s*(.+)$")]
    private static partial Regex SettingLine();
}
