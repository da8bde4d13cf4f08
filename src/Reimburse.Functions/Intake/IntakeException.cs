using Reimburse.Text;

namespace Reimburse.Functions.Intake;

/// <summary>Stable codes of intake problems (the last segment of the ProblemDetails type).</summary>
public static class IntakeErrors
{
    public const string InvalidInput = "invalid-input";
    public const string IdempotencyKeyRequired = "idempotency-key-required";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string NotMultipart = "multipart-required";
    public const string NoFiles = "no-files";
    public const string TooManyFiles = "too-many-files";
    public const string FileTooLarge = "file-too-large";
    public const string UnsupportedType = "unsupported-type";
    public const string DamagedFile = "damaged-file";
    public const string ProtectedFile = "protected-file";
    public const string TooManyPages = "too-many-pages";
    public const string TooManyPixels = "too-many-pixels";
    public const string EmptyFile = "empty-file";
}

/// <summary>
/// A request intake cannot accept, with an HTTP status (400, 413, 415, 422), a stable code, a message in Japanese and
/// English, and per-field messages for form errors. Nothing was stored. ErrorHandling turns it into a ProblemDetails.
/// </summary>
public sealed class IntakeException : Exception
{
    public IntakeException()
        : this(StatusCodes.Status400BadRequest, IntakeErrors.InvalidInput, new("入力内容を確認してください。", "Check the input."))
    {
    }

    public IntakeException(string message)
        : this(StatusCodes.Status400BadRequest, IntakeErrors.InvalidInput, new(message, message))
    {
    }

    public IntakeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.Status400BadRequest;
        Code = IntakeErrors.InvalidInput;
        Text = new(message, message);
        Fields = new Dictionary<string, LocalizedText[]>();
    }

    public IntakeException(int status, string code, LocalizedText text, IReadOnlyDictionary<string, LocalizedText[]>? fields = null)
        : base(text?.En)
    {
        ArgumentNullException.ThrowIfNull(text);
        Status = status;
        Code = code;
        Text = text;
        Fields = fields ?? new Dictionary<string, LocalizedText[]>();
    }

    /// <summary>400, 413, 415 or 422.</summary>
    public int Status { get; }

    /// <summary>Stable code (<see cref="IntakeErrors"/>).</summary>
    public string Code { get; }

    /// <summary>What is wrong, in Japanese and English.</summary>
    public LocalizedText Text { get; }

    /// <summary>Problems per form field (field name → messages).</summary>
    public IReadOnlyDictionary<string, LocalizedText[]> Fields { get; }
}
