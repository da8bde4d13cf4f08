namespace Reimburse.Customers;

/// <summary>The fingerprint of a stored customer, read on re-import to classify rows as new, updated or unchanged.</summary>
public sealed record StoredCustomerDigest(string CustomerId, string Digest);

/// <summary>One customer to write: new ones are inserted (a concurrent insert fails), existing ones are updated.</summary>
public sealed record CustomerWrite(AffectedCustomer Customer, string Digest, bool IsNew);

/// <summary>The claim code a customer currently holds: its HMAC and the issuance run that created it.</summary>
public sealed record ClaimCodePointer(string Hash, string RunId);

/// <summary>A stored customer with the claim code they currently hold, if any.</summary>
public sealed record StoredCustomer(AffectedCustomer Customer, ClaimCodePointer? ClaimCode);

/// <summary>Points a customer at a newly issued claim code.</summary>
public sealed record ClaimCodeAssignment(string CustomerId, ClaimCodePointer ClaimCode);

/// <summary>
/// The affected-customer list as the import and claim-code issuance see it: by bucket (see <see cref="CustomerBuckets"/>),
/// so that writes batch by partition. Writes of more than 100 customers are split into several atomic batches.
/// </summary>
public interface IAffectedCustomerStore : IAffectedCustomers
{
    /// <summary>The fingerprints of the customers stored in one bucket.</summary>
    IAsyncEnumerable<StoredCustomerDigest> ListDigestsAsync(string incidentId, int bucket, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts up to 100 new customers of one bucket atomically; false, with nothing written, when any of them exists.
    /// Lets a first import write without reading the partition first.
    /// </summary>
    Task<bool> TryInsertAsync(string incidentId, int bucket, IReadOnlyList<CustomerWrite> batch, CancellationToken cancellationToken);

    /// <summary>Writes customers of one bucket. Updates keep the customer's claim code.</summary>
    Task WriteAsync(string incidentId, int bucket, IReadOnlyList<CustomerWrite> writes, CancellationToken cancellationToken);

    /// <summary>Every customer of one bucket with the claim code they hold.</summary>
    IAsyncEnumerable<StoredCustomer> ListAsync(string incidentId, int bucket, CancellationToken cancellationToken);

    /// <summary>One customer with the claim code they hold, or null.</summary>
    Task<StoredCustomer?> FindWithClaimCodeAsync(string incidentId, string customerId, CancellationToken cancellationToken);

    /// <summary>Points customers of one bucket at their new claim codes.</summary>
    Task AssignClaimCodesAsync(string incidentId, int bucket, IReadOnlyList<ClaimCodeAssignment> assignments, CancellationToken cancellationToken);
}
