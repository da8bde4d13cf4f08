using Reimburse.Text;

namespace Reimburse.Claims;

/// <summary>Stable codes of the domain errors <see cref="ClaimWorkflow.Decide"/> raises.</summary>
public static class ClaimErrors
{
    /// <summary>No claim with this id (any command but submit on an empty state).</summary>
    public const string NotFound = "claim-not-found";

    /// <summary>A different claim was already submitted under this id.</summary>
    public const string AlreadyExists = "claim-exists";

    /// <summary>The actor may not issue this command.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The command is not possible in the claim's current status.</summary>
    public const string IllegalTransition = "illegal-transition";

    /// <summary>A value in the command is invalid (amount, deadline, id, missing note …).</summary>
    public const string InvalidInput = "invalid-input";

    /// <summary>The command names a document the claim does not have, or reuses a document id.</summary>
    public const string UnknownDocument = "unknown-document";

    /// <summary>The answer names a request that is not the open one.</summary>
    public const string RequestMismatch = "request-mismatch";

    /// <summary>The reviewer does not hold the review lease (take the claim first).</summary>
    public const string LeaseRequired = "lease-required";

    /// <summary>Another reviewer holds the review lease.</summary>
    public const string LeaseHeld = "lease-held";

    /// <summary>The second approval must come from a different senior reviewer.</summary>
    public const string SameReviewer = "four-eyes-same-reviewer";

    /// <summary>The claim is already approved (or waits for its second approval).</summary>
    public const string AlreadyApproved = "already-approved";
}

/// <summary>
/// A command that the claim's state does not allow, with a stable <see cref="Code"/> (<see cref="ClaimErrors"/>) and
/// a message people can act on. Nothing was changed. HTTP maps it to a ProblemDetails (409 or 422).
/// </summary>
public sealed class ClaimDomainException : Exception
{
    public ClaimDomainException()
        : this(ClaimErrors.IllegalTransition, new LocalizedText("この操作はできません。", "The command is not allowed."))
    {
    }

    public ClaimDomainException(string message)
        : this(ClaimErrors.IllegalTransition, new LocalizedText(message, message))
    {
    }

    public ClaimDomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ClaimErrors.IllegalTransition;
        Text = new LocalizedText(message, message);
    }

    public ClaimDomainException(string code, LocalizedText text)
        : base(text?.En)
    {
        ArgumentNullException.ThrowIfNull(text);
        Code = code;
        Text = text;
    }

    /// <summary>Stable error code.</summary>
    public string Code { get; }

    /// <summary>The message in Japanese and English.</summary>
    public LocalizedText Text { get; }
}
