using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Claims;
using Reimburse.Functions.Cardholders;

namespace Reimburse.Functions.Intake;

/// <summary>What an idempotency key was used for.</summary>
public enum IntakeOperation
{
    /// <summary>Submitting a claim.</summary>
    Submit,

    /// <summary>Adding documents (or answering a request) for a claim.</summary>
    AddDocuments,
}

/// <summary>
/// One idempotency key of one customer: the request it was first used for (by fingerprint), the claim, and the
/// documents planned for it (ids and random blob names, fixed before any byte is written). Holds no personal data:
/// file names stay out, the customer is a hash.
/// </summary>
public sealed record IntakeRecord(IntakeOperation Operation, string ClaimId, string Fingerprint, IReadOnlyList<DocumentRef> Documents, DateTimeOffset CreatedAt);

/// <summary>
/// The intake ledger (table <c>ClaimIntake</c>): one partition per customer (<c>c-</c> + SHA-256 of incident and
/// customer), one row per idempotency key (<c>k-</c> + SHA-256 of the key). It makes a retried or double-clicked
/// request find the claim and blob names of the first, and it lists a customer's claims.
/// </summary>
public sealed class IntakeLedger(TableClient table)
{
    public const string TableName = "ClaimIntake";

    /// <summary>The record for the key, or null.</summary>
    public async Task<IntakeRecord?> FindAsync(Cardholder who, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var row = await table.GetEntityIfExistsAsync(Partition(who), Row(idempotencyKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>Stores the record unless the key is taken; returns the record that holds the key (this one, or the first).</summary>
    public async Task<IntakeRecord> AddOrGetAsync(Cardholder who, string idempotencyKey, IntakeRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(record);
        var row = new TableEntity(Partition(who), Row(idempotencyKey))
        {
            ["Operation"] = record.Operation.ToString(),
            ["ClaimId"] = record.ClaimId,
            ["Fingerprint"] = record.Fingerprint,
            ["Documents"] = JsonSerializer.Serialize(record.Documents.Select(d => d with { FileName = null }).ToList(), ClaimJson.Options),
            ["CreatedAt"] = record.CreatedAt,
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return record;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The same key arrived twice at once (a double click): the first insert wins, both go on with it.
            return await FindAsync(who, idempotencyKey, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The idempotency record vanished after a conflict.", ex);
        }
    }

    /// <summary>The claims this customer submitted through intake (ids; the claim may not exist yet after a crash).</summary>
    public async Task<IReadOnlyList<string>> SubmittedClaimIdsAsync(Cardholder who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(who)} and Operation eq {IntakeOperation.Submit.ToString()}");
        await foreach (var row in table.QueryAsync(filter, select: ["ClaimId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("ClaimId") is { } id && !ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }
        return ids;
    }

    private static IntakeRecord Read(TableEntity row) => new(
        Enum.Parse<IntakeOperation>(row.GetString("Operation")!),
        row.GetString("ClaimId")!,
        row.GetString("Fingerprint")!,
        JsonSerializer.Deserialize<List<DocumentRef>>(row.GetString("Documents")!, ClaimJson.Options)!,
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);

    private static string Partition(Cardholder who) => "c-" + Hash(who.IncidentId + "\n" + who.CustomerId);

    private static string Row(string idempotencyKey) => "k-" + Hash(idempotencyKey);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The request's fingerprint: SHA-256 over its operation, claim and normalised content, in a fixed order.</summary>
    public static string Fingerprint(params object?[] parts) =>
        Hash(string.Join("\u001f", parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture) ?? "")));
}
