using System.Security.Cryptography;
using System.Text;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Functions.Claims;

/// <summary>
/// Lookups across claims for the policy rules, kept in one table: which claims hold a document with the same bytes
/// or the same statement content (R-DUPLICATE-DOC), and which claims name the same leaked card (R-ONE-PER-CARD).
/// Only hashes and ids are stored, and they outlive the retention purge on purpose: a statement that was already
/// paid must still be recognised when it comes back.
/// </summary>
public sealed class ClaimIndex(TableClient table)
{
    /// <summary>Records a document of a claim under its SHA-256 and, when known, its content key.</summary>
    public async Task RegisterDocumentAsync(string claimId, string documentId, string sha256, string? contentKey, CancellationToken cancellationToken)
    {
        var rowKey = claimId + "_" + documentId;
        await table.UpsertEntityAsync(new TableEntity("sha-" + sha256, rowKey) { ["ClaimId"] = claimId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        if (contentKey is not null)
        {
            await table.UpsertEntityAsync(new TableEntity("content-" + contentKey, rowKey) { ["ClaimId"] = claimId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Other claims holding a document with these bytes.</summary>
    public Task<IReadOnlyList<string>> ClaimsWithBytesAsync(string sha256, string exceptClaimId, CancellationToken cancellationToken) =>
        ClaimsInAsync("sha-" + sha256, exceptClaimId, cancellationToken);

    /// <summary>Other claims holding a statement with this content key.</summary>
    public Task<IReadOnlyList<string>> ClaimsWithContentAsync(string contentKey, string exceptClaimId, CancellationToken cancellationToken) =>
        ClaimsInAsync("content-" + contentKey, exceptClaimId, cancellationToken);

    /// <summary>Records that the claim names this card of this customer.</summary>
    public Task RegisterCardAsync(string incidentId, string customerId, string last4, string claimId, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(CardPartition(incidentId, customerId, last4), claimId) { ["ClaimId"] = claimId }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Other claims naming the same card of the same customer in the same incident.</summary>
    public Task<IReadOnlyList<string>> ClaimsForCardAsync(string incidentId, string customerId, string last4, string exceptClaimId, CancellationToken cancellationToken) =>
        ClaimsInAsync(CardPartition(incidentId, customerId, last4), exceptClaimId, cancellationToken);

    private async Task<IReadOnlyList<string>> ClaimsInAsync(string partition, string exceptClaimId, CancellationToken cancellationToken)
    {
        var claims = new SortedSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var row in table.QueryAsync(filter, select: ["ClaimId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("ClaimId") is { } claim && !string.Equals(claim, exceptClaimId, StringComparison.Ordinal))
            {
                claims.Add(claim);
            }
        }
        return [.. claims];
    }

    // Customer ids come from operators' files: hash them into a key that is always valid and says nothing.
    private static string CardPartition(string incidentId, string customerId, string last4) =>
        "card-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(incidentId + "\n" + customerId + "\n" + last4)));
}
