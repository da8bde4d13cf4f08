using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reimburse.Functions.Deployment;

/// <summary>What <see cref="DeploymentPackage.Create"/> produced.</summary>
/// <param name="Folder">The package as a folder (azd deploys it from there).</param>
/// <param name="Zip">The same package as one zip (for <c>az functionapp deployment source config-zip</c> and the like).</param>
/// <param name="Files">Every file, relative to the package root with '/' separators, sorted.</param>
/// <param name="Functions">The function names (folders with a function.json at the root).</param>
public sealed record PackageResult(string Folder, string Zip, IReadOnlyList<string> Files, IReadOnlyList<string> Functions);

/// <summary>
/// Assembles the Azure Functions deployment package from a <c>dotnet publish</c> output: the publish output, host.json
/// and every <c>functions/&lt;Name&gt;/function.json</c> as <c>&lt;Name&gt;/function.json</c> at the package root. Leaves
/// out what only development uses (Development/Testing settings, symbols, API docs) and refuses a publish output that
/// holds what must never ship (tests, local settings, secrets).
/// </summary>
/// <remarks>
/// The policy is one list here (<see cref="IsDevelopmentOnly"/>, <see cref="ForbiddenReason"/>) so that
/// <c>./reimburse publish</c> and the test that checks the package use the same rules.
/// </remarks>
public static partial class DeploymentPackage
{
    /// <summary>The folder of the function definitions in the repository.</summary>
    public const string FunctionsFolder = "functions";

    /// <summary>The zip's name.</summary>
    public const string ZipName = "reimburse.zip";

    /// <summary>The package folder's name beside the zip.</summary>
    public const string PackageFolderName = "package";

    // The only file the app needs from node_modules: the bank list it loads at start-up (BankingOptions).
    internal const string BankList = "node_modules/zengin-code/lib/zengin-data.js";

    // Unix mode of a regular file that is executable (rwxr-xr-x) or not (rw-r--r--), as a zip entry's external
    // attributes carry it (S_IFREG with the permission bits, in the upper 16 bits).
    private const int RegularFile = 0x8000;
    private const int ExecutableMode = 0b111_101_101;
    private const int FileMode = 0b110_100_100;

