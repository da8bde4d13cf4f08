using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage.Tables;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Incidents;

namespace Reimburse.Functions.Customers;

/// <summary>Incidents in the <c>Incidents</c> table: one row per incident holding its definition as JSON.</summary>
public sealed class TableIncidentStore(CustomerStorage storage) : IIncidentStore, IIncidentCatalog
{
    private const string Partition = "incident";

    public async Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken)
    {
        var incidents = new List<Incident>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var entity in storage.Incidents.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            incidents.Add(IncidentDocument.Parse(entity.GetString("Definition")!, IncidentFormat.Json));
        }
        return [.. incidents.OrderByDescending(i => i.DisclosedOn).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    public async Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (!IncidentValidation.IsValidId(incidentId))
        {
            return null;
        }
        var found = await storage.Incidents.GetEntityIfExistsAsync(Partition, incidentId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? IncidentDocument.Parse(found.Value!.GetString("Definition")!, IncidentFormat.Json) : null;
    }

    public async Task<bool> SaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        IncidentValidation.EnsureValid(incident);
        var entity = new TableEntity(Partition, incident.Id) { ["Definition"] = IncidentDocument.ToJson(incident) };
        try
        {
            await storage.Incidents.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            await storage.Incidents.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }
}

/// <summary>
/// Affected customers in the <c>Customers</c> table: partition <c>{incidentId}_{bucket as 2 hex digits}</c>, row key the
/// customer id; properties <c>Customer</c> (JSON), <c>Digest</c>, and the claim-code pointer (<c>ClaimCodeHash</c>,
/// <c>ClaimCodeRun</c>). Updates merge, so that the pointer survives a re-import.
/// </summary>
public sealed class TableAffectedCustomerStore(CustomerStorage storage, IOptions<CustomerImportOptions> options) : IAffectedCustomerStore
{
    private static readonly string[] DigestColumns = ["RowKey", "Digest"];

    public static string PartitionOf(string incidentId, int bucket) =>
        incidentId + "_" + bucket.ToString("x2", CultureInfo.InvariantCulture);

    public async Task<AffectedCustomer?> FindAsync(string incidentId, string customerId, CancellationToken cancellationToken) =>
        (await FindWithClaimCodeAsync(incidentId, customerId, cancellationToken).ConfigureAwait(false))?.Customer;

    public async Task<StoredCustomer?> FindWithClaimCodeAsync(string incidentId, string customerId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(customerId) || customerId.Length == 0)
        {
            return null;
        }
        var found = await storage.Customers.GetEntityIfExistsAsync(PartitionOf(incidentId, CustomerBuckets.Of(customerId)), customerId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToStored(incidentId, found.Value!) : null;
    }

    public async IAsyncEnumerable<StoredCustomerDigest> ListDigestsAsync(string incidentId, int bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(incidentId, bucket)}");
        await foreach (var entity in storage.Customers.QueryAsync(filter, select: DigestColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredCustomerDigest(entity.RowKey, entity.GetString("Digest") ?? "");
        }
    }

