using Reimburse.Money;

namespace Reimburse.Incidents;

/// <summary>
/// A data breach for which affected cardholders can claim back their card-reissue fee.
/// Dates are calendar dates in Japan (Asia/Tokyo).
/// </summary>
/// <param name="Id">Short key, valid as a Table partition key part: lowercase letters, digits and '-' (see <see cref="IncidentValidation"/>).</param>
/// <param name="Name">Display name, Japanese first.</param>
/// <param name="DisclosedOn">The day the company disclosed the leak.</param>
/// <param name="ExposedFrom">First day card data may have been exposed.</param>
/// <param name="ExposedTo">Last day card data may have been exposed.</param>
/// <param name="ClaimsOpenOn">First day claims are accepted.</param>
/// <param name="ClaimsCloseOn">Last day claims are accepted (inclusive).</param>
/// <param name="Policy">The validation policy for this incident's claims.</param>
public sealed record Incident(
    string Id,
    string Name,
    DateOnly DisclosedOn,
    DateOnly ExposedFrom,
    DateOnly ExposedTo,
    DateOnly ClaimsOpenOn,
    DateOnly ClaimsCloseOn,
    IncidentPolicy Policy);

/// <summary>The rules' parameters for one incident: data, not code.</summary>
/// <param name="DefaultFeeCap">Highest fee refunded when the issuer has no cap of its own.</param>
/// <param name="IssuerFeeCaps">Per-issuer cap, keyed by <see cref="Statements.Issuers"/> id.</param>
/// <param name="IssuersWaivingFee">Issuers known to waive the reissue fee for merchant breaches: a fee from them escalates.</param>
/// <param name="FourEyesThreshold">Approvals above this amount need a second, different senior reviewer.</param>
/// <param name="MinConfidence">Extraction confidence (0–1) below which a fact does not count as read.</param>
/// <param name="DeclaredTolerance">Largest accepted difference between the declared and the extracted fee.</param>
/// <param name="ReviewSlaHours">A claim escalated longer than this reminds reviewers.</param>
/// <param name="InformationRequestDays">Days the claimant has to answer a request for information.</param>
/// <param name="RetentionDays">Days after payment or rejection before documents and bank details are purged.</param>
public sealed record IncidentPolicy(
    Yen DefaultFeeCap,
    IReadOnlyDictionary<string, Yen> IssuerFeeCaps,
    IReadOnlyList<string> IssuersWaivingFee,
    Yen FourEyesThreshold,
    double MinConfidence,
    Yen DeclaredTolerance,
    int ReviewSlaHours,
    int InformationRequestDays,
    int RetentionDays)
{
    /// <summary>A sensible starting policy: ¥1,100 cap (the highest common reissue fee incl. tax).</summary>
    public static IncidentPolicy Default { get; } = new(
        DefaultFeeCap: new Yen(1_100),
        IssuerFeeCaps: new Dictionary<string, Yen>(StringComparer.Ordinal),
        IssuersWaivingFee: [],
        FourEyesThreshold: new Yen(1_100),
        MinConfidence: 0.8,
        DeclaredTolerance: Yen.Zero,
        ReviewSlaHours: 48,
        InformationRequestDays: 14,
        RetentionDays: 180);

    /// <summary>The cap that applies to <paramref name="issuerId"/> (or the default).</summary>
    public Yen CapFor(string? issuerId) =>
        issuerId is not null && IssuerFeeCaps.TryGetValue(issuerId, out var cap) ? cap : DefaultFeeCap;
}
