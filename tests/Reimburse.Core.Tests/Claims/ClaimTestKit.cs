using System.Security.Cryptography;
using System.Text;
using Reimburse.Claims;
using Reimburse.Core.Tests.Policy;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Statements;

namespace Reimburse.Core.Tests.Claims;

/// <summary>Drives one claim through the pure workflow with a hand-held clock, keeping its history.</summary>
internal sealed class Flow
{
    public const string ClaimId = "CL-0001";

    public static readonly DateTimeOffset Start = PolicySamples.SubmittedAt;

    public static readonly Actor Claimant = Actor.Claimant(PolicySamples.CustomerId);
    public static readonly Actor Reviewer = Actor.Reviewer("rev-1");
    public static readonly Actor Reviewer2 = Actor.Reviewer("rev-2");
    public static readonly Actor Senior = Actor.SeniorReviewer("sen-1");
    public static readonly Actor Senior2 = Actor.SeniorReviewer("sen-2");
    public static readonly Actor Finance = Actor.Finance("fin-1");
    public static readonly Actor Operator = Actor.Operator("op-1");

    public static readonly ClaimTerms Terms = ClaimTerms.From(PolicySamples.Incident.Policy);

    public ClaimState State { get; private set; } = ClaimState.Empty;

    public DateTimeOffset Now { get; private set; } = Start;

    public List<ClaimEvent> History { get; } = [];

    public static DocumentRef Doc(string id) => new(
        id, "statements/" + ClaimId + "/" + id, Sha(id), "application/pdf", 12_345, id + "-明細.pdf");

    public static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static FeeStatementFacts ReaderFacts(DocumentFacts? facts = null)
    {
        var f = facts ?? PolicySamples.Facts;
        return new FeeStatementFacts(f.Fee, f.FeeWaived, f.FeeLine, f.StatementDate, f.Issuer, f.CardLast4, f.HolderName,
            f.LooksLikeFeeStatement, f.Reader, f.Warnings, "カード再発行手数料 1,100円 山田 太郎");
    }

    public static StatementReadResult GoodRead(DocumentFacts? facts = null) => StatementReadResult.Success(ReaderFacts(facts));

    public static StatementReadResult BadRead => StatementReadResult.Failed(ReadFailure.Unreadable, "too blurry");

    public SubmitClaim Submit(params string[] documents) => new(
        ClaimId, PolicySamples.IncidentId, PolicySamples.CustomerId, "1234", new Yen(1_100), new DateOnly(2026, 2, 10),
        PolicySamples.Account, [.. (documents.Length == 0 ? ["d1"] : documents).Select(Doc)], Terms)
    { Actor = Claimant, At = Now };

    public T By<T>(Actor actor, T command)
        where T : ClaimCommand => command with { Actor = actor, At = Now };

    /// <summary>Decides and applies; returns the new events.</summary>
    public IReadOnlyList<ClaimEvent> Do(ClaimCommand command)
    {
        var events = ClaimWorkflow.Decide(State, command);
        State = ClaimWorkflow.EvolveAll(State, events);
        History.AddRange(events);
        return events;
    }

    public Flow Advance(TimeSpan by)
    {
        Now += by;
        return this;
    }

    public Flow At(DateTimeOffset when)
    {
        Now = when;
        return this;
    }

    // Commands with the current clock.

    public RecordExtraction Extract(string documentId, StatementReadResult? result = null) =>
        new(documentId, result ?? GoodRead()) { Actor = Actor.System, At = Now };

    public RecordValidation Validate(ValidationReport? report = null) =>
        new(State.Version, report ?? Report()) { Actor = Actor.System, At = Now };

    public ValidationReport Report(Func<ValidationInput, ValidationInput>? change = null)
    {
        var input = PolicySamples.Input with
        {
            Claim = State.ToDeclaration(),
            Documents = [.. State.CurrentDocuments.Select(d => new DocumentEvidence(d.DocumentId, d.Facts, d.Failure, [], []))],
            MayAskClaimant = State.MayAskClaimantAutomatically,
        };
        return ClaimValidator.Validate(change is null ? input : change(input));
    }

    public T Sys<T>(T command)
        where T : ClaimCommand => By(Actor.System, command);

    public TakeReviewLease Take(Actor reviewer, TimeSpan? duration = null) =>
        new(duration ?? TimeSpan.FromMinutes(30)) { Actor = reviewer, At = Now };

