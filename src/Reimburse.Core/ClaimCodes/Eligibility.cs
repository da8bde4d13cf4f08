using System.Security.Cryptography;
using System.Text;
using Reimburse.Customers;
using Reimburse.Incidents;

namespace Reimburse.ClaimCodes;

/// <summary>What a claim-code holder learns: that they are affected, what leaked, which cards, and when to claim. Nothing else.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="IncidentName">Its display name.</param>
/// <param name="DataCategories">The kinds of personal data that leaked (<see cref="Customers.DataCategories"/>).</param>
/// <param name="CardDataLeaked">Whether card data leaked (and a reissue fee can be claimed).</param>
/// <param name="Cards">The leaked cards: brand and last 4 digits.</param>
/// <param name="ClaimsOpenOn">First day claims are accepted.</param>
/// <param name="ClaimsCloseOn">Last day claims are accepted.</param>
public sealed record EligibilityAnswer(
    string IncidentId,
    string IncidentName,
    IReadOnlyList<string> DataCategories,
    bool CardDataLeaked,
    IReadOnlyList<LeakedCard> Cards,
    DateOnly ClaimsOpenOn,
    DateOnly ClaimsCloseOn);

/// <summary>The result of an eligibility check: an answer, or null when code and postal code do not match a customer.</summary>
public sealed record EligibilityResult(EligibilityAnswer? Answer)
{
    public static EligibilityResult NoMatch { get; } = new((EligibilityAnswer?)null);

    public bool Matched => Answer is not null;

    /// <summary>
    /// Whose code matched: for opening the holder's session, never for the holder's eyes (the answer says what they
    /// may see).
    /// </summary>
    public string? CustomerId { get; init; }
}

/// <summary>
/// Answers "am I affected, and by what?" for the holder of a claim code and the postal code it was mailed to.
/// </summary>
/// <remarks>
/// An unknown code and a known code with the wrong postal code must look the same from outside, so both paths do the
/// same work: one code read, one customer read, one incident read and two constant-time comparisons — against
/// placeholders when the code is unknown. The endpoint adds a response-time floor on top.
/// </remarks>
public sealed class EligibilityChecker(
    ClaimCodeHasher hasher,
    IClaimCodeStore codes,
    IAffectedCustomerStore customers,
    IIncidentStore incidents)
{
    /// <summary>An incident id no incident can have (<see cref="IncidentValidation"/> reserves it) for the placeholder reads.</summary>
    public const string PlaceholderIncidentId = IncidentValidation.ReservedId;

    private const string PlaceholderCustomerId = "none";
    private static readonly byte[] PlaceholderPostal = "0000000"u8.ToArray();
    private static readonly byte[] PlaceholderHash = Encoding.ASCII.GetBytes(new string('0', 64));

    /// <summary>Checks a code that is already in canonical form (see <see cref="ClaimCode.TryNormalize"/>).</summary>
    public async Task<EligibilityResult> CheckAsync(string canonicalCode, string? postalCode, CancellationToken cancellationToken)
    {
        var hash = hasher.Hash(canonicalCode);
        return await CheckHashAsync(hash, postalCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a code given by its HMAC (when the caller already computed it, e.g. for rate limiting).</summary>
    public async Task<EligibilityResult> CheckHashAsync(string hash, string? postalCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var entry = await codes.FindAsync(hash, cancellationToken).ConfigureAwait(false);
        var incidentId = entry?.IncidentId ?? PlaceholderIncidentId;
        var stored = await customers.FindWithClaimCodeAsync(incidentId, entry?.CustomerId ?? PlaceholderCustomerId, cancellationToken).ConfigureAwait(false);
        var incident = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);

        var expectedPostal = stored is null ? PlaceholderPostal : Encoding.ASCII.GetBytes(stored.Customer.PostalCode);
        var givenPostal = Encoding.ASCII.GetBytes(PostalCodes.Normalize(postalCode) ?? "");
        var postalMatches = CryptographicOperations.FixedTimeEquals(expectedPostal, givenPostal);
        // A re-issued code leaves the customer pointing at the new one: the old entry may linger but no longer matches.
        var currentHash = stored?.ClaimCode is { } pointer ? Encoding.ASCII.GetBytes(pointer.Hash) : PlaceholderHash;
        var codeIsCurrent = CryptographicOperations.FixedTimeEquals(currentHash, Encoding.ASCII.GetBytes(hash));

        if (entry is null || stored is null || incident is null || !postalMatches || !codeIsCurrent)
        {
            return EligibilityResult.NoMatch;
        }
        var c = stored.Customer;
        return new EligibilityResult(new EligibilityAnswer(
            incident.Id, incident.Name, c.DataCategories, c.CardDataLeaked, c.Cards, incident.ClaimsOpenOn, incident.ClaimsCloseOn))
        {
            CustomerId = c.CustomerId,
        };
    }
}
