using Reimburse.Banking;
using Reimburse.Customers;
using Reimburse.Incidents;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Statements;

namespace Reimburse.Core.Tests.Policy;

/// <summary>A claim that passes every rule, and the pieces to break it one rule at a time.</summary>
internal static class PolicySamples
{
    public const string IncidentId = "inc-2026-01";
    public const string CustomerId = "C0001";

    public static readonly DateTimeOffset SubmittedAt = new(2026, 3, 10, 1, 0, 0, TimeSpan.Zero);

    public static Incident Incident { get; } = new(
        IncidentId,
        "テスト株式会社 情報流出",
        DisclosedOn: new DateOnly(2026, 2, 1),
        ExposedFrom: new DateOnly(2026, 1, 5),
        ExposedTo: new DateOnly(2026, 1, 25),
        ClaimsOpenOn: new DateOnly(2026, 2, 1),
        ClaimsCloseOn: new DateOnly(2026, 7, 31),
        IncidentPolicy.Default with
        {
            IssuerFeeCaps = new Dictionary<string, Yen>(StringComparer.Ordinal) { ["jcb"] = new Yen(1_000) },
            IssuersWaivingFee = ["rakuten"],
            FourEyesThreshold = new Yen(1_100),
        });

    public static AffectedCustomer Customer { get; } = new(
        IncidentId,
        CustomerId,
        NameKanji: "山田 太郎",
        NameKana: "ヤマダ タロウ",
        Email: "taro@example.jp",
        Phone: null,
        PostalCode: "100-0001",
        Address: "東京都千代田区",
        CardDataLeaked: true,
        Cards: [new LeakedCard("VISA", "1234"), new LeakedCard("JCB", "9876")],
        DataCategories: [DataCategories.Name, DataCategories.Card]);

    public static BankAccount Account { get; } = new("0005", "001", AccountType.Ordinary, "1234567", "ヤマダ タロウ");

    public static ClaimDeclaration Declaration { get; } = new(
        IncidentId, CustomerId, "1234", new Yen(1_100), new DateOnly(2026, 2, 10), SubmittedAt, Account);

    public static DocumentFacts Facts { get; } = new(
        Fee: new Fact<Yen>(new Yen(1_100), 0.97),
        FeeWaived: false,
        FeeLine: new Fact<string>("カード再発行手数料 1,100円", 0.95),
        StatementDate: new Fact<DateOnly>(new DateOnly(2026, 2, 27), 0.93),
        Issuer: new Fact<string>("smbc", 0.99),
        CardLast4: new Fact<string>("1234", 0.96),
        HolderName: new Fact<string>("TARO YAMADA", 0.9),
        LooksLikeFeeStatement: new Fact<bool>(true, 0.98),
        Reader: "test",
        Warnings: []);

    public static DocumentEvidence Document(string id = "d1", DocumentFacts? facts = null, ReadFailure? failure = null) =>
        new(id, failure is null ? facts ?? Facts : null, failure, [], []);

    public static ValidationInput Input { get; } = new(
        Incident, Customer, Declaration, [Document()], [], MayAskClaimant: true);

    public static ValidationInput WithFacts(DocumentFacts facts) => Input with { Documents = [Document(facts: facts)] };

    public static RuleResult Single(ValidationReport report, PolicyRule rule) =>
        Assert.Single(report.Results, r => r.Code == rule.Code);
}
