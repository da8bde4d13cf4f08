using System.Text;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Functions.Benchmarks;
using Reimburse.Functions.Customers;

namespace Reimburse.Functions.Tests.Customers;

public sealed class ClaimCodeIssuerTests
{
    private readonly CustomerServicesInMemory _services = new();

    [Fact]
    public async Task Every_customer_gets_one_code_stored_only_as_its_hmac_and_written_once_to_the_mailing()
    {
        var valid = await ImportAsync(new CustomerFileSpec(1_500));

        var result = await _services.Issuer.IssueAsync(CustomerServicesInMemory.IncidentId, IssueScope.WithoutCode, default);

        Assert.Equal(valid, result.Issued);
        var mailing = await TakeMailingAsync(result.RunId!);
        Assert.Equal(valid, mailing.Count);
        Assert.Equal(valid, mailing.Select(m => m.CustomerId).Distinct().Count());
        var stored = _services.Stores.Codes;
        Assert.Equal(valid, stored.Count);
        foreach (var line in mailing)
        {
            Assert.True(ClaimCode.TryNormalize(line.Code, out var canonical));
            var entry = Assert.Single(stored, e => e.CustomerId == line.CustomerId);
            Assert.Equal(_services.Hasher.Hash(canonical), entry.Hash);
            Assert.DoesNotContain(canonical, entry.Hash, StringComparison.OrdinalIgnoreCase);
        }
        Assert.All(_services.Stores.Customers(CustomerServicesInMemory.IncidentId), c => Assert.Equal(result.RunId, c.ClaimCode!.RunId));
    }

