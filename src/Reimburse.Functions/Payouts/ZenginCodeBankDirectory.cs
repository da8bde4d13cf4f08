using System.Globalization;
using System.Text.Json;
using Reimburse.Banking;
using Reimburse.Payouts;

namespace Reimburse.Functions.Payouts;

/// <summary>
/// The bank list of the MIT-licensed npm package <c>zengin-code</c> (pinned in package-lock.json), read once at
/// start-up from <c>lib/zengin-data.js</c> into an <see cref="InMemoryBankDirectory"/>. A new list is a version
/// bump of the package, not a code change.
/// </summary>
/// <remarks>
/// The file is a CommonJS module, <c>module.exports = { "0001": { code, name, kana, hira, roma, branches: { "001":
/// { … } } } };</c>: the object literal is strict JSON, so it is read with <see cref="Utf8JsonReader"/> after the
/// prefix and the trailing semicolon are cut off. Nothing is executed.
/// </remarks>
public sealed class ZenginCodeBankDirectory : IBankDirectory
{
    /// <summary>The data file's path inside the package.</summary>
    public static readonly string RelativeDataPath = Path.Combine("node_modules", "zengin-code", "lib", "zengin-data.js");

    private readonly InMemoryBankDirectory _index;

    private ZenginCodeBankDirectory(InMemoryBankDirectory index, string dataPath, string? version, int namesWithoutKana)
    {
        _index = index;
        DataPath = dataPath;
        Version = version;
        NamesWithoutZenginKana = namesWithoutKana;
    }

    /// <summary>The file the list was read from.</summary>
    public string DataPath { get; }

    /// <summary>The package version (from its package.json), when found.</summary>
    public string? Version { get; }

    /// <summary>
    /// Banks and branches whose reading has a character without a Zengin form; their names are left blank in
    /// transfer files (the standard allows it: the codes identify the account).
    /// </summary>
    public int NamesWithoutZenginKana { get; }

    public int BankCount => _index.BankCount;

    public int BranchCount => _index.BranchCount;

    public BankEntry? FindBank(string bankCode) => _index.FindBank(bankCode);

    public BranchEntry? FindBranch(string bankCode, string branchCode) => _index.FindBranch(bankCode, branchCode);

    public IReadOnlyList<BankEntry> SearchBanks(string query, int limit) => _index.SearchBanks(query, limit);

    public IReadOnlyList<BranchEntry> SearchBranches(string bankCode, string query, int limit) => _index.SearchBranches(bankCode, query, limit);

    /// <summary>
    /// The data file: <paramref name="configuredPath"/> when set, otherwise the package under the app's folder
    /// (the build copies it there) or under the repository root above the app or the current folder.
    /// </summary>
    /// <returns>The path, or null; <paramref name="searched"/> lists where it looked.</returns>
    public static string? Locate(string? configuredPath, out IReadOnlyList<string> searched)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            candidates.Add(Path.GetFullPath(configuredPath));
        }
        else
        {
            foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, RelativeDataPath);
                    if (!candidates.Contains(candidate, StringComparer.Ordinal))
                    {
                        candidates.Add(candidate);
                    }
                }
            }
        }
        searched = candidates;
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Reads and indexes the list.</summary>
    /// <exception cref="InvalidDataException">The file is not the expected module; the message says where.</exception>
    public static ZenginCodeBankDirectory Load(string dataPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        var bytes = File.ReadAllBytes(dataPath);
        var (banks, branches, withoutKana) = Parse(bytes, dataPath);
        InMemoryBankDirectory index;
        try
        {
            index = new InMemoryBankDirectory(banks, branches);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException(dataPath + ": " + ex.Message, ex);
        }
        return new ZenginCodeBankDirectory(index, dataPath, ReadVersion(dataPath), withoutKana);
    }

    private static (List<BankEntry> Banks, List<BranchEntry> Branches, int WithoutKana) Parse(byte[] bytes, string dataPath)
    {
        var span = bytes.AsSpan();
        var start = span.IndexOf((byte)'{');
        var end = span.LastIndexOf((byte)'}');
        if (start < 0 || end < start)
        {
            throw new InvalidDataException(dataPath + " does not hold an object literal (module.exports = { … }).");
        }
        var banks = new List<BankEntry>(1_200);
        var branches = new List<BranchEntry>(32_000);
        var withoutKana = 0;
        var reader = new Utf8JsonReader(span[start..(end + 1)], new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var bankCode = reader.GetString()!;
                Expect(ref reader, JsonTokenType.StartObject);
                var bank = ReadEntry(ref reader, bankCode, 4, dataPath, branchesOf: bankCode, branches, ref withoutKana);
                banks.Add(new BankEntry(bankCode, bank.Name, bank.Kana, bank.Zengin));
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{dataPath}: not valid JSON near byte {start + reader.BytesConsumed}: {ex.Message}"), ex);
        }
        return (banks, branches, withoutKana);
    }

    // Reads one bank or branch object (the reader is on its StartObject); for a bank, also its branches.
    private static (string Name, string Kana, string Zengin) ReadEntry(
        ref Utf8JsonReader reader, string code, int digits, string dataPath, string? branchesOf, List<BranchEntry> branches, ref int withoutKana)
    {
        if (code.Length != digits || !code.All(char.IsAsciiDigit))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{dataPath}: '{code}' is not a {digits}-digit code."));
        }
        string? name = null;
        string? kana = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            switch (property)
            {
                case "name":
                    Next(ref reader);
                    name = reader.GetString();
                    break;
                case "kana":
                    Next(ref reader);
                    kana = reader.GetString();
                    break;
                case "code":
                    Next(ref reader);
                    if (reader.GetString() != code)
                    {
                        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{dataPath}: entry '{code}' says its code is '{reader.GetString()}'."));
                    }
                    break;
                case "branches" when branchesOf is not null:
                    Expect(ref reader, JsonTokenType.StartObject);
                    while (Next(ref reader) == JsonTokenType.PropertyName)
                    {
                        var branchCode = reader.GetString()!;
                        Expect(ref reader, JsonTokenType.StartObject);
                        var branch = ReadEntry(ref reader, branchCode, 3, dataPath, branchesOf: null, branches, ref withoutKana);
                        branches.Add(new BranchEntry(branchesOf, branchCode, branch.Name, branch.Kana, branch.Zengin));
                    }
                    break;
                default:
                    Next(ref reader);
                    reader.Skip();
                    break;
            }
        }
        if (name is null || kana is null)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{dataPath}: entry '{code}'{(branchesOf is null ? "" : " of bank " + branchesOf)} has no name or kana."));
        }
        if (!ZenginKana.TryToZenginKana(kana, out var zengin, out _))
        {
            withoutKana++;
            zengin = string.Empty;
        }
        return (name, kana, zengin);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("unexpected end of data");
        }
        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException("expected " + type + ", found " + reader.TokenType);
        }
    }

    private static string? ReadVersion(string dataPath)
    {
        var packageJson = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(dataPath)!)!, "package.json");
        if (!File.Exists(packageJson))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(packageJson));
            return doc.RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
