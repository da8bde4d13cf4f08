using System.Net;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Customers;

namespace Reimburse.Functions.Tests.Customers;

public sealed class EligibilityRateLimiterTests
{
    [Fact]
    public void Ipv6_clients_count_by_their_64_bit_prefix_and_ipv4_by_address()
    {
        Assert.Equal(
            EligibilityRateLimiter.ClientKey(IPAddress.Parse("2001:db8:1:2:aaaa::1")),
            EligibilityRateLimiter.ClientKey(IPAddress.Parse("2001:db8:1:2:bbbb::2")));
        Assert.NotEqual(
            EligibilityRateLimiter.ClientKey(IPAddress.Parse("2001:db8:1:2::1")),
            EligibilityRateLimiter.ClientKey(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("192.0.2.7", EligibilityRateLimiter.ClientKey(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.NotEqual(EligibilityRateLimiter.ClientKey(IPAddress.Parse("192.0.2.7")), EligibilityRateLimiter.ClientKey(IPAddress.Parse("192.0.2.8")));
    }

    [Fact]
    public void A_code_is_limited_after_its_attempts_and_other_codes_are_not()
    {
        using var limiter = new EligibilityRateLimiter(Options.Create(new EligibilityOptions { AttemptsPerCode = 2, CodeWindowMinutes = 15 }));

        var attempts = Enumerable.Range(0, 3).Select(_ => limiter.TryAcquireForCode("hash-a", out TimeSpan _)).ToList();
        var other = limiter.TryAcquireForCode("hash-b", out _);

        Assert.Equal([true, true, false], attempts);
        Assert.True(other);
        limiter.TryAcquireForCode("hash-a", out var retryAfter);
        Assert.True(retryAfter > TimeSpan.Zero && retryAfter <= TimeSpan.FromMinutes(15));
    }
}
