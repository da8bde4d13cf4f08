using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Reimburse.Azure.Storage;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Tables;
using Reimburse.Testing;

namespace Reimburse.Azure.Tests.Storage.Interop;

/// <summary>
/// Our clients and the OFFICIAL Azure SDKs for JavaScript (@azure/data-tables, @azure/storage-blob,
/// @azure/storage-queue, from node_modules) read each other's writes on Azurite with identical values and types.
/// The JS side is tests/interop/storage-interop.mjs, started without a shell; it runs offline.
/// </summary>
public sealed class OfficialSdkInteropTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset When = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.Zero).AddTicks(1234567);
    private static readonly Guid Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly string Text = "カード再発行手数料 'quoted' \"double\" 100%";

    private StorageAccount Account => StorageAccount.FromConnectionString(azurite.ConnectionString);

    [Fact]
    public async Task Entities_and_a_transaction_written_here_are_read_identically_by_the_official_js_sdk()
    {
        var table = Account.GetTableClient("interop" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("cs", "types")
        {
            ["Text"] = Text,
            ["Int32"] = -2_000_000_000,
            ["Int64Small"] = 5L,
            ["Int64Big"] = 9_007_199_254_740_993L,
            ["Double"] = 0.1,
            ["DoubleWhole"] = 2.0,
            ["True"] = true,
            ["False"] = false,
            ["When"] = When,
            ["Id"] = Id,
            ["Bytes"] = new byte[] { 0, 1, 2, 254, 255 },
        });
        await table.SubmitTransactionAsync(Enumerable.Range(0, 5).Select(i => new TableTransactionAction(
            TableTransactionActionType.Add, new TableEntity("cs", $"tx-{i}") { ["N"] = i, ["Big"] = (1L << 40) + i })));

        var read = (await NodeAsync("table-read", table.Name, "cs")).EnumerateArray().ToDictionary(e => e.GetProperty("rowKey").GetString()!);

        var types = Props(read["types"]);
        Assert.Equal(("String", Text), types["Text"]);
        Assert.Equal(("Int32", "-2000000000"), types["Int32"]);
        Assert.Equal(("Int64", "5"), types["Int64Small"]);
        Assert.Equal(("Int64", "9007199254740993"), types["Int64Big"]);
        Assert.Equal(("Double", "0.1"), types["Double"]);
        // Azurite sends a whole Double as "2.0" without an annotation; the JS SDK parses the number and cannot tell it
        // from an Int32 (we read the same payload back as Double: see the other direction). A service-side behaviour.
        Assert.Equal(("Int32", "2"), types["DoubleWhole"]);
        Assert.Equal(("Boolean", "true"), types["True"]);
        Assert.Equal(("Boolean", "false"), types["False"]);
        Assert.Equal(("DateTime", "2024-02-29T23:59:58.1234567Z"), types["When"]);
        Assert.Equal(("Guid", Id.ToString()), types["Id"]);
        Assert.Equal(("Binary", "AAEC/v8="), types["Bytes"]);
        Assert.Equal(11, types.Count);
        for (var i = 0; i < 5; i++)
        {
            var tx = Props(read[$"tx-{i}"]);
            Assert.Equal(("Int32", i.ToString(CultureInfo.InvariantCulture)), tx["N"]);
            Assert.Equal(("Int64", ((1L << 40) + i).ToString(CultureInfo.InvariantCulture)), tx["Big"]);
        }
    }

    [Fact]
    public async Task Entities_and_a_transaction_written_by_the_official_js_sdk_are_read_identically_here()
    {
        var table = Account.GetTableClient("interop" + Guid.NewGuid().ToString("N")[..12]);

        await NodeAsync("table-write", table.Name, "js");
        var read = await table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"js"}")).ToListAsync();

        var types = read.Single(e => e.RowKey == "types");
        Assert.Equal(Text, Assert.IsType<string>(types["Text"]));
        Assert.Equal(-2_000_000_000, Assert.IsType<int>(types["Int32"]));
        Assert.Equal(5L, Assert.IsType<long>(types["Int64Small"]));
        Assert.Equal(9_007_199_254_740_993L, Assert.IsType<long>(types["Int64Big"]));
        Assert.Equal(0.1, Assert.IsType<double>(types["Double"]));
        Assert.Equal(2.0, Assert.IsType<double>(types["DoubleWhole"]));
        Assert.True(Assert.IsType<bool>(types["True"]));
        Assert.False(Assert.IsType<bool>(types["False"]));
        Assert.Equal(When.UtcTicks, Assert.IsType<DateTimeOffset>(types["When"]).UtcTicks);
        Assert.Equal(Id, Assert.IsType<Guid>(types["Id"]));
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, Assert.IsType<byte[]>(types["Bytes"]));
        Assert.Equal(11, types.Count);
        var transaction = read.Where(e => e.RowKey.StartsWith("tx-", StringComparison.Ordinal)).OrderBy(e => e.RowKey).ToList();
        Assert.Equal(5, transaction.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i, Assert.IsType<int>(transaction[i]["N"]));
            Assert.Equal((1L << 40) + i, Assert.IsType<long>(transaction[i]["Big"]));
        }
    }

    [Fact]
    public async Task Blobs_with_content_type_and_metadata_cross_in_both_directions()
    {
        var container = Account.GetBlobContainerClient("interop-" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateIfNotExistsAsync();
        byte[] bytes = [0x25, 0x50, 0x44, 0x46, 0x2D, 0x00, 0xFF];
        await container.GetBlobClient("from-cs/明細.pdf").UploadAsync(new BinaryData(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" },
            Metadata = new Dictionary<string, string> { ["claimId"] = "C-1", ["kind"] = "statement" },
        });

        var seenByJs = await NodeAsync("blob-read", container.Name, "from-cs/明細.pdf");
        await NodeAsync("blob-write", container.Name, "from-js/statement.pdf");
        var fromJs = container.GetBlobClient("from-js/statement.pdf");
        var properties = (await fromJs.GetPropertiesAsync()).Value;
        var content = (await fromJs.DownloadContentAsync()).Value;

        Assert.Equal(Convert.ToBase64String(bytes), seenByJs.GetProperty("contentBase64").GetString());
        Assert.Equal("application/pdf", seenByJs.GetProperty("contentType").GetString());
        Assert.Equal("C-1", seenByJs.GetProperty("metadata").GetProperty("claimid").GetString());
        Assert.Equal("statement", seenByJs.GetProperty("metadata").GetProperty("kind").GetString());
        Assert.Equal(bytes, content.ToArray());
        Assert.Equal("application/pdf", properties.ContentType);
        Assert.Equal(("C-9", "statement"), (properties.Metadata["claimId"], properties.Metadata["kind"]));
    }

    [Fact]
    public async Task Queue_messages_cross_in_both_directions_as_base64()
    {
        var queue = Account.GetQueueClient("interop-" + Guid.NewGuid().ToString("N")[..12]);
        await queue.CreateIfNotExistsAsync();
        const string fromCs = "請求 C-1 ✓ <step>extract</step> & more";
        const string fromJs = "支払 C-2 ✓ <step>validate</step>";

        await queue.SendMessageAsync(fromCs);
        var seenByJs = Assert.Single((await NodeAsync("queue-read", queue.Name)).EnumerateArray().ToList());
        await queue.DeleteIfExistsAsync();
        await NodeAsync("queue-write", queue.Name, fromJs);
        var received = Assert.Single((await queue.ReceiveMessagesAsync()).Value);

        Assert.Equal(fromCs, Encoding.UTF8.GetString(Convert.FromBase64String(seenByJs.GetProperty("messageText").GetString()!)));
        Assert.Equal(1, seenByJs.GetProperty("dequeueCount").GetInt32());
        Assert.Equal(fromJs, received.MessageText);
        Assert.Equal(1, received.DequeueCount);
    }

    private static Dictionary<string, (string Type, string Value)> Props(JsonElement entity) =>
        entity.GetProperty("props").EnumerateObject().ToDictionary(
            p => p.Name,
            p => (p.Value.GetProperty("type").GetString()!, p.Value.GetProperty("value").GetString()!));

    private async Task<JsonElement> NodeAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "interop", "storage-interop.mjs"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        // The secret travels in the environment of this one child process, never on its command line.
        psi.Environment["REIMBURSE_INTEROP_STORAGE"] = azurite.ConnectionString;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', args)} did not finish within 60 s.");
        }
        Assert.True(process.ExitCode == 0, $"node {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        using var json = JsonDocument.Parse(await stdout);
        return json.RootElement.Clone();
    }
}
