using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Banking;
using Reimburse.Claims;
using Reimburse.Customers;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Tests.Claims;
using Reimburse.Incidents;
using Reimburse.Money;
using Reimburse.Statements;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests;

/// <summary>
/// The whole app against its own Azurite, with the local queue runner polling fast, in-memory incidents and
/// customers and the scripted statement reader: claims submitted here run to escalation (declared fee ≠ statement)
/// or approval (equal) by themselves. Each test makes its own incident, so that queues and batches stay its own.
/// </summary>
public sealed class StaffAppFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private ReimburseAppFactory? _factory;
    private WebApplicationFactory<Program>? _app;

    internal InMemoryIncidents Incidents { get; } = new();

    internal InMemoryCustomers Customers { get; } = new();

    public WebApplicationFactory<Program> App => _app ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => App.Services;

    public ClaimStore Store => Services.GetRequiredService<ClaimStore>();

    public ClaimExecutor Executor => Services.GetRequiredService<ClaimExecutor>();

    public string ConnectionString => _azurite!.ConnectionString;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _factory = new ReimburseAppFactory(_azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Claims:MaxPollingInterval"] = "00:00:00.100",
            ["Claims:Workers"] = "4",
            ["Claims:RetryDelay"] = "00:00:00",
            ["Claims:SweepInterval"] = "00:00:01",
        });
        _app = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IIncidentStore>(Incidents);
            services.AddSingleton<IAffectedCustomers>(Customers);
            services.AddSingleton<IStatementReader, FakeReader>();
        }));
        await Services.GetRequiredService<ClaimStorage>().EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A client with a staff token for <paramref name="name"/> (id "id-" + name) holding <paramref name="roles"/>.</summary>
    public HttpClient Staff(string name, params string[] roles)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", _factory!.StaffToken(name, roles));
        return client;
    }

    /// <summary>A fresh incident (default policy unless changed).</summary>
    public string NewIncident(Func<IncidentPolicy, IncidentPolicy>? policy = null)
    {
        var id = "inc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        Incidents.Add(ClaimsHarness.Incident with { Id = id, Policy = policy?.Invoke(IncidentPolicy.Default) ?? IncidentPolicy.Default });
        return id;
    }

    /// <summary>Uploads a statement and submits a claim for a fresh customer; returns its id.</summary>
    public async Task<string> SubmitAsync(string incidentId, long declaredFee = 1_100, BankAccount? account = null, string? statement = null, string? customerId = null)
    {
        var storage = Services.GetRequiredService<ClaimStorage>();
        var claimId = "CL-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        customerId ??= "C-" + claimId;
        Customers.Add(new AffectedCustomer(incidentId, customerId, "山田 太郎", "ヤマダ タロウ", null, null, "100-0001", "東京都",
            true, [new LeakedCard("VISA", "1234")], [DataCategories.Name, DataCategories.Card]));
        var bytes = Encoding.UTF8.GetBytes(statement ?? FakeReader.Good + "|" + claimId);
        var blobName = claimId + "/d1.pdf";
        await storage.Statements.GetBlobClient(blobName).UploadAsync(new BinaryData(bytes));
        var document = new DocumentRef("d1", blobName, Convert.ToHexStringLower(SHA256.HashData(bytes)), "application/pdf", bytes.Length, "明細.pdf");
        var incident = await Incidents.GetAsync(incidentId, CancellationToken.None);
        await Executor.ExecuteAsync(claimId, new SubmitClaim(
            claimId, incidentId, customerId, "1234", new Yen(declaredFee), new DateOnly(2026, 2, 10), account ?? ClaimsHarness.PayoutAccount, [document],
            ClaimTerms.From(incident!.Policy))
        { Actor = Actor.Claimant(customerId), At = DateTimeOffset.UtcNow }, CancellationToken.None);
        return claimId;
    }

    /// <summary>Submits claims that the runner escalates (the declared fee differs from the statement's ¥1,100).</summary>
    public async Task<string> EscalatedAsync(string incidentId, long declaredFee = 1_000)
    {
        var claimId = await SubmitAsync(incidentId, declaredFee);
        await WaitForAsync(claimId, ClaimStatus.UnderReview);
        return claimId;
    }

    /// <summary>Submits claims that the runner approves by itself; returns their ids once all are approved.</summary>
    public async Task<IReadOnlyList<string>> ApprovedAsync(string incidentId, int count, BankAccount? account = null)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await SubmitAsync(incidentId, account: account));
        }
        foreach (var id in ids)
        {
            await WaitForAsync(id, ClaimStatus.Approved);
        }
        return ids;
    }

    public async Task<ClaimState> WaitForAsync(string claimId, ClaimStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var state = await Store.LoadAsync(claimId, CancellationToken.None);
            if (state.Status == status)
            {
                return state;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Claim {claimId} is {state.Status}, not {status}.");
            }
            await Task.Delay(100);
        }
    }

    public Task<ClaimState> LoadAsync(string claimId) => Store.LoadAsync(claimId, CancellationToken.None);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
