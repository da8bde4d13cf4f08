namespace Reimburse.Functions.Security;

/// <summary>Staff roles (app roles in Entra ID; the `roles` claim of a staff token).</summary>
public static class Roles
{
    public const string Reviewer = "reviewer";
    public const string SeniorReviewer = "senior-reviewer";
    public const string Finance = "finance";
    public const string Operator = "operator";

    public static IReadOnlyList<string> All { get; } = [Reviewer, SeniorReviewer, Finance, Operator];

    /// <summary>Authorization policy names, one per role. A senior reviewer is also a reviewer.</summary>
    public static class Policies
    {
        public const string Reviewer = "staff:reviewer";
        public const string SeniorReviewer = "staff:senior-reviewer";
        public const string Finance = "staff:finance";
        public const string Operator = "staff:operator";
        public const string AnyStaff = "staff:any";
    }
}