    public async IAsyncEnumerable<StoredCustomer> ListAsync(string incidentId, int bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(incidentId, bucket)}");
        await foreach (var entity in storage.Customers.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToStored(incidentId, entity);
        }
    }

    public async Task WriteAsync(string incidentId, int bucket, IReadOnlyList<CustomerWrite> writes, CancellationToken cancellationToken)
    {
        var partition = PartitionOf(incidentId, bucket);
        var actions = writes.Select(w => new TableTransactionAction(
            w.IsNew ? TableTransactionActionType.Add : TableTransactionActionType.UpsertMerge,
            ToEntity(partition, w.Customer, w.Digest)));
        try
        {
            await TableBatches.SubmitAsync(storage.Customers, actions, options.Value.Parallelism, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            throw new Hosting.ConflictException(
                $"Another import into incident \"{incidentId}\" added some of these customers meanwhile; run the import again (it is idempotent).");
        }
    }

    public async Task<bool> TryInsertAsync(string incidentId, int bucket, IReadOnlyList<CustomerWrite> batch, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch.Count, TableBatches.MaxPerBatch, nameof(batch));
        if (batch.Count == 0)
        {
            return true;
        }
        var partition = PartitionOf(incidentId, bucket);
        try
        {
            await storage.Customers.SubmitTransactionAsync(
                batch.Select(w => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, w.Customer, w.Digest))), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task AssignClaimCodesAsync(string incidentId, int bucket, IReadOnlyList<ClaimCodeAssignment> assignments, CancellationToken cancellationToken)
    {
        var partition = PartitionOf(incidentId, bucket);
        var actions = assignments.Select(a => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
            new TableEntity(partition, a.CustomerId) { ["ClaimCodeHash"] = a.ClaimCode.Hash, ["ClaimCodeRun"] = a.ClaimCode.RunId },
            ETag.All));
        await TableBatches.SubmitAsync(storage.Customers, actions, options.Value.Parallelism, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The entity for a customer: the imported fields as one JSON property (a customer is always read and written
    /// whole, and every property costs the storage per row — Azurite's batch rate doubles), plus the digest.
    /// The claim-code pointer lives in its own properties, so that an update (merge) keeps it.
    /// </summary>
    internal static TableEntity ToEntity(string partition, AffectedCustomer c, string digest) => new(partition, c.CustomerId)
    {
        ["Customer"] = JsonSerializer.Serialize(
            new CustomerJson(c.NameKanji, c.NameKana, c.Email, c.Phone, c.PostalCode, c.Address, c.CardDataLeaked,
                [.. c.Cards.Select(card => card.Brand + ":" + card.Last4)], c.DataCategories),
            CustomerStoreJson.Default.CustomerJson),
        ["Digest"] = digest,
    };

    private static StoredCustomer ToStored(string incidentId, TableEntity e)
    {
        var j = JsonSerializer.Deserialize(e.GetString("Customer") ?? "{}", CustomerStoreJson.Default.CustomerJson)
            ?? throw new InvalidOperationException("A customer row without its Customer property.");
        var cards = (j.Cards ?? []).Select(s => s.Split(':')).Select(p => new LeakedCard(p[0], p[1])).ToList();
        var customer = new AffectedCustomer(incidentId, e.RowKey, j.NameKanji ?? "", j.NameKana ?? "", j.Email, j.Phone,
            j.PostalCode ?? "", j.Address ?? "", j.CardDataLeaked, cards, j.DataCategories ?? []);
        var hash = e.GetString("ClaimCodeHash");
        var run = e.GetString("ClaimCodeRun");
        return new StoredCustomer(customer, hash is { Length: > 0 } && run is { Length: > 0 } ? new ClaimCodePointer(hash, run) : null);
    }
}

/// <summary>The stored form of a customer's imported fields (property <c>Customer</c> of the <c>Customers</c> table).</summary>
internal sealed record CustomerJson(
    string? NameKanji,
    string? NameKana,
    string? Email,
    string? Phone,
    string? PostalCode,
    string? Address,
    bool CardDataLeaked,
    IReadOnlyList<string>? Cards,
    IReadOnlyList<string>? DataCategories);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CustomerJson))]
internal sealed partial class CustomerStoreJson : JsonSerializerContext;
/// <summary>
/// Claim codes in the <c>ClaimCodes</c> table: partition the HMAC's first two hex digits (256 partitions), row key the
/// HMAC — a code leads to its holder by one point read, and the code itself is never stored.
/// </summary>
public sealed class TableClaimCodeStore(CustomerStorage storage, IOptions<CustomerImportOptions> options) : IClaimCodeStore
{
    public static string PartitionOf(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return hash[..2];
    }

    public async Task<ClaimCodeEntry?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        var found = await storage.ClaimCodes.GetEntityIfExistsAsync(PartitionOf(hash), hash, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }
        var e = found.Value!;
        return new ClaimCodeEntry(hash, e.GetString("IncidentId")!, e.GetString("CustomerId")!, e.GetString("RunId")!);
    }

    public async Task AddAsync(IReadOnlyList<ClaimCodeEntry> entries, CancellationToken cancellationToken)
    {
        var actions = entries.Select(e => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(PartitionOf(e.Hash), e.Hash)
        {
            ["IncidentId"] = e.IncidentId,
            ["CustomerId"] = e.CustomerId,
            ["RunId"] = e.RunId,
        }));
        await TableBatches.SubmitAsync(storage.ClaimCodes, actions, options.Value.Parallelism, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        var actions = hashes.Distinct(StringComparer.Ordinal)
            .Select(h => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PartitionOf(h), h)))
            .ToList();
        try
        {
            await TableBatches.SubmitAsync(storage.ClaimCodes, actions, options.Value.Parallelism, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // Some were gone already (a batch is all-or-nothing): delete one by one, ignoring the missing.
            foreach (var action in actions)
            {
                try
                {
                    await storage.ClaimCodes.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException notFound) when (notFound.Status == 404)
                {
                }
            }
        }
    }
}

