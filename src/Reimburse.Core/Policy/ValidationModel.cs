using System.Security.Cryptography;
using System.Text;
using Reimburse.Banking;
using Reimburse.Customers;
using Reimburse.Incidents;
using Reimburse.Money;
using Reimburse.Privacy;
using Reimburse.Statements;
using Reimburse.Text;

namespace Reimburse.Policy;

/// <summary>Whether a rule passed.</summary>
public enum RuleStatus
{
    Passed,
    Failed,
}

/// <summary>The result of one rule for a claim (or for one of its documents).</summary>
/// <param name="Code">The rule's stable code (<see cref="PolicyRules"/>).</param>
/// <param name="Status">Passed or failed.</param>
/// <param name="Severity">How bad the failure is (the rule's severity, or softer in a borderline case).</param>
/// <param name="Message">Why, for the reviewer and the claimant.</param>
/// <param name="DocumentId">The document the result is about, for per-document rules.</param>
public sealed record RuleResult(string Code, RuleStatus Status, RuleSeverity Severity, LocalizedText Message, string? DocumentId = null)
{
    public bool Passed => Status == RuleStatus.Passed;

    public bool IsHardFailure => Status == RuleStatus.Failed && Severity == RuleSeverity.Hard;

    internal static RuleResult Pass(PolicyRule rule, LocalizedText message, string? documentId = null) =>
        new(rule.Code, RuleStatus.Passed, rule.Severity, message, documentId);

    internal static RuleResult Fail(PolicyRule rule, LocalizedText message, string? documentId = null, RuleSeverity? severity = null) =>
        new(rule.Code, RuleStatus.Failed, severity ?? rule.Severity, message, documentId);
}

/// <summary>What the validation concludes.</summary>
public enum ValidationOutcome
{
    /// <summary>Every rule passed: refund without a reviewer.</summary>
    Approve,

    /// <summary>A rule failed hard: the claim is not eligible.</summary>
    Reject,

    /// <summary>Soft failures: a reviewer decides.</summary>
    Escalate,

    /// <summary>A document could not be read or is not a fee statement: ask the claimant for another first.</summary>
    AskClaimant,
}

/// <summary>
/// The facts read from one document, as kept on the claim: <see cref="FeeStatementFacts"/> without the document's
/// text (the document itself stays in blob storage), with every free text redacted of card numbers.
/// </summary>
public sealed record DocumentFacts(
    Fact<Yen>? Fee,
    bool FeeWaived,
    Fact<string>? FeeLine,
    Fact<DateOnly>? StatementDate,
    Fact<string>? Issuer,
    Fact<string>? CardLast4,
    Fact<string>? HolderName,
    Fact<bool> LooksLikeFeeStatement,
    string Reader,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Copies what the claim needs from a reader's result.</summary>
    public static DocumentFacts From(FeeStatementFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new(
            facts.Fee,
            facts.FeeWaived,
            facts.FeeLine is { } line ? line with { Value = CardNumbers.Redact(line.Value) } : null,
            facts.StatementDate,
            facts.Issuer,
            facts.CardLast4 is { } last4 && CardNumbers.Last4(last4.Value) is { } digits ? last4 with { Value = digits } : null,
            facts.HolderName is { } name ? name with { Value = CardNumbers.Redact(name.Value) } : null,
            facts.LooksLikeFeeStatement,
            facts.Reader,
            [.. facts.Warnings.Select(CardNumbers.Redact)]);
    }

    /// <summary>The same facts without personal data (the holder's name), for after the retention period.</summary>
    public DocumentFacts WithoutPersonalData() => this with { HolderName = null };
}

