using Azure;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage.Queues;

namespace Reimburse.Functions.Claims;

/// <summary>
/// Drives <see cref="ClaimStepHandler"/> from the claim-steps queue the way the Azure Functions host does:
/// receive with a visibility timeout, delete on success, make a failed message visible again after
/// <see cref="ClaimsOptions.RetryDelay"/>, and after <see cref="ClaimsOptions.MaxDequeueCount"/> failed attempts move
/// it to <c>claim-steps-poison</c> (where <see cref="ClaimStepHandler.HandlePoisonAsync"/> flags the claim).
/// A message is deleted only after it was handled or copied to the poison queue: never silently dropped.
/// Under the Functions host, the trigger endpoints call <see cref="RunStepAsync"/> and <see cref="RunPoisonAsync"/>
/// directly (the host owns receiving, retrying and poisoning): the same code that runs a delivery here.
/// </summary>
/// <remarks>Failures are logged by exception type only: a reader's message may quote the document.</remarks>
public sealed partial class ClaimQueueProcessor(
    ClaimStorage storage,
    ClaimStepHandler handler,
    IOptions<ClaimsOptions> options,
    ILogger<ClaimQueueProcessor> logger)
{
    // An undecodable poison message is looked at again rarely: a person has to remove it.
    private static readonly TimeSpan UnreadablePoisonDelay = TimeSpan.FromHours(1);

    /// <summary>Receives up to <paramref name="maxMessages"/> steps and handles them one after another.</summary>
    /// <returns>How many messages were received.</returns>
    public async Task<int> ProcessStepsAsync(int maxMessages, CancellationToken cancellationToken)
    {
        var messages = await ReceiveStepsAsync(maxMessages, cancellationToken).ConfigureAwait(false);
        foreach (var message in messages)
        {
            await ProcessStepAsync(message, cancellationToken).ConfigureAwait(false);
        }
        return messages.Length;
    }

    /// <summary>Receives up to <paramref name="maxMessages"/> steps, invisible to others for <see cref="ClaimsOptions.VisibilityTimeout"/>.</summary>
    public async Task<QueueMessage[]> ReceiveStepsAsync(int maxMessages, CancellationToken cancellationToken) =>
        (await storage.Steps.ReceiveMessagesAsync(maxMessages, options.Value.VisibilityTimeout, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>
    /// Runs one delivery of a step within <see cref="ClaimsOptions.VisibilityTimeout"/> and logs how it went. Throws
    /// when the step failed (the caller retries it: the local runner after <see cref="ClaimsOptions.RetryDelay"/>, the
    /// Functions host after host.json's visibilityTimeout).
    /// </summary>
    /// <param name="messageId">The queue message's id (for the log).</param>
    /// <param name="message">The message text (a <see cref="Reimburse.Claims.ClaimStep"/> as JSON).</param>
    /// <param name="dequeueCount">Which delivery this is (1 for the first).</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    public async Task<StepOutcome> RunStepAsync(string messageId, string message, long dequeueCount, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Past the visibility timeout the message is someone else's: stop rather than run twice at once.
        timeout.CancelAfter(options.Value.VisibilityTimeout);
        try
        {
            var outcome = await handler.HandleAsync(message, dequeueCount, timeout.Token).ConfigureAwait(false);
            LogHandled(logger, messageId, outcome, dequeueCount);
            return outcome;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogStepFailed(logger, messageId, dequeueCount, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>Flags the claim of a poisoned step (see <see cref="ClaimStepHandler.HandlePoisonAsync"/>); throws when that failed.</summary>
    public Task RunPoisonAsync(string message, CancellationToken cancellationToken) =>
        handler.HandlePoisonAsync(message, options.Value.MaxDequeueCount, null, cancellationToken);

    /// <summary>Receives up to <paramref name="maxMessages"/> poisoned steps and flags their claims.</summary>
    /// <returns>How many messages were received.</returns>
    public async Task<int> ProcessPoisonAsync(int maxMessages, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var messages = (await storage.Poison.ReceiveMessagesAsync(maxMessages, settings.VisibilityTimeout, cancellationToken).ConfigureAwait(false)).Value;
        foreach (var message in messages)
        {
            try
            {
                await RunPoisonAsync(message.MessageText, cancellationToken).ConfigureAwait(false);
                await DeleteAsync(storage.Poison, message, cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException)
            {
                LogUnreadablePoison(logger, message.MessageId);
                await TryDelayAsync(storage.Poison, message, UnreadablePoisonDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // It stays in the poison queue and comes back after its visibility timeout.
                LogPoisonFailed(logger, message.MessageId, ex.GetType().Name);
                await TryDelayAsync(storage.Poison, message, settings.RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
        return messages.Length;
    }

    /// <summary>
    /// Handles one received step as the host would: delete it when done; when it failed, make it visible again after
    /// <see cref="ClaimsOptions.RetryDelay"/>, or after <see cref="ClaimsOptions.MaxDequeueCount"/> deliveries move it to
    /// the poison queue. Throws only when cancelled.
    /// </summary>
    public async Task ProcessStepAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            // Handed out more often than allowed without a recorded failure (a worker died mid-step): the host
            // moves such a message to the poison queue before running it again.
            await MoveToPoisonAsync(message, "The worker stopped during the step on every attempt.", cancellationToken).ConfigureAwait(false);
            return;
        }
        var failure = await TryRunAsync(message, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            await DeleteAsync(storage.Steps, message, cancellationToken).ConfigureAwait(false);
        }
        else if (message.DequeueCount >= settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, failure.GetType().Name, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await TryDelayAsync(storage.Steps, message, settings.RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    // The failure of one delivery (already logged), or null when the step ran.
    private async Task<Exception?> TryRunAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = message.MessageText;
        }
        catch (FormatException ex)
        {
            LogStepFailed(logger, message.MessageId, message.DequeueCount, ex.GetType().Name);
            return ex;
        }
        try
        {
            await RunStepAsync(message.MessageId, text, message.DequeueCount, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ex;
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string problem, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = message.MessageText;
        }
        catch (FormatException)
        {
            text = message.Body.ToString();
        }
        // Copy first, then delete: a crash in between leaves a duplicate, which flags the claim once all the same.
        var receipt = (await storage.Poison.SendMessageAsync(text, null, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false)).Value;
        await DeleteAsync(storage.Steps, message, cancellationToken).ConfigureAwait(false);
        LogPoisoned(logger, message.MessageId, message.DequeueCount);
        try
        {
            // Locally we know what failed, so flag at once; the poison loop is the fallback, as under the host.
            await handler.HandlePoisonAsync(text, (int)Math.Min(message.DequeueCount, int.MaxValue), problem, cancellationToken).ConfigureAwait(false);
            await storage.Poison.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogPoisonFailed(logger, receipt.MessageId, ex.GetType().Name);
        }
    }

    private async Task DeleteAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            // Gone or received again by another worker after our visibility timeout: that delivery will handle it.
            LogLostReceipt(logger, message.MessageId);
        }
    }

    private async Task TryDelayAsync(QueueClient queue, QueueMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, null, delay, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // It comes back after its visibility timeout anyway.
            LogDelayFailed(logger, message.MessageId, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 5300, Level = LogLevel.Debug, Message = "Step message {MessageId}: {Outcome} (delivery {DequeueCount})")]
    private static partial void LogHandled(ILogger logger, string messageId, StepOutcome outcome, long dequeueCount);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Step message {MessageId} failed on delivery {DequeueCount}: {ExceptionType}")]
    private static partial void LogStepFailed(ILogger logger, string messageId, long dequeueCount, string exceptionType);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Error, Message = "Step message {MessageId} moved to the poison queue after {DequeueCount} deliveries")]
    private static partial void LogPoisoned(ILogger logger, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Error, Message = "Poison message {MessageId} could not flag its claim: {ExceptionType}; it stays in the poison queue")]
    private static partial void LogPoisonFailed(ILogger logger, string messageId, string exceptionType);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Poison message {MessageId} is not a claim step; it stays in the poison queue for a person")]
    private static partial void LogUnreadablePoison(ILogger logger, string messageId);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Information, Message = "Step message {MessageId} was already gone or taken again when deleted")]
    private static partial void LogLostReceipt(ILogger logger, string messageId);

    [LoggerMessage(EventId = 5306, Level = LogLevel.Debug, Message = "Step message {MessageId}: could not set its retry delay ({ExceptionType}); it returns after its visibility timeout")]
    private static partial void LogDelayFailed(ILogger logger, string messageId, string exceptionType);
}