/// <summary>Import and issuance runs in the <c>CustomerRuns</c> table: partition the incident id, row key <c>import_{id}</c> or <c>issue_{id}</c>.</summary>
public sealed class TableCustomerRunStore(CustomerStorage storage) : ICustomerRunStore
{
    public async Task SaveImportAsync(ImportResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await storage.Runs.AddEntityAsync(new TableEntity(result.IncidentId, "import_" + result.ImportId)
        {
            ["FinishedAt"] = at,
            ["Encoding"] = result.Encoding,
            ["Rows"] = result.Rows,
            ["Accepted"] = result.Accepted,
            ["Updated"] = result.Updated,
            ["Unchanged"] = result.Unchanged,
            ["Rejected"] = result.Rejected,
            ["CardNumbersMasked"] = result.CardNumbersMasked,
            ["IgnoredColumns"] = string.Join('\u001f', result.IgnoredColumns),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ImportResult?> GetImportAsync(string incidentId, string importId, CancellationToken cancellationToken)
    {
        if (!IncidentValidation.IsValidId(incidentId) || !RunIds.IsValid(importId))
        {
            return null;
        }
        var found = await storage.Runs.GetEntityIfExistsAsync(incidentId, "import_" + importId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }
        var e = found.Value!;
        return new ImportResult(importId, incidentId, e.GetString("Encoding") ?? "", e.GetInt64("Rows") ?? 0, e.GetInt64("Accepted") ?? 0,
            e.GetInt64("Updated") ?? 0, e.GetInt64("Unchanged") ?? 0, e.GetInt64("Rejected") ?? 0, e.GetInt64("CardNumbersMasked") ?? 0,
            (e.GetString("IgnoredColumns") ?? "").Split('\u001f', StringSplitOptions.RemoveEmptyEntries));
    }

    public async Task BeginIssuanceAsync(IssuanceRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await storage.Runs.AddEntityAsync(new TableEntity(run.IncidentId, "issue_" + run.RunId) { ["StartedAt"] = run.StartedAt }, cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteIssuanceAsync(string incidentId, string runId, int codes, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await storage.Runs.UpdateEntityAsync(new TableEntity(incidentId, "issue_" + runId) { ["CompletedAt"] = at, ["Codes"] = codes },
            ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IssuanceRun?> GetIssuanceAsync(string incidentId, string runId, CancellationToken cancellationToken)
    {
        if (!IncidentValidation.IsValidId(incidentId) || !RunIds.IsValid(runId))
        {
            return null;
        }
        var found = await storage.Runs.GetEntityIfExistsAsync(incidentId, "issue_" + runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToRun(incidentId, found.Value!) : null;
    }

    public async Task<IReadOnlySet<string>> CompletedIssuanceRunsAsync(string incidentId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {incidentId} and RowKey ge {"issue_"} and RowKey lt {"issue`"}");
        var completed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in storage.Runs.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (ToRun(incidentId, e) is { CompletedAt: not null } run)
            {
                completed.Add(run.RunId);
            }
        }
        return completed;
    }

    public async Task<bool> TryTakeMailingAsync(string incidentId, string runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!IncidentValidation.IsValidId(incidentId) || !RunIds.IsValid(runId))
        {
            return false;
        }
        var found = await storage.Runs.GetEntityIfExistsAsync(incidentId, "issue_" + runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || ToRun(incidentId, found.Value!) is not { CompletedAt: not null, MailingTakenAt: null })
        {
            return false;
        }
        try
        {
            // The ETag makes two simultaneous downloads race for one success.
            await storage.Runs.UpdateEntityAsync(new TableEntity(incidentId, "issue_" + runId) { ["MailingTakenAt"] = at },
                found.Value!.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private static IssuanceRun ToRun(string incidentId, TableEntity e) => new(
        incidentId, e.RowKey["issue_".Length..], e.GetDateTimeOffset("StartedAt") ?? default, e.GetDateTimeOffset("CompletedAt"),
        e.GetInt32("Codes") ?? 0, e.GetDateTimeOffset("MailingTakenAt"));
}
