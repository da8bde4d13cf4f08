using System.Globalization;
using System.Text;
using System.Xml;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage.Queues;

/// <summary>
/// One queue: send (with initial delay and time-to-live), receive with a visibility timeout, delete and update with the
/// pop receipt, peek, and the approximate length. Shaped like <c>Azure.Storage.Queues.QueueClient</c>.
/// </summary>
/// <remarks>Delivery is at least once: a received message that is not deleted before its visibility timeout comes back
/// with a higher <see cref="PeekedMessage.DequeueCount"/>; handlers must be idempotent.</remarks>
public sealed class QueueClient
{
    /// <summary>The most messages one receive or peek returns.</summary>
    public const int MaxMessagesPerReceive = 32;

    /// <summary>The largest encoded message text the service accepts (64 KiB).</summary>
    public const int MaxMessageTextBytes = 64 * 1024;

    private static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);

    private readonly HttpPipeline _pipeline;
    private readonly QueueMessageEncoding _encoding;

    /// <summary>Creates a client from a connection string (Shared Key).</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    /// <exception cref="ArgumentException">The queue name is invalid.</exception>
    public QueueClient(string connectionString, string queueName, QueueClientOptions? options = null)
        : this(new QueueServiceClient(connectionString, options).GetQueueClient(queueName))
    {
    }

    /// <summary>Creates a client for the queue at <paramref name="queueUri"/> with Shared Key.</summary>
    public QueueClient(Uri queueUri, StorageSharedKeyCredential credential, QueueClientOptions? options = null)
        : this(queueUri, options ?? new QueueClientOptions(), StoragePipeline.SharedKey(credential, StorageService.Queue))
    {
    }

    /// <summary>Creates a client for the queue at <paramref name="queueUri"/> with an Entra ID token (managed identity).</summary>
    public QueueClient(Uri queueUri, TokenCredential credential, QueueClientOptions? options = null)
        : this(queueUri, options ?? new QueueClientOptions(), StoragePipeline.Bearer(credential))
    {
    }

    private QueueClient(QueueClient other)
        : this(other._pipeline, other.Uri, other._encoding)
    {
    }

    private QueueClient(Uri queueUri, QueueClientOptions options, HttpPipelinePolicy authentication)
        : this(QueueClientOptions.CreatePipeline(options, authentication), queueUri, options.MessageEncoding)
    {
    }

    internal QueueClient(HttpPipeline pipeline, Uri queueUri, QueueMessageEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(queueUri);
        _pipeline = pipeline;
        _encoding = encoding;
        Uri = StorageConnectionString.TrimTrailingSlash(queueUri);
        Name = StorageUris.LastSegment(Uri);
        StorageNames.ValidateLowercaseName(Name, "queue");
    }

    /// <summary>The queue name.</summary>
    public string Name { get; }

    /// <summary>The queue URI.</summary>
    public Uri Uri { get; }

    /// <summary>Creates the queue unless it exists (201 created, 204 already there).</summary>
    public async Task<Response> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, null);
        return await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 201, 204).ConfigureAwait(false);
    }

    /// <summary>Deletes the queue if it exists; the value says whether it did.</summary>
    public async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, null);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 204, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status == 204, response);
    }

    /// <summary>Sends a text message (UTF-8); see <see cref="SendMessageAsync(BinaryData, TimeSpan?, TimeSpan?, CancellationToken)"/>.</summary>
    public Task<Response<SendReceipt>> SendMessageAsync(string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        return SendMessageAsync(BinaryData.FromString(messageText), visibilityTimeout, timeToLive, cancellationToken);
    }

    /// <summary>Sends a message.</summary>
    /// <param name="message">The body.</param>
    /// <param name="visibilityTimeout">An initial delay (0 to 7 days) before the message becomes visible: our timers.</param>
    /// <param name="timeToLive">How long the message lives (default 7 days); <see cref="Timeout.InfiniteTimeSpan"/> for never expiring.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ArgumentException">The encoded message is over 64 KiB, or (encoding None) holds characters XML cannot carry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time is out of range.</exception>
    public async Task<Response<SendReceipt>> SendMessageAsync(BinaryData message, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = EncodeForWire(message);
        if (visibilityTimeout is { } delay && (delay < TimeSpan.Zero || delay > MaxVisibility))
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), delay, "The initial delay is 0 to 7 days.");
        }
        if (timeToLive is { } ttl && ttl != Timeout.InfiniteTimeSpan && ttl < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), ttl, "The time to live is at least one second, or infinite.");
        }
        using var httpMessage = CreateMessage(RequestMethod.Post, "messages");
        if (visibilityTimeout is { } v)
        {
            httpMessage.Request.Uri.AppendQuery("visibilitytimeout", Seconds(v));
        }
        if (timeToLive is { } t)
        {
            httpMessage.Request.Uri.AppendQuery("messagettl", t == Timeout.InfiniteTimeSpan ? "-1" : Seconds(t));
        }
        httpMessage.Request.Headers.Add("Content-Type", "application/xml");
        httpMessage.Request.Content = RequestContent.Create(MessageXml(text));
        var response = await StorageErrors.SendAsync(_pipeline, httpMessage, cancellationToken, 201).ConfigureAwait(false);
        var item = (await ReadMessagesAsync(response, cancellationToken).ConfigureAwait(false)).Single();
        return Response.FromValue(
            new SendReceipt(
                item["MessageId"],
                StorageProtocol.ParseRfc1123(item["InsertionTime"]),
                StorageProtocol.ParseRfc1123(item["ExpirationTime"]),
                item["PopReceipt"],
                StorageProtocol.ParseRfc1123(item["TimeNextVisible"])),
            response);
    }

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> messages (1–32, default 1) and hides them for
    /// <paramref name="visibilityTimeout"/> (default 30 s, at most 7 days). An empty array when the queue has none visible.
    /// </summary>
    public async Task<Response<QueueMessage[]>> ReceiveMessagesAsync(int? maxMessages = null, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        ValidateCount(maxMessages);
        if (visibilityTimeout is { } v && (v < TimeSpan.FromSeconds(1) || v > MaxVisibility))
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), v, "The visibility timeout is 1 second to 7 days.");
        }
        using var message = CreateMessage(RequestMethod.Get, "messages");
        if (maxMessages is { } n)
        {
            message.Request.Uri.AppendQuery("numofmessages", n.ToString(CultureInfo.InvariantCulture));
        }
        if (visibilityTimeout is { } timeout)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(timeout));
        }
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        var messages = (await ReadMessagesAsync(response, cancellationToken).ConfigureAwait(false)).Select(item => new QueueMessage(
            item["MessageId"],
            item["PopReceipt"],
            item.GetValueOrDefault("MessageText") ?? string.Empty,
            _encoding,
            long.Parse(item.GetValueOrDefault("DequeueCount") ?? "0", CultureInfo.InvariantCulture),
            StorageProtocol.ParseRfc1123OrNull(item.GetValueOrDefault("InsertionTime")),
            StorageProtocol.ParseRfc1123OrNull(item.GetValueOrDefault("ExpirationTime")),
            StorageProtocol.ParseRfc1123OrNull(item.GetValueOrDefault("TimeNextVisible")))).ToArray();
        return Response.FromValue(messages, response);
    }

    /// <summary>Looks at up to <paramref name="maxMessages"/> visible messages (1–32, default 1) without receiving them.</summary>
    public async Task<Response<PeekedMessage[]>> PeekMessagesAsync(int? maxMessages = null, CancellationToken cancellationToken = default)
    {
        ValidateCount(maxMessages);
        using var message = CreateMessage(RequestMethod.Get, "messages");
        message.Request.Uri.AppendQuery("peekonly", "true");
        if (maxMessages is { } n)
        {
            message.Request.Uri.AppendQuery("numofmessages", n.ToString(CultureInfo.InvariantCulture));
        }
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        var messages = (await ReadMessagesAsync(response, cancellationToken).ConfigureAwait(false)).Select(item => new PeekedMessage(
            item["MessageId"],
            item.GetValueOrDefault("MessageText") ?? string.Empty,
            _encoding,
            long.Parse(item.GetValueOrDefault("DequeueCount") ?? "0", CultureInfo.InvariantCulture),
            StorageProtocol.ParseRfc1123OrNull(item.GetValueOrDefault("InsertionTime")),
            StorageProtocol.ParseRfc1123OrNull(item.GetValueOrDefault("ExpirationTime")))).ToArray();
        return Response.FromValue(messages, response);
    }

    /// <summary>
    /// Deletes a received message. A stale pop receipt (the message was received again, or updated) or a message that is
    /// gone fails with 404 MessageNotFound or 400 PopReceiptMismatch (Azurite answers 400).
    /// </summary>
    public async Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, MessagePath(messageId, popReceipt));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        return await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 204).ConfigureAwait(false);
    }

    /// <summary>
    /// Changes a received message's visibility (0 s to 7 days from now) and optionally its body. Returns the new pop
    /// receipt, which replaces the old one. A stale pop receipt fails like <see cref="DeleteMessageAsync"/>.
    /// </summary>
    public async Task<Response<UpdateReceipt>> UpdateMessageAsync(string messageId, string popReceipt, BinaryData? message = null, TimeSpan visibilityTimeout = default, CancellationToken cancellationToken = default)
    {
        if (visibilityTimeout < TimeSpan.Zero || visibilityTimeout > MaxVisibility)
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), visibilityTimeout, "The visibility timeout is 0 to 7 days.");
        }
        var text = message is null ? null : EncodeForWire(message);
        using var httpMessage = CreateMessage(RequestMethod.Put, MessagePath(messageId, popReceipt));
        httpMessage.Request.Uri.AppendQuery("popreceipt", popReceipt);
        httpMessage.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout));
        if (text is not null)
        {
            httpMessage.Request.Headers.Add("Content-Type", "application/xml");
            httpMessage.Request.Content = RequestContent.Create(MessageXml(text));
        }
        var response = await StorageErrors.SendAsync(_pipeline, httpMessage, cancellationToken, 204).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-popreceipt", out var newReceipt);
        response.Headers.TryGetValue("x-ms-time-next-visible", out var nextVisible);
        return Response.FromValue(new UpdateReceipt(newReceipt ?? string.Empty, StorageProtocol.ParseRfc1123OrNull(nextVisible) ?? default), response);
    }

    /// <summary>Reads the queue's metadata and approximate message count (<c>GET ?comp=metadata</c>).</summary>
    public async Task<Response<QueueProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, null);
        message.Request.Uri.AppendQuery("comp", "metadata");
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count);
        return Response.FromValue(new QueueProperties(int.Parse(count ?? "0", CultureInfo.InvariantCulture), StorageProtocol.Metadata(response)), response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string? encodedPath)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        StorageUris.Set(message.Request.Uri, Uri, encodedPath);
        return message;
    }

    private static string MessagePath(string messageId, string popReceipt)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        return "messages/" + Uri.EscapeDataString(messageId);
    }

    private string EncodeForWire(BinaryData message)
    {
        var text = PeekedMessage.Encode(message, _encoding);
        if (_encoding == QueueMessageEncoding.None)
        {
            try
            {
                XmlConvert.VerifyXmlChars(text);
            }
            catch (XmlException ex)
            {
                throw new ArgumentException("The message holds characters that XML cannot carry; use Base64 encoding.", nameof(message), ex);
            }
        }
        if (Encoding.UTF8.GetByteCount(text) > MaxMessageTextBytes)
        {
            throw new ArgumentException($"The encoded message is larger than {MaxMessageTextBytes} bytes; store the payload in a blob and send its name.", nameof(message));
        }
        return text;
    }

    private static byte[] MessageXml(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false }))
        {
            writer.WriteStartElement("QueueMessage");
            writer.WriteElementString("MessageText", text);
            writer.WriteEndElement();
        }
        return buffer.ToArray();
    }

    private static async Task<List<Dictionary<string, string>>> ReadMessagesAsync(Response response, CancellationToken cancellationToken)
    {
        var messages = new List<Dictionary<string, string>>();
        if (response.ContentStream is null)
        {
            return messages;
        }
        using var reader = XmlReader.Create(response.ContentStream, StorageProtocol.ReaderSettings);
        Dictionary<string, string>? current = null;
        // ReadElementContent* already moves to the next node, so the loop only reads on where nothing was consumed.
        var more = await reader.ReadAsync().ConfigureAwait(false);
        while (more)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == "QueueMessage")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                messages.Add(current);
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.Depth == 2 && current is not null)
            {
                var name = reader.LocalName;
                current[name] = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                more = !reader.EOF;
                continue;
            }
            more = await reader.ReadAsync().ConfigureAwait(false);
        }
        return messages;
    }

    private static void ValidateCount(int? maxMessages)
    {
        if (maxMessages is < 1 or > MaxMessagesPerReceive)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "Between 1 and 32 messages per call.");
        }
    }

    private static string Seconds(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
