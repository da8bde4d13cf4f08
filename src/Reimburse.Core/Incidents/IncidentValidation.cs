using System.Text.RegularExpressions;
using Reimburse.Statements;

namespace Reimburse.Incidents;

/// <summary>One problem with an incident definition: where (a dotted path such as <c>policy.issuerFeeCaps.jcb</c>) and why.</summary>
/// <param name="Path">The field the problem is about, in the document's own names.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record IncidentError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : Path + ": " + Message;
}

/// <summary>Thrown when an incident definition cannot be used; <see cref="Errors"/> lists every problem found.</summary>
public sealed class IncidentDefinitionException : Exception
{
    public IncidentDefinitionException(IReadOnlyList<IncidentError> errors)
        : base("The incident definition is not valid: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IncidentDefinitionException()
        : this([])
    {
    }

    public IncidentDefinitionException(string message)
        : this([new IncidentError("", message)])
    {
    }

    public IncidentDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new IncidentError("", message)];
    }

    public IReadOnlyList<IncidentError> Errors { get; }
}

/// <summary>The rules an <see cref="Incident"/> must satisfy before claims can be validated against it.</summary>
public static partial class IncidentValidation
{
    /// <summary>Longest incident id: it is part of Table partition keys and blob names.</summary>
    public const int MaxIdLength = 40;

    /// <summary>An id no incident may have: lookups for unknown claim codes use it as a placeholder.</summary>
    public const string ReservedId = "none";

    /// <summary>Every problem with <paramref name="incident"/>; empty when it is valid.</summary>
    public static IReadOnlyList<IncidentError> Validate(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var errors = new List<IncidentError>();
        if (incident.Name is null || string.IsNullOrWhiteSpace(incident.Name))
        {
            errors.Add(new("name", "is required."));
        }
        if (incident.Policy is null)
        {
            errors.Add(new("policy", "is required."));
        }
        ValidateRules(incident.Id, incident.Name, incident.DisclosedOn, incident.ExposedFrom, incident.ExposedTo,
            incident.ClaimsOpenOn, incident.ClaimsCloseOn, incident.Policy, errors);
        return errors;
    }

    /// <summary>
    /// Adds the rule violations among the values given; a null value (missing or unreadable, reported elsewhere)
    /// skips the rules that need it, so that one pass over a broken document reports every problem.
    /// </summary>
    public static void ValidateRules(
        string? id, string? name, DateOnly? disclosedOn, DateOnly? exposedFrom, DateOnly? exposedTo,
        DateOnly? claimsOpenOn, DateOnly? claimsCloseOn, IncidentPolicy? policy, ICollection<IncidentError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (id is not null && !IsValidId(id))
        {
            errors.Add(new("id", $"must be 1–{MaxIdLength} characters of a–z, 0–9 and '-', starting with a letter or digit (e.g. \"kagoya-2016\")."));
        }
        else if (id == ReservedId)
        {
            errors.Add(new("id", $"\"{ReservedId}\" is reserved; choose another id."));
        }
        if (name is { Length: > 200 })
        {
            errors.Add(new("name", "must be at most 200 characters."));
        }
        if (exposedFrom > exposedTo)
        {
            errors.Add(new("exposedTo", $"({exposedTo:yyyy-MM-dd}) must be on or after exposedFrom ({exposedFrom:yyyy-MM-dd})."));
        }
        if (exposedFrom > disclosedOn)
        {
            errors.Add(new("exposedFrom", $"({exposedFrom:yyyy-MM-dd}) must be on or before disclosedOn ({disclosedOn:yyyy-MM-dd}): data cannot have leaked after it was disclosed as leaked."));
        }
        if (claimsOpenOn < disclosedOn)
        {
            errors.Add(new("claimsOpenOn", $"({claimsOpenOn:yyyy-MM-dd}) must be on or after disclosedOn ({disclosedOn:yyyy-MM-dd})."));
        }
        if (claimsCloseOn < claimsOpenOn)
        {
            errors.Add(new("claimsCloseOn", $"({claimsCloseOn:yyyy-MM-dd}) must be on or after claimsOpenOn ({claimsOpenOn:yyyy-MM-dd})."));
        }
        if (policy is not null)
        {
            ValidatePolicy(policy, errors);
        }
    }

    /// <summary>Throws <see cref="IncidentDefinitionException"/> unless <paramref name="incident"/> is valid.</summary>
    public static Incident EnsureValid(Incident incident)
    {
        var errors = Validate(incident);
        return errors.Count == 0 ? incident : throw new IncidentDefinitionException(errors);
    }

    /// <summary>True when <paramref name="id"/> is a usable incident id.</summary>
    public static bool IsValidId(string? id) => id is { Length: > 0 and <= MaxIdLength } && IdPattern().IsMatch(id);

    /// <summary>Adds every problem with <paramref name="policy"/> to <paramref name="errors"/>.</summary>
    public static void ValidatePolicy(IncidentPolicy policy, ICollection<IncidentError> errors)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(errors);
        if (policy.DefaultFeeCap.Amount < 0)
        {
            errors.Add(new("policy.defaultFeeCap", "must not be negative."));
        }
        foreach (var (issuer, cap) in policy.IssuerFeeCaps ?? new Dictionary<string, Money.Yen>())
        {
            if (Issuers.Find(issuer) is null)
            {
                errors.Add(new($"policy.issuerFeeCaps.{issuer}", UnknownIssuer(issuer)));
            }
            if (cap.Amount < 0)
            {
                errors.Add(new($"policy.issuerFeeCaps.{issuer}", "must not be negative."));
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var issuer in policy.IssuersWaivingFee ?? [])
        {
            if (Issuers.Find(issuer) is null)
            {
                errors.Add(new("policy.issuersWaivingFee", UnknownIssuer(issuer)));
            }
            else if (!seen.Add(issuer))
            {
                errors.Add(new("policy.issuersWaivingFee", $"lists \"{issuer}\" twice."));
            }
        }
        if (policy.FourEyesThreshold.Amount < 0)
        {
            errors.Add(new("policy.fourEyesThreshold", "must not be negative."));
        }
        if (double.IsNaN(policy.MinConfidence) || policy.MinConfidence is < 0 or > 1)
        {
            errors.Add(new("policy.minConfidence", "must be between 0 and 1 (e.g. 0.8)."));
        }
        if (policy.DeclaredTolerance.Amount < 0)
        {
            errors.Add(new("policy.declaredTolerance", "must not be negative."));
        }
        if (policy.ReviewSlaHours <= 0)
        {
            errors.Add(new("policy.reviewSlaHours", "must be at least 1."));
        }
        if (policy.InformationRequestDays <= 0)
        {
            errors.Add(new("policy.informationRequestDays", "must be at least 1."));
        }
        if (policy.RetentionDays <= 0)
        {
            errors.Add(new("policy.retentionDays", "must be at least 1."));
        }
    }

    private static string UnknownIssuer(string issuer) =>
        $"unknown issuer \"{issuer}\"; known issuers: {string.Join(", ", Issuers.All.Select(i => i.Id))}.";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
