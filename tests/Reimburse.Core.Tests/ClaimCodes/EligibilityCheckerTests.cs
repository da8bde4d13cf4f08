using System.Security.Cryptography;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Incidents;
using Reimburse.Testing.Customers;

namespace Reimburse.Core.Tests.ClaimCodes;

public sealed class EligibilityCheckerTests
{
    private readonly InMemoryCustomerStores _stores = new();
    private readonly ClaimCodeHasher _hasher = new(RandomNumberGenerator.GetBytes(32));
    private readonly EligibilityChecker _checker;
    private readonly Incident _incident = new("kagoya-2016", "カゴヤ", new(2016, 3, 28), new(2015, 12, 1), new(2016, 3, 10),
        new(2016, 4, 1), new(2016, 9, 30), IncidentPolicy.Default);

    public EligibilityCheckerTests()
    {
        _checker = new EligibilityChecker(_hasher, _stores, _stores, _stores);
        _stores.SaveAsync(_incident, default).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_card_customer_learns_the_cards_and_categories_and_the_claim_window()
    {
        var code = await AddCustomerAsync("C1", "1234567", [new LeakedCard("VISA", "1234"), new LeakedCard("JCB", "5678")]);

        var result = await _checker.CheckAsync(code, "123-4567", default);

        var answer = Assert.IsType<EligibilityAnswer>(result.Answer);
        Assert.True(answer.CardDataLeaked);
        Assert.Equal([new LeakedCard("VISA", "1234"), new LeakedCard("JCB", "5678")], answer.Cards);
        Assert.Contains(DataCategories.Card, answer.DataCategories);
        Assert.Equal(new DateOnly(2016, 4, 1), answer.ClaimsOpenOn);
        Assert.Equal(new DateOnly(2016, 9, 30), answer.ClaimsCloseOn);
        Assert.Equal("kagoya-2016", answer.IncidentId);
        Assert.Equal("C1", result.CustomerId);
    }

    [Fact]
    public async Task A_personal_data_only_customer_learns_that_no_card_leaked()
    {
        var code = await AddCustomerAsync("C2", "1000001", []);

        var answer = (await _checker.CheckAsync(code, "１００−０００１", default)).Answer!;

        Assert.False(answer.CardDataLeaked);
        Assert.Empty(answer.Cards);
        Assert.DoesNotContain(DataCategories.Card, answer.DataCategories);
        Assert.Contains(DataCategories.Address, answer.DataCategories);
    }

    [Fact]
    public async Task An_unknown_code_and_a_wrong_postal_code_get_the_same_answer_after_the_same_work()
    {
        var code = await AddCustomerAsync("C3", "1234567", []);
        var unknown = Canonical(ClaimCode.Generate());

        var before = _stores.Reads;
        var wrongPostal = await _checker.CheckAsync(code, "765-4321", default);
        var readsForWrongPostal = _stores.Reads - before;
        before = _stores.Reads;
        var unknownCode = await _checker.CheckAsync(unknown, "123-4567", default);
        var readsForUnknownCode = _stores.Reads - before;

        Assert.Same(EligibilityResult.NoMatch, wrongPostal);
        Assert.Same(EligibilityResult.NoMatch, unknownCode);
        Assert.Equal(3, readsForWrongPostal);
        Assert.Equal(readsForWrongPostal, readsForUnknownCode);
    }

    [Fact]
    public async Task A_missing_or_malformed_postal_code_does_not_match()
    {
        var code = await AddCustomerAsync("C4", "1234567", []);

        Assert.False((await _checker.CheckAsync(code, null, default)).Matched);
        Assert.False((await _checker.CheckAsync(code, "123", default)).Matched);
    }

    [Fact]
    public async Task A_replaced_code_no_longer_matches_even_if_its_entry_lingers()
    {
        var old = await AddCustomerAsync("C5", "1234567", []);
        var fresh = Canonical(ClaimCode.Generate());
        var freshHash = _hasher.Hash(fresh);
        await _stores.AddAsync([new ClaimCodeEntry(freshHash, _incident.Id, "C5", "run-2")], default);
        await _stores.AssignClaimCodesAsync(_incident.Id, CustomerBuckets.Of("C5"), [new ClaimCodeAssignment("C5", new ClaimCodePointer(freshHash, "run-2"))], default);

        Assert.False((await _checker.CheckAsync(old, "1234567", default)).Matched);
        Assert.True((await _checker.CheckAsync(fresh, "1234567", default)).Matched);
    }

    private async Task<string> AddCustomerAsync(string id, string postal, IReadOnlyList<LeakedCard> cards)
    {
        var categories = cards.Count > 0
            ? new[] { DataCategories.Name, DataCategories.Address, DataCategories.Card }
            : [DataCategories.Name, DataCategories.Address];
        var customer = new AffectedCustomer(_incident.Id, id, "山田\u3000太郎", "ヤマダ\u3000タロウ", null, null, postal, "東京都", cards.Count > 0, cards, categories);
        await _stores.WriteAsync(_incident.Id, CustomerBuckets.Of(id), [new CustomerWrite(customer, CustomerDigest.Compute(customer), IsNew: true)], default);
        var code = Canonical(ClaimCode.Generate());
        var hash = _hasher.Hash(code);
        await _stores.AddAsync([new ClaimCodeEntry(hash, _incident.Id, id, "run-1")], default);
        await _stores.AssignClaimCodesAsync(_incident.Id, CustomerBuckets.Of(id), [new ClaimCodeAssignment(id, new ClaimCodePointer(hash, "run-1"))], default);
        return code;
    }

    private static string Canonical(string printed) => printed.Replace("-", "", StringComparison.Ordinal);
}
