using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Functions.Claims;

/// <summary>A marker of an append whose steps may not be scheduled yet.</summary>
/// <param name="ClaimId">The claim.</param>
/// <param name="Version">The claim's version before the append.</param>
/// <param name="Since">When the writer started.</param>
/// <param name="PartitionKey">Where the marker is.</param>
/// <param name="RowKey">The marker's own key (claim id and a writer token).</param>
/// <param name="ETag">For the conditional delete.</param>
public sealed record OutboxMarker(string ClaimId, long Version, DateTimeOffset Since, string PartitionKey, string RowKey, ETag ETag);

/// <summary>
/// The outbox of the claim workflow. A writer inserts its own marker before appending and deletes it once the new
/// steps are enqueued; a marker that stays behind means the writer died in between, and the sweeper schedules the
/// claim's steps (which are derived from its state, so the marker needs to carry nothing but the claim id).
/// </summary>
/// <remarks>Markers are spread over 16 partitions so that a busy system does not funnel every append into one.</remarks>
public sealed class ClaimOutbox(TableClient table)
{
    private const int Buckets = 16;

    /// <summary>Inserts a marker for an append to <paramref name="claimId"/> at <paramref name="version"/>.</summary>
    public async Task<OutboxMarker> MarkAsync(string claimId, long version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var partition = PartitionFor(claimId);
        // Each writer its own row: a second writer on the same claim must not overwrite (and then clear) the first one's marker.
        var row = new TableEntity(partition, claimId + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)))
        {
            ["ClaimId"] = claimId,
            ["Version"] = version,
            ["Since"] = now,
        };
        await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        return new OutboxMarker(claimId, version, now, partition, row.RowKey, row.ETag);
    }

    /// <summary>Deletes the marker (a marker already gone is fine).</summary>
    public async Task ClearAsync(OutboxMarker marker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marker);
        try
        {
            await table.DeleteEntityAsync(marker.PartitionKey, marker.RowKey, marker.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Changed by someone else meanwhile (never expected: markers are private); the sweeper will look at it.
        }
    }

    /// <summary>Markers written at or before <paramref name="olderThan"/>, across every partition.</summary>
    public async IAsyncEnumerable<OutboxMarker> ListAsync(DateTimeOffset olderThan, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            var partition = Partition(bucket);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Since le {olderThan}");
            await foreach (var row in table.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                yield return new OutboxMarker(
                    row.GetString("ClaimId") ?? "",
                    row.GetInt64("Version") ?? 0,
                    row.GetDateTimeOffset("Since") ?? DateTimeOffset.MinValue,
                    row.PartitionKey,
                    row.RowKey,
                    row.ETag);
            }
        }
    }

    private static string PartitionFor(string claimId) =>
        Partition(SHA256.HashData(Encoding.UTF8.GetBytes(claimId))[0] % Buckets);

    private static string Partition(int bucket) => "pending-" + bucket.ToString("D2", CultureInfo.InvariantCulture);
}
