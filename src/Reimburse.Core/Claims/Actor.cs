namespace Reimburse.Claims;

/// <summary>Who did something to a claim.</summary>
public enum ActorKind
{
    /// <summary>The cardholder (id: the customer id).</summary>
    Claimant,

    /// <summary>The workflow itself (id: "system").</summary>
    System,

    /// <summary>A reviewer (id: the staff user id).</summary>
    Reviewer,

    /// <summary>A reviewer who may give the second approval of the four-eyes rule.</summary>
    SeniorReviewer,

    /// <summary>Finance staff: batches, payments, returns.</summary>
    Finance,

    /// <summary>An operator: incidents, imports, stuck claims.</summary>
    Operator,
}

/// <summary>An actor recorded on every event: kind and id.</summary>
public sealed record Actor(ActorKind Kind, string Id)
{
    /// <summary>The workflow.</summary>
    public static Actor System { get; } = new(ActorKind.System, "system");

    public static Actor Claimant(string customerId) => new(ActorKind.Claimant, customerId);

    public static Actor Reviewer(string id) => new(ActorKind.Reviewer, id);

    public static Actor SeniorReviewer(string id) => new(ActorKind.SeniorReviewer, id);

    public static Actor Finance(string id) => new(ActorKind.Finance, id);

    public static Actor Operator(string id) => new(ActorKind.Operator, id);

    /// <summary>Reviewers and senior reviewers.</summary>
    public bool IsReviewer => Kind is ActorKind.Reviewer or ActorKind.SeniorReviewer;

    /// <summary>Anyone but the claimant and the workflow.</summary>
    public bool IsStaff => Kind is ActorKind.Reviewer or ActorKind.SeniorReviewer or ActorKind.Finance or ActorKind.Operator;

    public override string ToString() => Kind + ":" + Id;
}