    [Fact]
    public async Task The_mailing_can_be_taken_once_and_is_then_deleted()
    {
        await ImportAsync(new CustomerFileSpec(50));
        var result = await _services.Issuer.IssueAsync(CustomerServicesInMemory.IncidentId, IssueScope.WithoutCode, default);

        var first = await _services.Issuer.TakeMailingAsync(CustomerServicesInMemory.IncidentId, result.RunId!, default);
        await first!.DisposeAsync();
        await _services.Issuer.ForgetMailingAsync(CustomerServicesInMemory.IncidentId, result.RunId!, default);
        var second = await _services.Issuer.TakeMailingAsync(CustomerServicesInMemory.IncidentId, result.RunId!, default);

        Assert.Null(second);
        Assert.DoesNotContain(_services.Runs.Files.Keys, k => k.StartsWith("mailings/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_run_issues_codes_only_to_customers_without_one()
    {
        await ImportAsync(new CustomerFileSpec(200));
        var first = await _services.Issuer.IssueAsync(CustomerServicesInMemory.IncidentId, IssueScope.WithoutCode, default);
        var text = "customer_id,name,postal_code,address,card_leaked\nNEW-1,新規 一郎,100-0001,東京都千代田区1-1,なし\n";
        await _services.Importer.ImportAsync(CustomerServicesInMemory.IncidentId, new MemoryStream(Encoding.UTF8.GetBytes(text)), CsvEncoding.Auto, default);

        var second = await _services.Issuer.IssueAsync(CustomerServicesInMemory.IncidentId, IssueScope.WithoutCode, default);
        var third = await _services.Issuer.IssueAsync(CustomerServicesInMemory.IncidentId, IssueScope.WithoutCode, default);

        Assert.Equal(1, second.Issued);
        Assert.Equal("NEW-1", Assert.Single(await TakeMailingAsync(second.RunId!)).CustomerId);
        Assert.Equal(0, third.Issued);
        Assert.Null(third.RunId);
        Assert.Equal(first.Issued + 1, _services.Stores.Codes.Count);
    }

    [Fact]
    public async Task Re_issuing_a_code_for_one_customer_invalidates_the_old_one()
    {
        await ImportAsync(new CustomerFileSpec(100));
        var first = await _services.Issuer.IssueAsync(CustomerServicesInMemory.IncidentId, IssueScope.WithoutCode, default);
        var old = (await TakeMailingAsync(first.RunId!)).First();
        Assert.True((await CheckAsync(old.Code, old.Postal)).Matched);

        var again = await _services.Issuer.IssueAsync(CustomerServicesInMemory.IncidentId, IssueScope.Customers([old.CustomerId]), default);
        var fresh = Assert.Single(await TakeMailingAsync(again.RunId!));

        Assert.Equal(1, again.Invalidated);
        Assert.False((await CheckAsync(old.Code, old.Postal)).Matched);
        Assert.True((await CheckAsync(fresh.Code, fresh.Postal)).Matched);
        Assert.Equal(first.Issued, _services.Stores.Codes.Count);
    }

    [Fact]
    public async Task Re_issuing_for_an_unknown_customer_issues_nothing()
    {
        await ImportAsync(new CustomerFileSpec(20));

        var ex = await Assert.ThrowsAsync<Reimburse.Functions.Hosting.InputException>(() =>
            _services.Issuer.IssueAsync(CustomerServicesInMemory.IncidentId, IssueScope.Customers(["V0000001", "nobody"]), default));

        Assert.Contains("\"nobody\"", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_services.Stores.Codes);
    }

    [Fact]
    public async Task Customers_of_a_run_that_never_completed_get_new_codes_next_time()
    {
        await ImportAsync(new CustomerFileSpec(30));
        // A run that crashed after pointing customers at its codes but before storing its mailing.
        var crashedRun = RunIds.New(DateTimeOffset.UtcNow.AddMinutes(-5));
        await _services.Runs.BeginIssuanceAsync(new IssuanceRun(CustomerServicesInMemory.IncidentId, crashedRun, DateTimeOffset.UtcNow, null, 0, null), default);
        var victim = _services.Stores.Customers(CustomerServicesInMemory.IncidentId).First().Customer.CustomerId;
        var orphan = new string('a', 64);
        await _services.Stores.AddAsync([new ClaimCodeEntry(orphan, CustomerServicesInMemory.IncidentId, victim, crashedRun)], default);
        await _services.Stores.AssignClaimCodesAsync(CustomerServicesInMemory.IncidentId, CustomerBuckets.Of(victim), [new ClaimCodeAssignment(victim, new ClaimCodePointer(orphan, crashedRun))], default);

        var result = await _services.Issuer.IssueAsync(CustomerServicesInMemory.IncidentId, IssueScope.WithoutCode, default);

        Assert.Equal(_services.Stores.Customers(CustomerServicesInMemory.IncidentId).Count(), result.Issued);
        Assert.DoesNotContain(_services.Stores.Codes, c => c.Hash == orphan);
    }

    private async Task<long> ImportAsync(CustomerFileSpec spec)
    {
        var (bytes, file) = await CustomerImporterTests.GenerateAsync(spec, new UTF8Encoding(false));
        await _services.Importer.ImportAsync(CustomerServicesInMemory.IncidentId, new MemoryStream(bytes), CsvEncoding.Auto, default);
        return file.ValidCustomers;
    }

    private Task<EligibilityResult> CheckAsync(string code, string postal)
    {
        ClaimCode.TryNormalize(code, out var canonical);
        return _services.Checker.CheckAsync(canonical, postal, default);
    }

    private async Task<List<(string CustomerId, string Postal, string Code)>> TakeMailingAsync(string runId)
    {
        await using var stream = await _services.Issuer.TakeMailingAsync(CustomerServicesInMemory.IncidentId, runId, default);
        using var csv = await CsvRecordReader.OpenAsync(stream!, CsvEncoding.Auto, default);
        Assert.Equal(MailMergeLine.Header, (await csv.ReadAsync(default))!.Value.Fields);
        var lines = new List<(string, string, string)>();
        while (await csv.ReadAsync(default) is { } r)
        {
            lines.Add((r.Fields[0], r.Fields[2], r.Fields[5]));
        }
        return lines;
    }
}
