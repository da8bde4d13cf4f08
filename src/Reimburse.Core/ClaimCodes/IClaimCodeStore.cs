namespace Reimburse.ClaimCodes;

/// <summary>A claim code at rest: only its HMAC, and whose it is.</summary>
/// <param name="Hash">HMAC of the code (<see cref="ClaimCodeHasher"/>).</param>
/// <param name="IncidentId">The incident the holder is affected by.</param>
/// <param name="CustomerId">The holder.</param>
/// <param name="RunId">The issuance run that created it.</param>
public sealed record ClaimCodeEntry(string Hash, string IncidentId, string CustomerId, string RunId);

/// <summary>Claim codes keyed by their HMAC, so that a code leads to its holder without a scan.</summary>
public interface IClaimCodeStore
{
    /// <summary>The entry for a code's HMAC, or null.</summary>
    Task<ClaimCodeEntry?> FindAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Stores new entries (any number; batched by partition).</summary>
    Task AddAsync(IReadOnlyList<ClaimCodeEntry> entries, CancellationToken cancellationToken);

    /// <summary>Deletes entries that are no longer valid; missing ones are ignored.</summary>
    Task RemoveAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken);
}