    public ApproveClaim Approve(Actor reviewer, long yen = 1_100, string? reason = null) =>
        new(new Yen(yen), reason) { Actor = reviewer, At = Now };

    public ConfirmApproval Confirm(Actor reviewer) => new() { Actor = reviewer, At = Now };

    // Paths to each status.

    public Flow Submitted(params string[] documents)
    {
        Do(Submit(documents));
        return this;
    }

    public Flow Validating()
    {
        Submitted();
        Do(Extract("d1"));
        Assert.Equal(ClaimStatus.Validating, State.Status);
        return this;
    }

    public Flow AutoApproved()
    {
        Validating();
        Do(Validate());
        Assert.Equal(ClaimStatus.Approved, State.Status);
        return this;
    }

    public Flow Escalated()
    {
        Validating();
        Do(Validate(Report(i => i with { Claim = i.Claim with { DeclaredFee = new Yen(1_000) } })));
        Assert.Equal(ClaimStatus.UnderReview, State.Status);
        return this;
    }

    public Flow AskedForDocument()
    {
        Submitted();
        Do(Extract("d1", BadRead));
        Do(Validate());
        Assert.Equal(ClaimStatus.InformationRequested, State.Status);
        return this;
    }

    public Flow AwaitingSecondApproval()
    {
        Escalated();
        Do(Take(Reviewer));
        Do(Approve(Reviewer, 1_000, "the statement shows ¥1,000 after a discount"));
        Assert.Equal(ClaimStatus.AwaitingSecondApproval, State.Status);
        return this;
    }

    public Flow InPayment(string batchId = "B-001")
    {
        AutoApproved();
        Do(By(Finance, new AddToBatch(batchId) { Actor = Finance, At = Now }));
        Assert.Equal(ClaimStatus.InPayment, State.Status);
        return this;
    }

    public Flow Paid(string batchId = "B-001")
    {
        InPayment(batchId);
        Do(By(Finance, new RecordPayment(batchId, new DateOnly(2026, 4, 1)) { Actor = Finance, At = Now }));
        Assert.Equal(ClaimStatus.Paid, State.Status);
        return this;
    }

    public Flow Returned(string batchId = "B-001")
    {
        InPayment(batchId);
        Do(By(Finance, new RecordReturn(batchId, ReturnCode.NameMismatch, null) { Actor = Finance, At = Now }));
        Assert.Equal(ClaimStatus.InformationRequested, State.Status);
        return this;
    }

    public Flow VerifyingBankAccount()
    {
        Returned();
        Do(By(Claimant, new ProvideInformation(State.OpenRequest!.RequestId, null, [], PolicySamples.Account) { Actor = Claimant, At = Now }));
        Assert.Equal(ClaimStatus.VerifyingBankAccount, State.Status);
        return this;
    }

    public Flow Rejected()
    {
        Validating();
        Do(Validate(Report(i => i with { Customer = null })));
        Assert.Equal(ClaimStatus.Rejected, State.Status);
        return this;
    }

    /// <summary>A fresh flow in <paramref name="status"/>.</summary>
    public static Flow In(ClaimStatus status) => status switch
    {
        ClaimStatus.None => new Flow(),
        ClaimStatus.Extracting => new Flow().Submitted(),
        ClaimStatus.Validating => new Flow().Validating(),
        ClaimStatus.InformationRequested => new Flow().AskedForDocument(),
        ClaimStatus.UnderReview => new Flow().Escalated(),
        ClaimStatus.AwaitingSecondApproval => new Flow().AwaitingSecondApproval(),
        ClaimStatus.VerifyingBankAccount => new Flow().VerifyingBankAccount(),
        ClaimStatus.Approved => new Flow().AutoApproved(),
        ClaimStatus.InPayment => new Flow().InPayment(),
        ClaimStatus.Paid => new Flow().Paid(),
        ClaimStatus.Rejected => new Flow().Rejected(),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static ClaimDomainException Refused(Func<IReadOnlyList<ClaimEvent>> act, string code)
    {
        var ex = Assert.Throws<ClaimDomainException>(() => act());
        Assert.Equal(code, ex.Code);
        Assert.False(string.IsNullOrWhiteSpace(ex.Text.Ja));
        Assert.False(string.IsNullOrWhiteSpace(ex.Text.En));
        return ex;
    }
}
