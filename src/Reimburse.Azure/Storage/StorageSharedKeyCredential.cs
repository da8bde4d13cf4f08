using System.Security.Cryptography;
using System.Text;

namespace Reimburse.Azure.Storage;

/// <summary>
/// The account name and key used to sign requests with Shared Key authorization (Blob, Queue and Table).
/// </summary>
/// <remarks>
/// The key is a secret: this type never prints it (<see cref="ToString"/> shows the account name only).
/// Prefer managed identity (<see cref="global::Azure.Core.TokenCredential"/>) in Azure; Shared Key is for Azurite and
/// for accounts where key access is deliberately enabled.
/// </remarks>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    /// <summary>Creates the credential.</summary>
    /// <param name="accountName">The storage account name, e.g. <c>devstoreaccount1</c>.</param>
    /// <param name="accountKey">The base64 account key.</param>
    /// <exception cref="ArgumentException">The name is empty or the key is not base64.</exception>
    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            // The message must not echo the key.
            throw new ArgumentException("The storage account key is not valid base64.", nameof(accountKey));
        }
    }

    /// <summary>The storage account name.</summary>
    public string AccountName { get; }

    /// <summary>Shows the account name only, never the key.</summary>
    public override string ToString() => $"SharedKey({AccountName})";

    internal string ComputeSignature(string stringToSign)
    {
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign));
        return Convert.ToBase64String(hash);
    }
}
