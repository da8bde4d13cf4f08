using Reimburse.Azure.Storage.Tables;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Money;
using Reimburse.Statements;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Claims;

[Collection(ClaimsAzuriteCollection.Name)]
public sealed class ClaimStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_append_stores_event_rows_and_the_state_row_together()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(documents: 2);

        var state = await h.Store.LoadAsync(claimId, CancellationToken.None);
        Assert.Equal(ClaimStatus.Extracting, state.Status);
        Assert.Equal(1, state.Version);
        Assert.Equal(ClaimsHarness.PayoutAccount, state.PayoutAccount);

        var row = (await h.Storage.Claims.GetEntityAsync(claimId, ClaimStore.StateRowKey)).Value;
        Assert.Equal(1, row.GetInt64("Version"));
        Assert.Equal("Extracting", row.GetString("Status"));
        var eventRow = (await h.Storage.Claims.GetEntityAsync(claimId, "e-0000000001")).Value;
        Assert.Equal("claim-submitted", eventRow.GetString("Type"));
        Assert.Equal("Claimant", eventRow.GetString("ActorKind"));
        // The event row keeps no personal data; the full event sits in a purgeable copy.
        Assert.DoesNotContain("1234567", eventRow.GetString("Data"), StringComparison.Ordinal);
        Assert.Contains("1234567", (await h.Storage.Claims.GetEntityAsync(claimId, "p-0000000001")).Value.GetString("Data"), StringComparison.Ordinal);
        var history = await h.HistoryAsync(claimId);
        Assert.Equal(ClaimsHarness.PayoutAccount, Assert.IsType<ClaimSubmitted>(Assert.Single(history)).PayoutAccount);
    }

    [Fact]
    public async Task An_unknown_claim_loads_as_the_empty_state()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        Assert.Same(ClaimState.Empty, await h.Store.LoadAsync("CL-NONE", CancellationToken.None));
        Assert.Empty(await h.Store.ReadHistoryAsync("CL-NONE", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.LoadAsync("bad/id", CancellationToken.None));
    }

    [Fact]
    public async Task The_second_of_two_appends_from_the_same_version_collides_and_changes_nothing()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        var before = await h.Store.LoadAsync(claimId, CancellationToken.None);

        var first = Decide(before, new EscalateManually("first") { Actor = Actor.Operator("op-1"), At = DateTimeOffset.UtcNow });
        var second = Decide(before, new EscalateManually("second") { Actor = Actor.Operator("op-2"), At = DateTimeOffset.UtcNow });
        await h.Store.AppendAsync(before, first, ClaimWorkflow.EvolveAll(before, first), CancellationToken.None);
        await Assert.ThrowsAsync<ClaimConcurrencyException>(() =>
            h.Store.AppendAsync(before, second, ClaimWorkflow.EvolveAll(before, second), CancellationToken.None));

        var history = await h.HistoryAsync(claimId);
        Assert.Equal("first", Assert.IsType<ClaimEscalated>(history[^1]).Reason);
        var state = await h.Store.LoadAsync(claimId, CancellationToken.None);
        Assert.Equal(2, state.Version);
        Assert.Equal(ClaimStatus.UnderReview, state.Status);
    }

    [Fact]
    public async Task An_append_whose_state_does_not_follow_from_its_events_is_refused()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        var before = ClaimState.Empty;
        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.AppendAsync(before, [], before, CancellationToken.None));
    }

    [Fact]
    public async Task A_state_larger_than_one_table_property_is_split_and_read_back()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync(documents: ClaimWorkflow.MaxDocuments);
        var before = await h.Store.LoadAsync(claimId, CancellationToken.None);
        var warning = new string('警', 2_000);
        var facts = new FeeStatementFacts(null, false, null, null, null, null, null, new Fact<bool>(true, 0.9), "local", [warning, warning], "");
        var events = new List<ClaimEvent>();
        var state = before;
        foreach (var document in before.Documents)
        {
            var step = ClaimWorkflow.Decide(state, new RecordExtraction(document.DocumentId, StatementReadResult.Success(facts)) { Actor = Actor.System, At = DateTimeOffset.UtcNow });
            events.AddRange(step);
            state = ClaimWorkflow.EvolveAll(state, step);
        }
        Assert.True(ClaimJson.Serialize(state).Length > 64 * 1024, "the state must outgrow one property");
        await h.Store.AppendAsync(before, events, state, CancellationToken.None);

        var row = (await h.Storage.Claims.GetEntityAsync(claimId, ClaimStore.StateRowKey)).Value;
        Assert.NotNull(row.GetString("Data2"));
        var loaded = await h.Store.LoadAsync(claimId, CancellationToken.None);
        Assert.Equal(ClaimJson.Serialize(state), ClaimJson.Serialize(loaded));
        Assert.Equal(ClaimStatus.Validating, loaded.Status);
        Assert.Equal(state.Version, (await h.HistoryAsync(claimId)).Count);
    }

    [Fact]
    public async Task Deleting_personal_data_keeps_every_event_in_redacted_form()
    {
        var h = new ClaimsHarness(azurite.ConnectionString);
        await h.CreateAsync();
        var claimId = await h.SubmitAsync();
        Assert.Equal(1, await h.Store.DeletePersonalDataAsync(claimId, CancellationToken.None));
        var submitted = Assert.IsType<ClaimSubmitted>(Assert.Single(await h.HistoryAsync(claimId)));
        Assert.Null(submitted.PayoutAccount);
        Assert.All(submitted.Documents, d => Assert.Null(d.FileName));
        Assert.Equal(new Yen(1_100), submitted.DeclaredFee);
        Assert.Equal(0, await h.Store.DeletePersonalDataAsync(claimId, CancellationToken.None));
        var rows = new List<TableEntity>();
        await foreach (var row in h.Storage.Claims.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {claimId}")))
        {
            rows.Add(row);
        }
        Assert.Equal(["e-0000000001", "state"], rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
    }

    private static IReadOnlyList<ClaimEvent> Decide(ClaimState state, ClaimCommand command) => ClaimWorkflow.Decide(state, command);
}
