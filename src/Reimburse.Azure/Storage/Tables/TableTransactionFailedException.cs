using Azure;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>
/// An entity-group transaction was rejected and rolled back as a whole. Names the failing operation's index (when the
/// service reported it), its HTTP status and the storage error code.
/// </summary>
/// <remarks>
/// The service answers a failed <c>$batch</c> with HTTP 202 and a single error sub-response; <see cref="RequestFailedException.Status"/>
/// and <see cref="RequestFailedException.ErrorCode"/> are that sub-response's, so callers can catch narrowly
/// (<c>when (ex.Status == 409)</c>) exactly as for a single operation.
/// </remarks>
public sealed class TableTransactionFailedException : RequestFailedException
{
    /// <summary>Creates the exception.</summary>
    public TableTransactionFailedException(int status, string message, string? errorCode, int? failedTransactionActionIndex, TableTransactionActionType? failedActionType)
        : base(status, message, errorCode, null)
    {
        FailedTransactionActionIndex = failedTransactionActionIndex;
        FailedActionType = failedActionType;
    }

    /// <summary>The zero-based index of the operation that failed, or null when the service did not say.</summary>
    public int? FailedTransactionActionIndex { get; }

    /// <summary>The type of the operation that failed, when its index is known.</summary>
    public TableTransactionActionType? FailedActionType { get; }
}
