using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reimburse.Functions.Local;

/// <summary>
/// The local development environment: the repository root and its git-ignored `.data/` folder, which holds
/// Azurite's data and the development secrets (staff token signing key, claim-code HMAC key). These secrets
/// exist only on the developer's machine; in Azure they come from Key Vault.
/// </summary>
public sealed class DevEnvironment
{
    private DevEnvironment(string root) => RepositoryRoot = root;

    public string RepositoryRoot { get; }

    public string DataFolder => Path.Combine(RepositoryRoot, ".data");

    public string SecretsFile => Path.Combine(DataFolder, "dev-secrets.json");

    /// <summary>Where a running `reimburse up` leaves its storage connection string for the other commands.</summary>
    public string RunningSystemFile => Path.Combine(DataFolder, "up-storage.txt");

    /// <summary>The connection string of the running local system's Azurite, if `reimburse up` is running.</summary>
    public string? RunningStorageConnection() => File.Exists(RunningSystemFile) ? File.ReadAllText(RunningSystemFile).Trim() : null;

    /// <summary>Development settings for commands run beside `reimburse up`: its secrets and its storage.</summary>
    public static Dictionary<string, string?> SettingsForCommands()
    {
        try
        {
            var dev = Locate();
            var settings = new Dictionary<string, string?>(dev.LoadOrCreateSecrets());
            if (dev.RunningStorageConnection() is { Length: > 0 } connection)
            {
                settings["Storage:ConnectionString"] = connection;
            }
            return settings;
        }
        catch (InvalidOperationException)
        {
            // Not inside the repository (e.g. in Azure): everything comes from configuration.
            return [];
        }
    }

    /// <summary>Finds the repository (the folder with Reimburse.sln) above the current or the program's folder.</summary>
    public static DevEnvironment Locate()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Reimburse.sln")))
                {
                    return new DevEnvironment(dir.FullName);
                }
            }
        }
        throw new InvalidOperationException("This is a development command: run it inside the Reimburse repository (no Reimburse.sln found above the current folder).");
    }

    /// <summary>Reads the development secrets, creating them on first use; returns configuration key/value pairs.</summary>
    public IReadOnlyDictionary<string, string?> LoadOrCreateSecrets()
    {
        Directory.CreateDirectory(DataFolder);
        JsonObject secrets;
        if (File.Exists(SecretsFile))
        {
            secrets = JsonNode.Parse(File.ReadAllText(SecretsFile)) as JsonObject ?? new JsonObject();
        }
        else
        {
            secrets = new JsonObject();
        }
        var changed = false;
        foreach (var key in new[] { "StaffTokens:SigningKey", "ClaimCodes:HmacKey", "Cardholders:SessionKey", "Review:DocumentLinkKey" })
        {
            if (secrets[key] is null)
            {
                secrets[key] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                changed = true;
            }
        }
        if (changed)
        {
            var temp = SecretsFile + ".tmp";
            File.WriteAllText(temp, secrets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.Move(temp, SecretsFile, overwrite: true);
        }
        return secrets.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>());
    }
}
