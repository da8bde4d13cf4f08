using System.Globalization;

namespace Reimburse.Azure.Storage;

/// <summary>
/// A parsed storage connection string: <c>UseDevelopmentStorage=true</c> (Azurite on its default ports), or
/// <c>DefaultEndpointsProtocol/AccountName/AccountKey/EndpointSuffix</c>, optionally with explicit
/// <c>BlobEndpoint/QueueEndpoint/TableEndpoint</c> (path-style, with the account in the path, for Azurite on other ports).
/// </summary>
/// <remarks>
/// Only Shared Key connection strings are supported (no SAS). Parse errors name the offending setting but never
/// echo the account key. <see cref="ToString"/> never shows the key.
/// </remarks>
public sealed class StorageConnectionString
{
    /// <summary>The Azurite account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    // The well-known Azurite/emulator key, published by Microsoft; not a secret.
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageConnectionString(StorageSharedKeyCredential credential, Uri blob, Uri queue, Uri table, bool isDevelopment)
    {
        Credential = credential;
        BlobEndpoint = blob;
        QueueEndpoint = queue;
        TableEndpoint = table;
        IsDevelopmentStorage = isDevelopment;
    }

    /// <summary>The account name and key.</summary>
    public StorageSharedKeyCredential Credential { get; }

    /// <summary>The account name.</summary>
    public string AccountName => Credential.AccountName;

    /// <summary>The Blob service endpoint (no trailing slash).</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The Queue service endpoint (no trailing slash).</summary>
    public Uri QueueEndpoint { get; }

    /// <summary>The Table service endpoint (no trailing slash).</summary>
    public Uri TableEndpoint { get; }

    /// <summary>True for <c>UseDevelopmentStorage=true</c>.</summary>
    public bool IsDevelopmentStorage { get; }

    /// <summary>Parses a connection string.</summary>
    /// <exception cref="FormatException">The string is malformed or lacks a setting; the message says which.</exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var settings = ParseSettings(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev))
        {
            if (!string.Equals(dev, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException("UseDevelopmentStorage must be 'true' when present.");
            }
            if (settings.ContainsKey("DevelopmentStorageProxyUri"))
            {
                throw new FormatException("DevelopmentStorageProxyUri is not supported.");
            }
            return new StorageConnectionString(
                new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey),
                new Uri("http://127.0.0.1:10000/" + DevelopmentAccountName),
                new Uri("http://127.0.0.1:10001/" + DevelopmentAccountName),
                new Uri("http://127.0.0.1:10002/" + DevelopmentAccountName),
                isDevelopment: true);
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("SAS connection strings are not supported; use AccountName/AccountKey or a managed identity.");
        }
        var accountName = Required(settings, "AccountName");
        var accountKey = Required(settings, "AccountKey");
        StorageSharedKeyCredential credential;
        try
        {
            credential = new StorageSharedKeyCredential(accountName, accountKey);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException("AccountKey is not valid base64.", ex);
        }

        var protocol = settings.TryGetValue("DefaultEndpointsProtocol", out var p) ? p.ToLowerInvariant() : "https";
        if (protocol is not ("http" or "https"))
        {
            throw new FormatException("DefaultEndpointsProtocol must be 'http' or 'https'.");
        }
        var suffix = settings.TryGetValue("EndpointSuffix", out var s) ? s.Trim('.') : "core.windows.net";

        Uri Endpoint(string key, string service)
        {
            if (settings.TryGetValue(key, out var explicitEndpoint))
            {
                if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    throw new FormatException($"{key} must be an absolute http(s) URI.");
                }
                return TrimTrailingSlash(uri);
            }
            return new Uri(string.Create(CultureInfo.InvariantCulture, $"{protocol}://{accountName}.{service}.{suffix}"));
        }

        return new StorageConnectionString(
            credential,
            Endpoint("BlobEndpoint", "blob"),
            Endpoint("QueueEndpoint", "queue"),
            Endpoint("TableEndpoint", "table"),
            isDevelopment: false);
    }

    /// <summary>Shows the endpoints and account name, never the key.</summary>
    public override string ToString() =>
        $"AccountName={AccountName};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint}";

    internal static Uri TrimTrailingSlash(Uri uri)
    {
        var text = uri.GetLeftPart(UriPartial.Path);
        return text.EndsWith('/') && uri.AbsolutePath.Length > 1 ? new Uri(text.TrimEnd('/')) : uri;
    }

    private static Dictionary<string, string> ParseSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException("Each connection string setting must look like Name=Value.");
            }
            var name = part[..eq].Trim();
            // Keys are base64 and may end in '='; only the first '=' separates name and value.
            var value = part[(eq + 1)..].Trim();
            if (!settings.TryAdd(name, value))
            {
                throw new FormatException($"The setting {name} appears more than once.");
            }
        }
        if (settings.Count == 0)
        {
            throw new FormatException("The storage connection string is empty.");
        }
        return settings;
    }

    private static string Required(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The storage connection string lacks {name}.");
}