    /// <summary>Builds the package folder and zip under <paramref name="outputFolder"/> (both replaced).</summary>
    /// <param name="publishFolder">The <c>dotnet publish</c> output of src/Reimburse.Functions.</param>
    /// <param name="repositoryRoot">Where host.json and functions/ are.</param>
    /// <param name="outputFolder">Receives <c>package/</c> and <c>reimburse.zip</c>.</param>
    /// <param name="knownSecrets">Values that must appear nowhere in the package (the development secrets).</param>
    /// <exception cref="InvalidOperationException">The publish output or the function definitions break the policy; the message says how.</exception>
    public static PackageResult Create(string publishFolder, string repositoryRoot, string outputFolder, IEnumerable<string>? knownSecrets = null)
    {
        var hostJson = Path.Combine(repositoryRoot, "host.json");
        if (!File.Exists(hostJson))
        {
            throw new InvalidOperationException("host.json is missing in " + repositoryRoot + ".");
        }
        if (!Directory.Exists(publishFolder))
        {
            throw new InvalidOperationException("The publish folder " + publishFolder + " does not exist: run dotnet publish first.");
        }

        // Relative path in the package → source file.
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(publishFolder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(publishFolder, path).Replace(Path.DirectorySeparatorChar, '/');
            if (ForbiddenReason(relative) is { } reason)
            {
                throw new InvalidOperationException($"The publish output holds {relative}: {reason}. It must not be deployed.");
            }
            if (!IsDevelopmentOnly(relative))
            {
                files[relative] = path;
            }
        }
        files["host.json"] = hostJson;
        var functions = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(repositoryRoot, FunctionsFolder)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var definition = Path.Combine(folder, "function.json");
            if (!File.Exists(definition))
            {
                continue;
            }
            if (!FunctionName().IsMatch(name))
            {
                throw new InvalidOperationException($"functions/{name}: a function name is a letter followed by letters, digits, '_' or '-'.");
            }
            if (files.Keys.Any(f => f.StartsWith(name + "/", StringComparison.OrdinalIgnoreCase) || string.Equals(f, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"functions/{name} collides with {name} in the publish output.");
            }
            files[name + "/function.json"] = definition;
            functions.Add(name);
        }

        var executable = ExecutableOf(hostJson);
        if (!files.ContainsKey(executable))
        {
            throw new InvalidOperationException($"host.json runs '{executable}', which the publish output does not have (publish for linux-x64 with an app host).");
        }
        if (!files.ContainsKey(BankList))
        {
            throw new InvalidOperationException($"The publish output lacks {BankList}, which the app loads at start-up: run `npm ci` before publishing.");
        }

        var folderPath = Path.Combine(outputFolder, PackageFolderName);
        var zipPath = Path.Combine(outputFolder, ZipName);
        if (Directory.Exists(folderPath))
        {
            Directory.Delete(folderPath, recursive: true);
        }
        Directory.CreateDirectory(folderPath);
        File.Delete(zipPath);
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            foreach (var (relative, source) in files)
            {
                var target = Path.Combine(folderPath, relative.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
                var runnable = relative == executable || (Path.GetExtension(relative).Length == 0 && IsExecutable(source));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, (UnixFileMode)(runnable ? ExecutableMode : FileMode));
                }
                var entry = zip.CreateEntry(relative, CompressionLevel.Optimal);
                // The Functions host starts the executable from the unpacked package: the zip must say it is one.
                entry.ExternalAttributes = (RegularFile | (runnable ? ExecutableMode : FileMode)) << 16;
                // A fixed time, so that the same inputs make the same zip.
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var content = File.OpenRead(source);
                using var stream = entry.Open();
                content.CopyTo(stream);
            }
        }
        if (FindSecrets(folderPath, knownSecrets ?? []) is { Count: > 0 } leaks)
        {
            Directory.Delete(folderPath, recursive: true);
            File.Delete(zipPath);
            throw new InvalidOperationException("The package would hold secrets in " + string.Join(", ", leaks) + ": nothing was written.");
        }
        return new PackageResult(folderPath, zipPath, [.. files.Keys], functions);
    }

    /// <summary>
    /// True for files only development uses, left out of the package: settings for other environments
    /// (appsettings.Development.json …), symbols and XML API docs.
    /// </summary>
    public static bool IsDevelopmentOnly(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var name = Path.GetFileName(relativePath);
        return (name.StartsWith("appsettings.", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "appsettings.json", StringComparison.OrdinalIgnoreCase))
            || name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)
            || (name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !relativePath.Contains('/', StringComparison.Ordinal));
    }

    /// <summary>Why a file must never be deployed (tests, local settings, development secrets, data), or null.</summary>
    public static string? ForbiddenReason(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var name = Path.GetFileName(relativePath);
        if (relativePath.Split('/').Any(p => p is ".data" or "TestResults" or ".git"))
        {
            return "local data";
        }
        if (string.Equals(name, "local.settings.json", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "dev-secrets.json", StringComparison.OrdinalIgnoreCase))
        {
            return "local settings and development secrets";
        }
        if (name.Contains(".Tests.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("testhost", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Microsoft.TestPlatform", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Reimburse.Testing", StringComparison.OrdinalIgnoreCase))
        {
            return "test code";
        }
        if (name.EndsWith(".trx", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".key", StringComparison.OrdinalIgnoreCase))
        {
            return "test results or key material";
        }
        return null;
    }

    /// <summary>Files whose text holds secrets of the kinds this app has (account keys, private keys) or any value of the development secrets.</summary>
    public static IReadOnlyList<string> FindSecrets(string packageFolder, IEnumerable<string> knownSecrets)
    {
        ArgumentNullException.ThrowIfNull(knownSecrets);
        var needles = knownSecrets.Where(s => s.Length >= 16).Concat(["AccountKey=", "SharedAccessSignature=", "-----BEGIN "]).ToList();
        var found = new List<string>();
        foreach (var path in Directory.EnumerateFiles(packageFolder, "*", SearchOption.AllDirectories))
        {
            if (Path.GetExtension(path) is not (".json" or ".js" or ".txt" or ".config" or ".xml" or ".yaml" or ".yml" or ".env" or ""))
            {
                continue;
            }
            var text = File.ReadAllText(path, Encoding.UTF8);
            if (needles.Any(n => text.Contains(n, StringComparison.Ordinal)))
            {
                found.Add(Path.GetRelativePath(packageFolder, path).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }
        return found;
    }

    /// <summary>The executable host.json's custom handler runs (customHandler.description.defaultExecutablePath).</summary>
    public static string ExecutableOf(string hostJsonPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        return json.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()
            ?? throw new InvalidOperationException("host.json has no customHandler.description.defaultExecutablePath.");
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex FunctionName();
}
