namespace Reimburse.Azure.DocumentIntelligence;

/// <summary>The service accepted the document but its analysis ended as failed or canceled.</summary>
public sealed class DocumentAnalysisFailedException : Exception
{
    public DocumentAnalysisFailedException()
    {
    }

    public DocumentAnalysisFailedException(string message)
        : base(message)
    {
    }

    public DocumentAnalysisFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DocumentAnalysisFailedException(string status, string? errorCode, string? innerErrorCode, string message)
        : base(message)
    {
        Status = status;
        ErrorCode = errorCode;
        InnerErrorCode = innerErrorCode;
    }

    /// <summary>failed or canceled.</summary>
    public string Status { get; } = "failed";

    /// <summary>The service's error code (e.g. InternalServerError, InvalidRequest).</summary>
    public string? ErrorCode { get; }

    /// <summary>The inner error code (e.g. InvalidContent, ContentSourceNotAccessible).</summary>
    public string? InnerErrorCode { get; }
}
