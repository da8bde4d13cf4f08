using Azure;
using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Azure.Tests.Storage.Tables;

public sealed class TableKeyValidationTests
{
    private static readonly Uri Endpoint = new("https://account.table.core.windows.net");
    private static readonly StorageSharedKeyCredential Key = new("account", Convert.ToBase64String(new byte[32]));

    private static (TableClient Table, RecordingTransport Recorder) NewTable()
    {
        var recorder = new RecordingTransport();
        var table = new TableClient(Endpoint, "claims", Key, new TableClientOptions { Transport = recorder.Transport });
        return (table, recorder);
    }

    public static TheoryData<string, string> BadKeys => new()
    {
        { "a/b", "'/' (U+002F) at index 1" },
        { "a\\b", "'\\' (U+005C) at index 1" },
        { "#", "'#' (U+0023) at index 0" },
        { "ab?", "'?' (U+003F) at index 2" },
        { "tab\there", "control character U+0009 at index 3" },
        { "nul\0", "control character U+0000 at index 3" },
        { "del\u007F", "control character U+007F at index 3" },
        { "c1\u0085", "control character U+0085 at index 2" },
        { new string('k', 513), "513 characters long" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Invalid_partition_key_fails_before_any_request(string key, string expected)
    {
        var (table, recorder) = NewTable();

        var add = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity(key, "r")));
        var get = await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityIfExistsAsync(key, "r"));
        var delete = await Assert.ThrowsAsync<ArgumentException>(() => table.DeleteEntityAsync(key, "r"));

        Assert.Empty(recorder.Requests);
        foreach (var ex in new[] { add, get, delete })
        {
            Assert.Equal("PartitionKey", ex.ParamName);
            Assert.StartsWith("PartitionKey ", ex.Message, StringComparison.Ordinal);
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Invalid_row_key_fails_before_any_request(string key, string expected)
    {
        var (table, recorder) = NewTable();

        var upsert = await Assert.ThrowsAsync<ArgumentException>(() => table.UpsertEntityAsync(new TableEntity("p", key)));
        var update = await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateEntityAsync(new TableEntity("p", key), ETag.All));
        var batch = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            [new(TableTransactionActionType.Add, new TableEntity("p", "ok")), new(TableTransactionActionType.Add, new TableEntity("p", key))]));

        Assert.Empty(recorder.Requests);
        Assert.Equal("RowKey", upsert.ParamName);
        Assert.Contains(expected, update.Message, StringComparison.Ordinal);
        Assert.Contains(expected, batch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_with_an_unpaired_surrogate_fails_before_any_request()
    {
        // Not theory data: xunit's serialization would replace the lone surrogate with U+FFFD.
        var (table, recorder) = NewTable();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", "lone\uD800")));

        Assert.Contains("unpaired surrogate at index 4", ex.Message, StringComparison.Ordinal);
        Assert.Empty(recorder.Requests);
    }

    [Fact]
    public async Task Key_of_512_characters_and_an_empty_key_are_accepted()
    {
        var (table, recorder) = NewTable();
        recorder.Respond(System.Net.HttpStatusCode.NoContent);

        await table.UpsertEntityAsync(new TableEntity(new string('k', 512), string.Empty));

        Assert.Single(recorder.Requests);
    }

    [Fact]
    public void Key_message_does_not_echo_the_key()
    {
        var ex = Assert.Throws<ArgumentException>(() => TableKeys.Validate("4111111111111111/", "RowKey"));

        Assert.DoesNotContain("4111", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1claims")]
    [InlineData("claims-2024")]
    [InlineData("tables")]
    [InlineData("Tables")]
    public void Invalid_table_name_is_refused_when_the_client_is_made(string name)
    {
        var recorder = new RecordingTransport();

        Assert.Throws<ArgumentException>(() => new TableClient(Endpoint, name, Key, new TableClientOptions { Transport = recorder.Transport }));
        Assert.Empty(recorder.Requests);
    }

    [Fact]
    public async Task Transaction_shape_is_checked_before_any_request()
    {
        var (table, recorder) = NewTable();
        var tooMany = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        TableTransactionAction[] twoPartitions = [new(TableTransactionActionType.Add, new TableEntity("p", "1")), new(TableTransactionActionType.Add, new TableEntity("q", "2"))];
        TableTransactionAction[] sameRow = [new(TableTransactionActionType.Add, new TableEntity("p", "1")), new(TableTransactionActionType.Delete, new TableEntity("p", "1"))];
        TableTransactionAction[] updateWithoutETag = [new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "1"))];

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(tooMany));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(twoPartitions));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(sameRow));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(updateWithoutETag));

        Assert.Empty(recorder.Requests);
    }

    [Fact]
    public void Property_values_of_unsupported_types_are_refused_when_set()
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity["Amount"] = 1.5m);
        Assert.Throws<ArgumentException>(() => entity["At"] = new DateTime(2024, 1, 1));
        Assert.Throws<ArgumentException>(() => entity["PartitionKey"] = "x");
        Assert.Throws<ArgumentException>(() => entity["odata.etag"] = "x");
        Assert.Throws<ArgumentNullException>(() => entity["Gone"] = null!);
        Assert.Empty(entity);
    }
}
