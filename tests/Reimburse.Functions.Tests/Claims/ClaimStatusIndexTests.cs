using Reimburse.Azure.Storage.Tables;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Claims;

[Collection(ClaimsAzuriteCollection.Name)]
public sealed class ClaimStatusIndexTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Every_append_moves_the_claim_to_the_partition_of_its_new_status()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(declaredFee: 1_000);
        Assert.Equal(["Extracting"], await ViewsAsync(h, claimId));

        await h.RunUntilStatusAsync(claimId, ClaimStatus.UnderReview);
        Assert.Equal(["UnderReview"], await ViewsAsync(h, claimId));
        var entry = Assert.Single(await ListAsync(h, "UnderReview"), e => e.ClaimId == claimId);
        var state = await h.Store.LoadAsync(claimId, None);
        Assert.Equal(state.Version, entry.Version);
        Assert.Equal(ClaimsHarness.IncidentId, entry.IncidentId);
        Assert.Equal(state.WaitingSince, entry.WaitingSince);
        Assert.Equal(state.SubmittedAt, entry.SubmittedAt);
        Assert.NotNull(entry.DecidedAt);
        Assert.Equal(state.DecidedAt, entry.DecidedAt);
        Assert.Equal(1_100, entry.Amount.Amount);
        Assert.Contains("R-AMOUNT-DECLARED", entry.Reasons);
        Assert.Null(entry.ApprovedAmount);
    }

    [Fact]
    public async Task A_flagged_claim_is_listed_under_attention_as_well_until_the_flag_is_cleared()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        await h.Executor.ExecuteAsync(claimId, new FlagForAttention("ExtractDocument:d1", 5, "InvalidOperationException") { Actor = Actor.System, At = DateTimeOffset.UtcNow }, None);
        Assert.Equal(["Attention", "Extracting"], await ViewsAsync(h, claimId));

        await h.Executor.ExecuteAsync(claimId, new ClearAttention("reader fixed") { Actor = Actor.Operator("op-1"), At = DateTimeOffset.UtcNow }, None);
        Assert.Equal(["Extracting"], await ViewsAsync(h, claimId));
    }

    [Fact]
    public async Task A_late_writer_does_not_delete_the_row_a_newer_writer_wrote_in_the_same_partition()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(declaredFee: 1_000);
        await h.RunUntilStatusAsync(claimId, ClaimStatus.UnderReview);
        var reviewing = await h.Store.LoadAsync(claimId, None);
        await h.Executor.ExecuteAsync(claimId, new TakeReviewLease(TimeSpan.FromMinutes(5)) { Actor = Actor.Reviewer("r-2"), At = DateTimeOffset.UtcNow }, None);

        // A writer that took the claim out of review from the older version finishes its index update only now, after
        // the row was rewritten from a newer state: that row must stay.
        var rejected = ClaimWorkflow.Evolve(reviewing, new ClaimRejected(RejectionCode.Other, new("x", "x"), null) { At = DateTimeOffset.UtcNow, Actor = Actor.Reviewer("r-1"), Reason = "test" });
        await h.StatusIndex.UpdateAsync(reviewing, rejected, None);

        Assert.Contains("UnderReview", await ViewsAsync(h, claimId));
        Assert.Equal(reviewing.Version + 1, Assert.Single(await ListAsync(h, "UnderReview"), e => e.ClaimId == claimId).Version);
    }

    [Fact]
    public async Task A_reader_repairs_a_stale_row_and_keeps_a_current_one()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(declaredFee: 1_000);
        await h.RunUntilStatusAsync(claimId, ClaimStatus.UnderReview);
        var state = await h.Store.LoadAsync(claimId, None);
        await h.Storage.StatusIndex.UpsertEntityAsync(new TableEntity("Approved", claimId) { ["Version"] = 1L, ["IncidentId"] = ClaimsHarness.IncidentId, ["Status"] = "Approved", ["ApprovedAmount"] = 1_100L });

        var stale = Assert.Single(await ListAsync(h, "Approved"), e => e.ClaimId == claimId);
        Assert.False(await h.StatusIndex.RepairAsync(stale, state, None));
        Assert.Equal(["UnderReview"], await ViewsAsync(h, claimId));

        var current = Assert.Single(await ListAsync(h, "UnderReview"), e => e.ClaimId == claimId);
        Assert.True(await h.StatusIndex.RepairAsync(current, state, None));
        Assert.Equal(["UnderReview"], await ViewsAsync(h, claimId));
    }

    [Fact]
    public async Task The_index_is_rebuilt_from_the_state_rows()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var escalated = await h.SubmitAsync(declaredFee: 1_000);
        var approved = await h.SubmitAsync();
        await h.RunUntilStatusAsync(escalated, ClaimStatus.UnderReview);
        await h.RunUntilStatusAsync(approved, ClaimStatus.Approved);
        foreach (var view in new[] { "UnderReview", "Approved" })
        {
            foreach (var e in await ListAsync(h, view))
            {
                await h.Storage.StatusIndex.DeleteEntityAsync(e.View, e.ClaimId);
            }
        }
        await h.Storage.StatusIndex.UpsertEntityAsync(new TableEntity("Paid", approved) { ["Version"] = 1L });

        var (claims, removed) = await h.StatusIndex.RebuildAsync(h.Store, None);

        Assert.True(claims >= 2);
        Assert.Equal(1, removed);
        Assert.Equal(["UnderReview"], await ViewsAsync(h, escalated));
        Assert.Equal(["Approved"], await ViewsAsync(h, approved));
        var approvedEntry = Assert.Single(await h.StatusIndex.ListApprovedAsync(ClaimsHarness.IncidentId, None), e => e.ClaimId == approved);
        Assert.Equal(1_100, approvedEntry.ApprovedAmount!.Value.Amount);
    }

    [Fact]
    public async Task The_sweeper_writes_the_rows_of_a_claim_whose_writer_died_after_the_append()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        await h.Storage.StatusIndex.DeleteEntityAsync("Extracting", claimId);
        await h.Outbox.MarkAsync(claimId, 0, DateTimeOffset.UtcNow.AddMinutes(-5), None);

        await h.Sweeper.SweepAsync(None);

        Assert.Equal(["Extracting"], await ViewsAsync(h, claimId));
    }

    private static async Task<List<ClaimIndexEntry>> ListAsync(ClaimsHarness h, string view)
    {
        var entries = new List<ClaimIndexEntry>();
        await foreach (var e in h.StatusIndex.ListAsync(view, null, None))
        {
            entries.Add(e);
        }
        return entries;
    }

    private static async Task<List<string>> ViewsAsync(ClaimsHarness h, string claimId)
    {
        var views = new List<string>();
        await foreach (var row in h.Storage.StatusIndex.QueryAsync(TableClient.CreateQueryFilter($"RowKey eq {claimId}")))
        {
            views.Add(row.PartitionKey);
        }
        views.Sort(StringComparer.Ordinal);
        return views;
    }
}
