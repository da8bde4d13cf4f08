namespace Reimburse.Customers;

/// <summary>A card whose data leaked: brand and last four digits only, never the full number.</summary>
public sealed record LeakedCard(string Brand, string Last4);

/// <summary>Categories of personal data that leaked for a customer.</summary>
public static class DataCategories
{
    public const string Name = "name";
    public const string Address = "address";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Card = "card";
}

/// <summary>One row of an incident's affected-customer list: the ground truth claims are validated against.</summary>
public sealed record AffectedCustomer(
    string IncidentId,
    string CustomerId,
    string NameKanji,
    string NameKana,
    string? Email,
    string? Phone,
    string PostalCode,
    string Address,
    bool CardDataLeaked,
    IReadOnlyList<LeakedCard> Cards,
    IReadOnlyList<string> DataCategories);

/// <summary>Reads the affected-customer list.</summary>
public interface IAffectedCustomers
{
    Task<AffectedCustomer?> FindAsync(string incidentId, string customerId, CancellationToken cancellationToken);
}
