using Azure;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Testing;

namespace Reimburse.Azure.Tests.Storage.Tables;

public sealed class TableClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("t" + Guid.NewGuid().ToString("N"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task Creating_a_table_twice_succeeds_and_it_is_listed()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var name = "twice" + Guid.NewGuid().ToString("N")[..8];

        var first = await service.CreateTableIfNotExistsAsync(name);
        var second = await service.CreateTableIfNotExistsAsync(name);

        Assert.Equal(204, first.GetRawResponse().Status);
        Assert.Equal(409, second.GetRawResponse().Status);
        var names = new List<string>();
        await foreach (var table in service.QueryAsync(TableClient.CreateQueryFilter($"TableName eq {name}")))
        {
            names.Add(table.Name);
        }
        Assert.Equal([name], names);
    }

    [Fact]
    public async Task Added_entity_reads_back_with_its_etag_and_timestamp()
    {
        var table = await NewTableAsync();
        var entity = new TableEntity("claim-1", "0001") { ["Kind"] = "Submitted" };

        await table.AddEntityAsync(entity);
        var read = (await table.GetEntityAsync("claim-1", "0001")).Value;

        Assert.NotEqual(default, entity.ETag);
        Assert.Equal(entity.ETag, read.ETag);
        Assert.Equal("Submitted", read.GetString("Kind"));
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task Adding_an_existing_row_fails_with_409_EntityAlreadyExists()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, ex.Status);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
    }

    [Fact]
    public async Task Stale_etag_is_rejected_with_412()
    {
        var table = await NewTableAsync();
        var entity = new TableEntity("p", "r") { ["Status"] = "Received" };
        await table.AddEntityAsync(entity);
        var staleETag = entity.ETag;
        entity["Status"] = "Reviewing";
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        entity["Status"] = "Approved";
        var update = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(entity, staleETag, TableUpdateMode.Replace));
        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", staleETag));

        Assert.Equal(412, update.Status);
        Assert.Equal("UpdateConditionNotSatisfied", update.ErrorCode);
        Assert.Equal(412, delete.Status);
        Assert.Equal("Reviewing", (await table.GetEntityAsync("p", "r")).Value.GetString("Status"));
    }

    [Fact]
    public async Task Update_with_current_etag_succeeds_and_changes_the_etag()
    {
        var table = await NewTableAsync();
        var entity = new TableEntity("p", "r") { ["N"] = 1 };
        await table.AddEntityAsync(entity);
        var before = entity.ETag;

        entity["N"] = 2;
        await table.UpdateEntityAsync(entity, entity.ETag);

        Assert.NotEqual(before, entity.ETag);
        Assert.Equal(2, (await table.GetEntityAsync("p", "r")).Value.GetInt32("N"));
    }

    [Fact]
    public async Task Upsert_merge_keeps_other_properties_and_replace_drops_them()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = "b2" }, TableUpdateMode.Merge);
        var merged = (await table.GetEntityAsync("p", "r")).Value;
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = "c" }, TableUpdateMode.Replace);
        var replaced = (await table.GetEntityAsync("p", "r")).Value;
        await table.UpsertEntityAsync(new TableEntity("p", "new") { ["D"] = "d" }, TableUpdateMode.Replace);

        Assert.Equal(("a", "b2"), (merged.GetString("A"), merged.GetString("B")));
        Assert.Equal(["C"], replaced.Keys);
        Assert.Equal("d", (await table.GetEntityAsync("p", "new")).Value.GetString("D"));
    }

    [Fact]
    public async Task Update_merge_keeps_other_properties_and_update_of_a_missing_row_is_404()
    {
        var table = await NewTableAsync();
        var entity = new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" };
        await table.AddEntityAsync(entity);

        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["B"] = "b2" }, entity.ETag, TableUpdateMode.Merge);
        var missing = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "nope"), ETag.All));

        var read = (await table.GetEntityAsync("p", "r")).Value;
        Assert.Equal(("a", "b2"), (read.GetString("A"), read.GetString("B")));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task Missing_entity_has_no_value_get_throws_404_and_delete_does_not_throw()
    {
        var table = await NewTableAsync();

        var maybe = await table.GetEntityIfExistsAsync("p", "missing");
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("p", "missing"));
        var delete = await table.DeleteEntityAsync("p", "missing");

        Assert.False(maybe.HasValue);
        Assert.Equal(404, ex.Status);
        Assert.Equal("ResourceNotFound", ex.ErrorCode);
        Assert.Equal(404, delete.Status);
    }

    [Fact]
    public async Task Delete_with_current_etag_or_star_removes_the_entity()
    {
        var table = await NewTableAsync();
        var first = new TableEntity("p", "1");
        await table.AddEntityAsync(first);
        await table.AddEntityAsync(new TableEntity("p", "2"));

        await table.DeleteEntityAsync("p", "1", first.ETag);
        await table.DeleteEntityAsync("p", "2", ETag.All);

        Assert.False((await table.GetEntityIfExistsAsync("p", "1")).HasValue);
        Assert.False((await table.GetEntityIfExistsAsync("p", "2")).HasValue);
    }

    [Fact]
    public async Task Typed_properties_round_trip_with_their_types()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.Zero).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("types", "1")
        {
            ["Text"] = "カード再発行手数料 'quoted' \"double\" 100%",
            ["Int32"] = -2_000_000_000,
            ["Int64Small"] = 5L,
            ["Int64Big"] = 9_007_199_254_740_993L,
            ["Double"] = 0.1,
            ["DoubleWhole"] = 2.0,
            ["DoubleNaN"] = double.NaN,
            ["True"] = true,
            ["False"] = false,
            ["When"] = when,
            ["WhenUtc"] = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 254, 255 },
            ["Empty"] = string.Empty,
        };

        await table.AddEntityAsync(entity);
        var read = (await table.GetEntityAsync("types", "1")).Value;
        var queried = await table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"types"}")).SingleAsync();

        foreach (var got in new[] { read, queried })
        {
            Assert.Equal(entity["Text"], got["Text"]);
            Assert.IsType<int>(got["Int32"]);
            Assert.Equal(-2_000_000_000, got["Int32"]);
            Assert.IsType<long>(got["Int64Small"]);
            Assert.Equal(5L, got["Int64Small"]);
            Assert.Equal(9_007_199_254_740_993L, got["Int64Big"]);
            Assert.Equal(0.1, got["Double"]);
            Assert.IsType<double>(got["DoubleWhole"]);
            Assert.Equal(2.0, got["DoubleWhole"]);
            Assert.True(double.IsNaN((double)got["DoubleNaN"]));
            Assert.Equal(true, got["True"]);
            Assert.Equal(false, got["False"]);
            Assert.Equal(when, got["When"]);
            Assert.Equal(when.Ticks, got.GetDateTimeOffset("When")!.Value.UtcTicks);
            Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), got.GetDateTime("WhenUtc"));
            Assert.Equal(id, got["Id"]);
            Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, got["Bytes"]);
            Assert.Equal(string.Empty, got["Empty"]);
            Assert.Equal(entity.Keys.Order(), got.Keys.Order());
        }
    }

    [Fact]
    public async Task Keys_with_quotes_spaces_and_non_ascii_round_trip()
    {
        var table = await NewTableAsync();
        string[] keys = ["O'Brien", "a b+c&d=e%20f", "東京都 千代田区", "''", "x'", "~!*()$,;:@"];

        foreach (var key in keys)
        {
            await table.AddEntityAsync(new TableEntity(key, key) { ["K"] = key });
        }

        foreach (var key in keys)
        {
            var read = (await table.GetEntityAsync(key, key)).Value;
            Assert.Equal(key, read.GetString("K"));
            Assert.Equal(key, read.PartitionKey);
            await table.DeleteEntityAsync(key, key, read.ETag);
        }
        Assert.Empty(await table.QueryAsync().ToListAsync());
    }

    [Fact]
    public async Task Query_over_2500_entities_returns_all_of_them_across_pages()
    {
        var table = await NewTableAsync();
        const int count = 2_600;
        for (var batch = 0; batch < count / 100; batch++)
        {
            var partition = "p" + batch.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i =>
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)) { ["N"] = (batch * 100) + i })));
        }

        var pages = 0;
        var seen = new HashSet<int>();
        await foreach (var page in table.QueryAsync().AsPages())
        {
            pages++;
            foreach (var entity in page.Values)
            {
                Assert.True(seen.Add(entity.GetInt32("N")!.Value));
            }
        }

        Assert.Equal(count, seen.Count);
        Assert.True(pages >= 3, $"expected at least 3 pages, got {pages}");
        Assert.Equal(count, await table.QueryAsync(maxPerPage: 700).CountAsync());
    }

    [Fact]
    public async Task Filter_with_a_quote_or_an_injection_attempt_returns_only_the_exact_match()
    {
        var table = await NewTableAsync();
        foreach (var name in new[] { "O'Brien", "OBrien", "x", "a" })
        {
            await table.AddEntityAsync(new TableEntity("people", Guid.NewGuid().ToString("N")) { ["Name"] = name });
        }
        var injection = "x' or 'a' eq 'a";

        var obrien = await table.QueryAsync(TableClient.CreateQueryFilter($"Name eq {"O'Brien"}")).ToListAsync();
        var injected = await table.QueryAsync(TableClient.CreateQueryFilter($"Name eq {injection}")).ToListAsync();

        Assert.Equal(["O'Brien"], obrien.Select(e => e.GetString("Name")));
        Assert.Empty(injected);
    }

    [Fact]
    public async Task Filter_on_typed_values_and_select_return_the_matching_properties()
    {
        var table = await NewTableAsync();
        var cutoff = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();
        await table.AddEntityAsync(new TableEntity("p", "old") { ["At"] = cutoff.AddDays(-1), ["Amount"] = 1_100L, ["Id"] = id, ["Paid"] = true });
        await table.AddEntityAsync(new TableEntity("p", "new") { ["At"] = cutoff.AddDays(1), ["Amount"] = 500L, ["Id"] = Guid.NewGuid(), ["Paid"] = false });

        var after = await table.QueryAsync(TableClient.CreateQueryFilter($"At gt {cutoff}")).ToListAsync();
        var big = await table.QueryAsync(TableClient.CreateQueryFilter($"Amount ge {1_000L} and Paid eq {true}"), select: ["Amount"]).ToListAsync();
        var byId = await table.QueryAsync(TableClient.CreateQueryFilter($"Id eq {id}")).ToListAsync();

        Assert.Equal(["new"], after.Select(e => e.RowKey));
        Assert.Equal(1_100L, Assert.Single(big).GetInt64("Amount"));
        Assert.False(big[0].ContainsKey("Paid"));
        Assert.Equal(["old"], byId.Select(e => e.RowKey));
    }

    [Fact]
    public async Task Transaction_of_100_operations_commits_all_of_them()
    {
        var table = await NewTableAsync();

        var result = await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("claim", i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)))));

        Assert.Equal(202, result.GetRawResponse().Status);
        Assert.Equal(100, result.Value.Count);
        Assert.All(result.Value, r => Assert.Equal(204, r.Status));
        Assert.Equal(100, await table.QueryAsync().CountAsync());
    }

    [Fact]
    public async Task Transaction_of_100_with_a_bad_operation_at_57_rolls_back_all_and_names_index_57()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("claim", "0057") { ["Original"] = true });
        var actions = Enumerable.Range(0, 100).Select(i =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("claim", i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)))).ToList();

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(actions));

        Assert.Equal(57, ex.FailedTransactionActionIndex);
        Assert.Equal(TableTransactionActionType.Add, ex.FailedActionType);
        Assert.Equal(409, ex.Status);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
        Assert.Contains("operation 57", ex.Message, StringComparison.Ordinal);
        var remaining = await table.QueryAsync().ToListAsync();
        Assert.Equal(["0057"], remaining.Select(e => e.RowKey));
        Assert.Equal(true, remaining[0]["Original"]);
    }

    [Fact]
    public async Task Transaction_mixes_insert_upserts_update_and_delete()
    {
        var table = await NewTableAsync();
        var toUpdate = new TableEntity("p", "update") { ["V"] = 1, ["Keep"] = "k" };
        var toReplace = new TableEntity("p", "replace") { ["V"] = 1, ["Gone"] = "g" };
        var toMerge = new TableEntity("p", "merge") { ["V"] = 1, ["Keep"] = "k" };
        await table.AddEntityAsync(toUpdate);
        await table.AddEntityAsync(toReplace);
        await table.AddEntityAsync(toMerge);
        await table.AddEntityAsync(new TableEntity("p", "delete"));

        var result = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["V"] = 2 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "replace") { ["V"] = 2 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "merge") { ["V"] = 2 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "update") { ["V"] = 2 }, toUpdate.ETag),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ]);

        var rows = (await table.QueryAsync().ToListAsync()).ToDictionary(e => e.RowKey);
        Assert.Equal(5, result.Value.Count);
        Assert.Equal(["add", "merge", "replace", "update"], rows.Keys.Order());
        Assert.All(rows.Values, e => Assert.Equal(2, e.GetInt32("V")));
        Assert.False(rows["replace"].ContainsKey("Gone"));
        Assert.Equal("k", rows["merge"].GetString("Keep"));
        Assert.Equal("k", rows["update"].GetString("Keep"));
        Assert.NotNull(result.Value[0].Headers.ETag);
    }
}
