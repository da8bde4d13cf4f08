using System.Text;

namespace Reimburse.Azure.Storage.Queues;

/// <summary>What the service answers to a send.</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="InsertionTime">When it was enqueued.</param>
/// <param name="ExpirationTime">When it expires (far future for messages that never expire).</param>
/// <param name="PopReceipt">The pop receipt, valid until the message is received.</param>
/// <param name="TimeNextVisible">When it becomes visible (later than now with an initial delay).</param>
public sealed record SendReceipt(string MessageId, DateTimeOffset InsertionTime, DateTimeOffset ExpirationTime, string PopReceipt, DateTimeOffset TimeNextVisible);

/// <summary>What the service answers to a visibility update.</summary>
/// <param name="PopReceipt">The new pop receipt: the old one is no longer valid.</param>
/// <param name="NextVisibleOn">When the message becomes visible again.</param>
public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset NextVisibleOn);

/// <summary>A queue's metadata and approximate length.</summary>
/// <param name="ApproximateMessagesCount">The approximate number of messages (visible or not).</param>
/// <param name="Metadata">The queue's metadata.</param>
public sealed record QueueProperties(int ApproximateMessagesCount, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A message seen without receiving it (no pop receipt, stays visible).</summary>
public class PeekedMessage
{
    private readonly string _wireText;
    private readonly QueueMessageEncoding _encoding;
    private BinaryData? _body;

    internal PeekedMessage(string messageId, string wireText, QueueMessageEncoding encoding, long dequeueCount, DateTimeOffset? insertedOn, DateTimeOffset? expiresOn)
    {
        MessageId = messageId;
        _wireText = wireText;
        _encoding = encoding;
        DequeueCount = dequeueCount;
        InsertedOn = insertedOn;
        ExpiresOn = expiresOn;
    }

    /// <summary>The message id.</summary>
    public string MessageId { get; }

    /// <summary>How many times the message has been received (it rises with every receive).</summary>
    public long DequeueCount { get; }

    /// <summary>When it was enqueued.</summary>
    public DateTimeOffset? InsertedOn { get; }

    /// <summary>When it expires.</summary>
    public DateTimeOffset? ExpiresOn { get; }

    /// <summary>The body, decoded per the client's <see cref="QueueMessageEncoding"/>.</summary>
    /// <exception cref="FormatException">Base64 encoding is configured but the message is not base64 (written by another
    /// producer): the receive itself succeeded, so the caller can move such a message aside.</exception>
    public BinaryData Body => _body ??= _encoding == QueueMessageEncoding.Base64
        ? DecodeBase64(_wireText, MessageId)
        : BinaryData.FromString(_wireText);

    /// <summary>The body as UTF-8 text.</summary>
    public string MessageText => Body.ToString();

    private static BinaryData DecodeBase64(string text, string messageId)
    {
        try
        {
            return new BinaryData(Convert.FromBase64String(text));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Message {messageId} is not base64; set MessageEncoding = None to read it as text.", ex);
        }
    }

    internal static string Encode(BinaryData body, QueueMessageEncoding encoding) =>
        encoding == QueueMessageEncoding.Base64 ? Convert.ToBase64String(body.ToMemory().Span) : Encoding.UTF8.GetString(body.ToMemory().Span);
}

/// <summary>A received message: invisible to others until <see cref="NextVisibleOn"/>; delete it with its pop receipt when done.</summary>
public sealed class QueueMessage : PeekedMessage
{
    internal QueueMessage(string messageId, string popReceipt, string wireText, QueueMessageEncoding encoding, long dequeueCount,
        DateTimeOffset? insertedOn, DateTimeOffset? expiresOn, DateTimeOffset? nextVisibleOn)
        : base(messageId, wireText, encoding, dequeueCount, insertedOn, expiresOn)
    {
        PopReceipt = popReceipt;
        NextVisibleOn = nextVisibleOn;
    }

    /// <summary>The pop receipt needed to delete or update this message.</summary>
    public string PopReceipt { get; }

    /// <summary>When the message becomes visible again unless deleted.</summary>
    public DateTimeOffset? NextVisibleOn { get; }
}
