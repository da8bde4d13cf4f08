using Azure;
using Reimburse.Azure.Storage.Queues;
using Reimburse.Testing;

namespace Reimburse.Azure.Tests.Storage.Queues;

public sealed class QueueClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<QueueClient> NewQueueAsync(QueueMessageEncoding encoding = QueueMessageEncoding.Base64, string? name = null)
    {
        var queue = new QueueClient(azurite.ConnectionString, name ?? "q-" + Guid.NewGuid().ToString("N"), new QueueClientOptions { MessageEncoding = encoding });
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task Creating_a_queue_twice_succeeds()
    {
        var queue = new QueueClient(azurite.ConnectionString, "twice-" + Guid.NewGuid().ToString("N")[..8]);

        var first = await queue.CreateIfNotExistsAsync();
        var second = await queue.CreateIfNotExistsAsync();

        Assert.Equal(201, first.Status);
        Assert.Equal(204, second.Status);
        Assert.True((await queue.DeleteIfExistsAsync()).Value);
        Assert.False((await queue.DeleteIfExistsAsync()).Value);
    }

    [Fact]
    public async Task Received_message_is_invisible_until_its_timeout_and_its_dequeue_count_rises()
    {
        var queue = await NewQueueAsync();
        var sent = (await queue.SendMessageAsync("extract claim C-1")).Value;

        var receivedAt = DateTimeOffset.UtcNow;
        var first = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(2))).Value);
        var whileHidden = (await queue.ReceiveMessagesAsync(maxMessages: 32)).Value;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var second = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30))).Value);

        Assert.Equal(sent.MessageId, first.MessageId);
        Assert.Equal("extract claim C-1", first.MessageText);
        Assert.Equal(1, first.DequeueCount);
        Assert.InRange(first.NextVisibleOn!.Value, receivedAt.AddSeconds(1), receivedAt.AddSeconds(4));
        Assert.Empty(whileHidden);
        Assert.Equal(sent.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(first.MessageId, first.PopReceipt));
        AssertStalePopReceipt(stale);
    }

    [Fact]
    public async Task Message_sent_with_an_initial_delay_appears_only_after_it()
    {
        var queue = await NewQueueAsync();

        var receipt = (await queue.SendMessageAsync("timer", visibilityTimeout: TimeSpan.FromSeconds(2))).Value;
        var early = (await queue.ReceiveMessagesAsync()).Value;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = (await queue.ReceiveMessagesAsync()).Value;

        Assert.True(receipt.TimeNextVisible >= receipt.InsertionTime.AddSeconds(2));
        Assert.Empty(early);
        Assert.Equal("timer", Assert.Single(later).MessageText);
    }

    [Fact]
    public async Task Time_to_live_sets_the_expiry_and_infinite_never_expires()
    {
        var queue = await NewQueueAsync();

        var hour = (await queue.SendMessageAsync("a", timeToLive: TimeSpan.FromHours(1))).Value;
        var forever = (await queue.SendMessageAsync("b", timeToLive: Timeout.InfiniteTimeSpan)).Value;

        Assert.Equal(TimeSpan.FromHours(1), hour.ExpirationTime - hour.InsertionTime);
        Assert.True(forever.ExpirationTime.Year >= 9999);
    }

    [Fact]
    public async Task Deleted_message_is_gone_and_the_count_drops()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("one");
        await queue.SendMessageAsync("two");
        await queue.SendMessageAsync("three");

        var before = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var received = (await queue.ReceiveMessagesAsync(maxMessages: 2)).Value;
        foreach (var message in received)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
        var after = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

        Assert.Equal(3, before);
        Assert.Equal(2, received.Length);
        Assert.Equal(1, after);
    }

    [Fact]
    public async Task Visibility_update_returns_a_new_pop_receipt_and_can_change_the_body()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("v1");
        var received = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromMinutes(5))).Value);

        var update = (await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, BinaryData.FromString("v2"), TimeSpan.Zero)).Value;
        var again = Assert.Single((await queue.ReceiveMessagesAsync()).Value);
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(1)));

        Assert.NotEqual(received.PopReceipt, update.PopReceipt);
        Assert.True(update.NextVisibleOn <= DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("v2", again.MessageText);
        Assert.Equal(2, again.DequeueCount);
        AssertStalePopReceipt(stale);
    }

    [Fact]
    public async Task Peek_leaves_the_message_visible_and_its_count_unchanged()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("peek me");

        var peeked = Assert.Single((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
        var received = Assert.Single((await queue.ReceiveMessagesAsync()).Value);

        Assert.Equal("peek me", peeked.MessageText);
        Assert.Equal(0, peeked.DequeueCount);
        Assert.Equal(peeked.MessageId, received.MessageId);
        Assert.Equal(1, received.DequeueCount);
    }

    [Fact]
    public async Task Base64_is_the_default_wire_format_and_binary_bodies_round_trip()
    {
        var name = "b64-" + Guid.NewGuid().ToString("N");
        var queue = await NewQueueAsync(name: name);
        var raw = new QueueClient(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        byte[] body = [0, 1, 2, 0xFF, (byte)'<', (byte)'&'];

        await queue.SendMessageAsync("請求 <C-1> & 'x'");
        await queue.SendMessageAsync(new BinaryData(body));
        var onTheWire = (await raw.PeekMessagesAsync(maxMessages: 2)).Value;
        var decoded = (await queue.ReceiveMessagesAsync(maxMessages: 2)).Value;

        Assert.Equal(Convert.ToBase64String("請求 <C-1> & 'x'"u8), onTheWire[0].MessageText);
        Assert.Equal("請求 <C-1> & 'x'", decoded[0].MessageText);
        Assert.Equal(body, decoded[1].Body.ToArray());
    }

    [Fact]
    public async Task Plain_text_encoding_escapes_xml_and_refuses_characters_xml_cannot_carry()
    {
        var queue = await NewQueueAsync(QueueMessageEncoding.None);

        await queue.SendMessageAsync("<claim id=\"1\"> & </claim> ]]>");
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync("bell\u0007"));
        var received = Assert.Single((await queue.ReceiveMessagesAsync(maxMessages: 32)).Value);

        Assert.Equal("<claim id=\"1\"> & </claim> ]]>", received.MessageText);
        Assert.Contains("XML", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_that_is_not_base64_is_received_and_fails_only_when_decoded()
    {
        var name = "bad-" + Guid.NewGuid().ToString("N");
        var queue = await NewQueueAsync(name: name);
        await new QueueClient(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }).SendMessageAsync("not base64!");

        var received = Assert.Single((await queue.ReceiveMessagesAsync()).Value);

        var ex = Assert.Throws<FormatException>(() => received.Body);
        Assert.Contains(received.MessageId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_message_and_bad_arguments_fail_before_any_request()
    {
        var queue = await NewQueueAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(new BinaryData(new byte[49_153])));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(maxMessages: 33));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendMessageAsync("x", visibilityTimeout: TimeSpan.FromDays(8)));
        Assert.Throws<ArgumentException>(() => new QueueClient(azurite.ConnectionString, "Bad_Queue"));

        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    // Azure answers a stale pop receipt with 404 MessageNotFound or 400 PopReceiptMismatch depending on the operation; Azurite with 400.
    private static void AssertStalePopReceipt(RequestFailedException ex) =>
        Assert.Contains((ex.Status, ex.ErrorCode), new (int, string?)[] { (404, "MessageNotFound"), (400, "PopReceiptMismatch") });
}