/// <summary>Keys that find the same document in other claims.</summary>
public static class DocumentFingerprints
{
    /// <summary>
    /// The content key of a statement: its fee line, statement date and card last four, normalised (width, spaces)
    /// and hashed; null when any of the three was not read. Two photos of one statement share it.
    /// </summary>
    public static string? ContentKey(DocumentFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.FeeLine is null || facts.StatementDate is null || facts.CardLast4 is null)
        {
            return null;
        }
        var line = new StringBuilder();
        foreach (var c in facts.FeeLine.Value.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                line.Append(c);
            }
        }
        var text = string.Join('\n', line.ToString(), facts.StatementDate.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), facts.CardLast4.Value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>How another claim for the same card stands, for the one-refund-per-card rule.</summary>
public enum ClaimStanding
{
    /// <summary>Not decided yet.</summary>
    Open,

    /// <summary>Approved, in payment or paid.</summary>
    Refunded,

    /// <summary>Rejected.</summary>
    Closed,
}

/// <summary>Another claim that names the same leaked card (same incident, customer and last four).</summary>
public sealed record OtherClaim(string ClaimId, ClaimStanding Standing);

/// <summary>One document of the claim with what was read from it and where else it appears.</summary>
/// <param name="DocumentId">The document's id within the claim.</param>
/// <param name="Facts">What the reader found; null when it could not be read.</param>
/// <param name="Failure">Why it could not be read.</param>
/// <param name="SameBytesInClaims">Other claims holding a document with the same SHA-256.</param>
/// <param name="SameContentInClaims">Other claims holding a document with the same <see cref="DocumentFingerprints.ContentKey"/>.</param>
public sealed record DocumentEvidence(
    string DocumentId,
    DocumentFacts? Facts,
    ReadFailure? Failure,
    IReadOnlyList<string> SameBytesInClaims,
    IReadOnlyList<string> SameContentInClaims);

/// <summary>What the claimant declared.</summary>
/// <param name="IncidentId">The incident claimed for.</param>
/// <param name="CustomerId">The customer the claim code belongs to.</param>
/// <param name="CardLast4">The card the claim is for.</param>
/// <param name="DeclaredFee">The fee the claimant says they paid.</param>
/// <param name="ReissuedOn">The day the card was reissued.</param>
/// <param name="SubmittedAt">When the claim was submitted (UTC).</param>
/// <param name="PayoutAccount">The account for the refund; null once purged.</param>
public sealed record ClaimDeclaration(
    string IncidentId,
    string CustomerId,
    string CardLast4,
    Yen DeclaredFee,
    DateOnly ReissuedOn,
    DateTimeOffset SubmittedAt,
    BankAccount? PayoutAccount);

/// <summary>
/// Everything the rules look at, loaded beforehand: the validator does no I/O. Duplicate lookups and other claims
/// for the same card are precomputed by the caller, excluding this claim.
/// </summary>
/// <param name="Incident">The incident and its policy.</param>
/// <param name="Customer">The affected-list row of the claimant; null when not on the list.</param>
/// <param name="Claim">What the claimant declared.</param>
/// <param name="Documents">The claim's current documents (superseded ones left out).</param>
/// <param name="OtherClaimsForCard">Other claims for the same incident, customer and card.</param>
/// <param name="MayAskClaimant">Whether the claimant may still be asked automatically for another document.</param>
public sealed record ValidationInput(
    Incident Incident,
    AffectedCustomer? Customer,
    ClaimDeclaration Claim,
    IReadOnlyList<DocumentEvidence> Documents,
    IReadOnlyList<OtherClaim> OtherClaimsForCard,
    bool MayAskClaimant);

/// <summary>Every rule's result, the amount a refund would be, and the conclusion.</summary>
/// <param name="Results">One result per rule, or per rule and document for per-document rules, in <see cref="PolicyRules.All"/> order.</param>
/// <param name="RefundAmount">The fee read from the statement (the amount an approval pays); null when none was read.</param>
/// <param name="Outcome">The conclusion (<see cref="ClaimValidator.Conclude"/>).</param>
public sealed record ValidationReport(IReadOnlyList<RuleResult> Results, Yen? RefundAmount, ValidationOutcome Outcome)
{
    /// <summary>The rules that did not pass.</summary>
    public IEnumerable<RuleResult> Failures => Results.Where(r => !r.Passed);
}
