using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Reimburse.ClaimCodes;

namespace Reimburse.Functions.Customers;

/// <summary>What a public eligibility check came to; the HTTP API and the cardholder page each render it their way.</summary>
public abstract record EligibilityOutcome
{
    /// <summary>The code and postal code match an affected customer.</summary>
    public sealed record Matched(EligibilityAnswer Answer, string CustomerId) : EligibilityOutcome;

    /// <summary>The code is well-formed, but code and postal code do not match a customer (an unknown code looks the same).</summary>
    public sealed record NoMatch : EligibilityOutcome;

    /// <summary>The code is not a claim code at all (length, alphabet or check symbol).</summary>
    public sealed record InvalidCode : EligibilityOutcome;

    /// <summary>Too many checks, from the client's network or of this code; wait <see cref="RetryAfter"/>.</summary>
    public sealed record TooMany(TimeSpan RetryAfter, bool ForCode) : EligibilityOutcome;
}

/// <summary>
/// The public eligibility check with its brute-force defences: the per-client and per-code rate limits and a
/// response-time floor, so that timing does not tell an unknown code from a wrong postal code.
/// </summary>
public sealed class EligibilityCheck(
    EligibilityChecker checker,
    ClaimCodeHasher hasher,
    EligibilityRateLimiter limiter,
    IOptions<EligibilityOptions> options,
    TimeProvider time)
{
    /// <summary>Checks <paramref name="claimCode"/> as typed and <paramref name="postalCode"/> for the client at <paramref name="client"/>.</summary>
    public async Task<EligibilityOutcome> CheckAsync(string? claimCode, string? postalCode, IPAddress? client, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await AnswerAsync(claimCode, postalCode, client, cancellationToken).ConfigureAwait(false);
        var remaining = TimeSpan.FromMilliseconds(options.Value.MinimumResponseMilliseconds) - Stopwatch.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
        }
        return outcome;
    }

    private async Task<EligibilityOutcome> AnswerAsync(string? claimCode, string? postalCode, IPAddress? client, CancellationToken cancellationToken)
    {
        if (!limiter.TryAcquireForClient(client, out var clientRetry))
        {
            return new EligibilityOutcome.TooMany(clientRetry, ForCode: false);
        }
        if (!ClaimCode.TryNormalize(claimCode, out var canonical))
        {
            return new EligibilityOutcome.InvalidCode();
        }
        var hash = hasher.Hash(canonical);
        if (!limiter.TryAcquireForCode(hash, out var codeRetry))
        {
            return new EligibilityOutcome.TooMany(codeRetry, ForCode: true);
        }
        var result = await checker.CheckHashAsync(hash, postalCode, cancellationToken).ConfigureAwait(false);
        return result.Answer is { } answer ? new EligibilityOutcome.Matched(answer, result.CustomerId!) : new EligibilityOutcome.NoMatch();
    }
}
