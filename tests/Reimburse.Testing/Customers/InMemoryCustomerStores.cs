using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Incidents;

namespace Reimburse.Testing.Customers;

/// <summary>
/// In-memory incidents, customers and claim codes with the stores' contracts (insert of an existing customer fails,
/// updates keep the claim code), counting every read so tests can compare the work different paths do.
/// </summary>
public sealed class InMemoryCustomerStores : IIncidentStore, IAffectedCustomerStore, IClaimCodeStore
{
    private readonly ConcurrentDictionary<string, Incident> _incidents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Incident, string Customer), (StoredCustomer Customer, string Digest, int Bucket)> _customers = new();
    private readonly ConcurrentDictionary<string, ClaimCodeEntry> _codes = new(StringComparer.Ordinal);
    private int _reads;
    private int _writes;

    /// <summary>Point and list reads so far.</summary>
    public int Reads => _reads;

    /// <summary>Customer rows written so far (inserted or updated).</summary>
    public int Writes => _writes;

    public IReadOnlyCollection<ClaimCodeEntry> Codes => [.. _codes.Values];

    public IEnumerable<StoredCustomer> Customers(string incidentId) =>
        _customers.Where(c => c.Key.Incident == incidentId).Select(c => c.Value.Customer);

    public Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(_incidents.GetValueOrDefault(incidentId));
    }

    public Task<bool> SaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        var created = !_incidents.ContainsKey(incident.Id);
        _incidents[incident.Id] = incident;
        return Task.FromResult(created);
    }

    public async Task<AffectedCustomer?> FindAsync(string incidentId, string customerId, CancellationToken cancellationToken) =>
        (await FindWithClaimCodeAsync(incidentId, customerId, cancellationToken).ConfigureAwait(false))?.Customer;

    public Task<StoredCustomer?> FindWithClaimCodeAsync(string incidentId, string customerId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(_customers.TryGetValue((incidentId, customerId), out var c) ? c.Customer : null);
    }

    public async IAsyncEnumerable<StoredCustomerDigest> ListDigestsAsync(string incidentId, int bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        foreach (var (key, value) in InBucket(incidentId, bucket))
        {
            yield return new StoredCustomerDigest(key.Customer, value.Digest);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StoredCustomer> ListAsync(string incidentId, int bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        foreach (var (_, value) in InBucket(incidentId, bucket))
        {
            yield return value.Customer;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task WriteAsync(string incidentId, int bucket, IReadOnlyList<CustomerWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            var key = (incidentId, write.Customer.CustomerId);
            if (CustomerBuckets.Of(write.Customer.CustomerId) != bucket)
            {
                throw new InvalidOperationException("customer written to the wrong bucket");
            }
            if (write.IsNew)
            {
                if (!_customers.TryAdd(key, (new StoredCustomer(write.Customer, null), write.Digest, bucket)))
                {
                    throw new InvalidOperationException("conflict: customer exists");
                }
            }
            else
            {
                var old = _customers[key];
                _customers[key] = (old.Customer with { Customer = write.Customer }, write.Digest, bucket);
            }
            Interlocked.Increment(ref _writes);
        }
        return Task.CompletedTask;
    }

    public async Task<bool> TryInsertAsync(string incidentId, int bucket, IReadOnlyList<CustomerWrite> batch, CancellationToken cancellationToken)
    {
        if (batch.Any(w => _customers.ContainsKey((incidentId, w.Customer.CustomerId))))
        {
            return false;
        }
        await WriteAsync(incidentId, bucket, batch, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task AssignClaimCodesAsync(string incidentId, int bucket, IReadOnlyList<ClaimCodeAssignment> assignments, CancellationToken cancellationToken)
    {
        foreach (var a in assignments)
        {
            var key = (incidentId, a.CustomerId);
            var old = _customers[key];
            _customers[key] = (old.Customer with { ClaimCode = a.ClaimCode }, old.Digest, old.Bucket);
        }
        return Task.CompletedTask;
    }

    Task<ClaimCodeEntry?> IClaimCodeStore.FindAsync(string hash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(_codes.GetValueOrDefault(hash));
    }

    public Task AddAsync(IReadOnlyList<ClaimCodeEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var e in entries)
        {
            if (!_codes.TryAdd(e.Hash, e))
            {
                throw new InvalidOperationException("conflict: code exists");
            }
        }
        return Task.CompletedTask;
    }

    public Task RemoveAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        foreach (var h in hashes)
        {
            _codes.TryRemove(h, out _);
        }
        return Task.CompletedTask;
    }

    private List<KeyValuePair<(string Incident, string Customer), (StoredCustomer Customer, string Digest, int Bucket)>> InBucket(string incidentId, int bucket) =>
        [.. _customers.Where(c => c.Key.Incident == incidentId && c.Value.Bucket == bucket)];
}
