using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Reimburse.Functions.Customers;

/// <summary>
/// The eligibility check's brute-force limits: per client address (token bucket) and per code (fixed window). The
/// per-code limit is keyed by the code's HMAC and applies to every code alike, known or not, so hitting it says
/// nothing about whether the code exists.
/// </summary>
/// <remarks>
/// In-memory, per instance: with several instances the effective limits multiply by their number. Callers pass the
/// address <see cref="Hosting.ClientAddress.Of"/> gives: under the Functions host the one the platform forwarded, since
/// every request reaches the app from the host on loopback.
/// </remarks>
public sealed class EligibilityRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _clients;
    private readonly PartitionedRateLimiter<string> _codes;

    public EligibilityRateLimiter(IOptions<EligibilityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _clients = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.PermitsPerClientPerMinute,
            TokensPerPeriod = o.PermitsPerClientPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        _codes = PartitionedRateLimiter.Create<string, string>(hash => RateLimitPartition.GetFixedWindowLimiter(hash, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = o.AttemptsPerCode,
            Window = TimeSpan.FromMinutes(o.CodeWindowMinutes),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one permit for the client; false when it has used up its allowance (answer 429).</summary>
    public bool TryAcquireForClient(IPAddress? address, out TimeSpan retryAfter) => TryAcquire(_clients, ClientKey(address), out retryAfter);

    /// <summary>Takes one permit for the code (by HMAC); false when the code has been tried too often (answer 429).</summary>
    public bool TryAcquireForCode(string codeHash, out TimeSpan retryAfter) => TryAcquire(_codes, codeHash, out retryAfter);

    public void Dispose()
    {
        _clients.Dispose();
        _codes.Dispose();
    }

    /// <summary>IPv4 addresses count alone; IPv6 addresses by their /64, which one subscriber usually holds whole.</summary>
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static bool TryAcquire(PartitionedRateLimiter<string> limiter, string key, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(key);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }
}
