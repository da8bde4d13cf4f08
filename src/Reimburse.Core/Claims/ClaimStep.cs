using System.Globalization;

namespace Reimburse.Claims;

/// <summary>What a claim's state asks the runner to do.</summary>
public enum ClaimStepKind
{
    /// <summary>Read one document (target: the document id).</summary>
    ExtractDocument,

    /// <summary>Evaluate the rules (target: the status version, i.e. the validation round).</summary>
    ValidateClaim,

    /// <summary>Check a corrected payout account (target: the status version).</summary>
    VerifyPayoutAccount,

    /// <summary>Expire the open request at its deadline (target: the request id).</summary>
    ExpireInformationRequest,

    /// <summary>Remind reviewers when the claim waits past the SLA (target: the due time).</summary>
    RemindReviewers,

    /// <summary>Delete documents and bank details after the retention period.</summary>
    PurgePersonalData,
}

/// <summary>
/// A step for the runner: a queue message, delayed until <see cref="DueAt"/>. <see cref="Key"/> names the step
/// independently of when it was computed; <see cref="Version"/> is the state version it was computed for. A step
/// is stale when the claim's current state no longer asks for its key (<see cref="ClaimWorkflow.IsCurrent"/>).
/// </summary>
public sealed record ClaimStep(string ClaimId, ClaimStepKind Kind, string Target, long Version, DateTimeOffset DueAt)
{
    /// <summary>Stable identity: kind and target.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Kind}:{Target}");
}
