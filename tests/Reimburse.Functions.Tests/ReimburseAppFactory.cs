using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Tests;

/// <summary>The app in-process with test configuration: a fresh signing key and the given storage connection.</summary>
public sealed class ReimburseAppFactory(string storageConnectionString, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public byte[] StaffKey { get; } = RandomNumberGenerator.GetBytes(32);

    public string StaffToken(string name, params string[] roles)
    {
        var options = new StaffTokenOptions();
        return StaffTokens.Mint(StaffKey, options.Issuer, options.Audience, "id-" + name, name, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
    }

    public HttpClient CreateStaffClient(string name, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", StaffToken(name, roles));
        return client;
    }

    /// <summary>The configuration every in-process app of the tests starts with: storage, fresh keys, a paying account.</summary>
    public static Dictionary<string, string?> TestSettings(string storageConnectionString, byte[] staffKey) => new()
    {
        ["Storage:ConnectionString"] = storageConnectionString,
        ["StaffTokens:SigningKey"] = Convert.ToBase64String(staffKey),
        ["ClaimCodes:HmacKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Cardholders:SessionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Review:DocumentLinkKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Payouts:Requester:RequesterCode"] = "1234567890",
        ["Payouts:Requester:Name"] = "カブシキガイシャ リンペイ",
        ["Payouts:Requester:BankCode"] = "0001",
        ["Payouts:Requester:BranchCode"] = "001",
        ["Payouts:Requester:DepositType"] = "Current",
        ["Payouts:Requester:AccountNumber"] = "1234567",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config =>
        {
            var values = TestSettings(storageConnectionString, StaffKey);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }
            config.AddInMemoryCollection(values);
        });
    }
}
