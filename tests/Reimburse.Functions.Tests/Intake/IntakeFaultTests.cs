using System.Net;
using System.Net.Http.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Azure.Storage;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Intake;
using Reimburse.Functions.Tests.Cardholders;

namespace Reimburse.Functions.Tests.Intake;

/// <summary>
/// Invariant 1 at intake: storage fails between the blob write and the Submitted event (the claim's append), or the
/// answer is lost after it. Nothing is half visible to the claimant, and the retry with the same key gives the claim.
/// </summary>
public sealed class IntakeFaultTests(IntakeFaultTests.Fixture fixture) : IClassFixture<IntakeFaultTests.Fixture>
{
    public sealed class Fixture : CardholderAppFixture
    {
        public ClaimAppendFault Fault { get; } = new();

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Claims:RunLocalQueues"] = "false";
            return settings;
        }

        protected override void ConfigureServices(IServiceCollection services)
        {
            var options = new StorageAccountOptions();
            options.Tables.AddPolicy(Fault, HttpPipelinePosition.PerCall);
            services.AddSingleton(_ => StorageAccount.FromConnectionString(Azurite.ConnectionString, options));
        }

        protected override (Reimburse.Incidents.Incident Incident, IReadOnlyList<string> Customers) World() => (CardholderKit.OpenIncident("intake-faults"),
        [
            "F1,山田 太郎,ヤマダ タロウ,100-0001,東京都千代田区1,あり,VISA:1234",
            "F2,山田 花子,ヤマダ ハナコ,100-0002,東京都千代田区2,あり,VISA:5678",
        ]);
    }

    [Fact]
    public async Task A_failure_between_blob_and_submitted_event_leaves_nothing_visible_and_the_retry_completes_the_claim()
    {
        var client = (await fixture.Kit.SignInAsync(fixture.Holders["F1"], bearer: true)).Client;
        var file = Claimant.CsvStatement("fault-before");
        var blobs = fixture.Services.GetRequiredService<ClaimStorage>().Statements;
        var before = await CountBlobsAsync(blobs);

        fixture.Fault.FailNextAppend(beforeSending: true);
        var failed = await Claimant.SubmitAsync(client, "fault-key", new ClaimInput(), file);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(1, fixture.Fault.Failures);
        Assert.Equal(before + 1, await CountBlobsAsync(blobs));
        Assert.Empty(await client.GetFromJsonAsync<List<ClaimSummary>>(new Uri("/api/claims", UriKind.Relative)) ?? []);

        var retried = await Claimant.SubmitAsync(client, "fault-key", new ClaimInput(), file);

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var claim = (await retried.Content.ReadFromJsonAsync<ClaimView>())!;
        Assert.Equal(claim.Id, Assert.Single(await client.GetFromJsonAsync<List<ClaimSummary>>(new Uri("/api/claims", UriKind.Relative)) ?? []).Id);
        // The retry wrote the same planned blob name: no second copy.
        Assert.Equal(before + 1, await CountBlobsAsync(blobs));
        var state = await fixture.Services.GetRequiredService<ClaimStore>().LoadAsync(claim.Id, CancellationToken.None);
        Assert.Equal(ClaimStatus.Extracting, state.Status);
        Assert.True(await blobs.GetBlobClient(Assert.Single(state.Documents).Ref.BlobName).ExistsAsync());
    }

    [Fact]
    public async Task A_lost_answer_after_the_submitted_event_is_retried_to_the_same_claim()
    {
        var client = (await fixture.Kit.SignInAsync(fixture.Holders["F2"], bearer: true)).Client;
        var file = Claimant.CsvStatement("fault-after");

        fixture.Fault.FailNextAppend(beforeSending: false);
        var failed = await Claimant.SubmitAsync(client, "lost-answer", new ClaimInput(AccountHolder: "ヤマダ ハナコ", CardLast4: "5678"), file);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);

        var mine = await client.GetFromJsonAsync<List<ClaimSummary>>(new Uri("/api/claims", UriKind.Relative));
        var stored = Assert.Single(mine!);
        var retried = await Claimant.SubmitAsync(client, "lost-answer", new ClaimInput(AccountHolder: "ヤマダ ハナコ", CardLast4: "5678"), file);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(stored.Id, (await retried.Content.ReadFromJsonAsync<ClaimView>())!.Id);
        var history = await fixture.Services.GetRequiredService<ClaimStore>().ReadHistoryAsync(stored.Id, CancellationToken.None);
        Assert.Single(history, e => e.Event is ClaimSubmitted);
    }

    private static async Task<int> CountBlobsAsync(Reimburse.Azure.Storage.Blobs.BlobContainerClient container)
    {
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }
        return count;
    }
}

/// <summary>Fails the next entity-group transaction ($batch: a claim's append), before it is sent or after its answer.</summary>
public sealed class ClaimAppendFault : HttpPipelinePolicy
{
    private int _armed;
    private bool _beforeSending;
    private int _failures;

    public int Failures => Volatile.Read(ref _failures);

    public void FailNextAppend(bool beforeSending)
    {
        _beforeSending = beforeSending;
        Volatile.Write(ref _armed, 1);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The storage clients are asynchronous.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var batch = message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal);
        if (batch && _beforeSending && Interlocked.CompareExchange(ref _armed, 0, 1) == 1)
        {
            Interlocked.Increment(ref _failures);
            throw new RequestFailedException(503, "The storage service went away before the append (test fault).");
        }
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (batch && !_beforeSending && Interlocked.CompareExchange(ref _armed, 0, 1) == 1)
        {
            Interlocked.Increment(ref _failures);
            throw new RequestFailedException(503, "The answer to the append was lost (test fault).");
        }
    }
}
