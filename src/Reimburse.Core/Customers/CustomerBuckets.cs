using System.Security.Cryptography;
using System.Text;

namespace Reimburse.Customers;

/// <summary>
/// Spreads an incident's customers over a fixed number of buckets by a stable hash of the customer id, so that
/// imports write many partitions in parallel in batches of up to 100 and no partition grows without bound.
/// </summary>
public static class CustomerBuckets
{
    /// <summary>Buckets per incident. Part of the stored data's layout: changing it requires re-importing.</summary>
    public const int Count = 256;

    /// <summary>The bucket (0–255) of <paramref name="customerId"/>: the first byte of its SHA-256.</summary>
    public static int Of(string customerId)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> utf8 = customerId.Length <= 128 ? stackalloc byte[customerId.Length * 3] : new byte[customerId.Length * 3];
        var length = Encoding.UTF8.GetBytes(customerId, utf8);
        SHA256.HashData(utf8[..length], hash);
        return hash[0];
    }
}

/// <summary>A fingerprint of a customer's imported content, to tell an updated row from an unchanged one on re-import.</summary>
public static class CustomerDigest
{
    /// <summary>Base64 of the first 16 bytes of SHA-256 over every imported field in a fixed order.</summary>
    public static string Compute(AffectedCustomer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        const char Separator = '\u001f';
        var sb = new StringBuilder(256);
        sb.Append(customer.IncidentId).Append(Separator)
            .Append(customer.CustomerId).Append(Separator)
            .Append(customer.NameKanji).Append(Separator)
            .Append(customer.NameKana).Append(Separator)
            .Append(customer.Email).Append(Separator)
            .Append(customer.Phone).Append(Separator)
            .Append(customer.PostalCode).Append(Separator)
            .Append(customer.Address).Append(Separator)
            .Append(customer.CardDataLeaked ? '1' : '0').Append(Separator)
            .AppendJoin(';', customer.Cards.Select(c => c.Brand + ":" + c.Last4)).Append(Separator)
            .AppendJoin(';', customer.DataCategories);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
        return Convert.ToBase64String(hash, 0, 16);
    }
}
