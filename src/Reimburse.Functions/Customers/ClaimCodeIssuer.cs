using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Functions.Hosting;
using Reimburse.Incidents;

namespace Reimburse.Functions.Customers;

/// <summary>Who gets a new claim code.</summary>
public abstract record IssueScope
{
    /// <summary>Every customer without a code from a completed run (first issuance, newly imported customers, or after a crashed run).</summary>
    public static IssueScope WithoutCode { get; } = new WithoutCodeScope();

    /// <summary>These customers, replacing (invalidating) the codes they hold.</summary>
    public static IssueScope Customers(IReadOnlyCollection<string> customerIds) => new CustomersScope(customerIds);

    /// <summary>Everyone whose code came from this run, e.g. when its mail-merge file was lost.</summary>
    public static IssueScope Run(string runId) => new RunScope(runId);

    internal sealed record WithoutCodeScope : IssueScope;

    internal sealed record CustomersScope(IReadOnlyCollection<string> CustomerIds) : IssueScope;

    internal sealed record RunScope(string RunId) : IssueScope;
}

/// <summary>What an issuance run did.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="RunId">The run; null when nobody needed a code (no file was written).</param>
/// <param name="Issued">Codes issued (= lines in the mail-merge file).</param>
/// <param name="Invalidated">Previous codes that no longer work.</param>
public sealed record IssuanceResult(string IncidentId, string? RunId, int Issued, int Invalidated);

/// <summary>
/// Issues claim codes: one per customer in scope, stored only as an HMAC, and a mail-merge file with the codes in
/// clear text, written once per run. A run counts only when its file is stored, so a crash in between leaves
/// customers whose codes nobody has — the next run gives them new ones.
/// </summary>
/// <remarks>
/// Order per chunk of customers: code entries first, then the customers' pointers to them. A customer whose pointer
/// moves to a new code can no longer use the old one (eligibility checks the pointer), even before the old entry is
/// deleted at the end of the run.
/// </remarks>
public sealed partial class ClaimCodeIssuer(
    IIncidentStore incidents,
    IAffectedCustomerStore customers,
    IClaimCodeStore codes,
    ICustomerRunStore runs,
    ICustomerFiles files,
    ClaimCodeHasher hasher,
    IOptions<CustomerImportOptions> options,
    TimeProvider time,
    ILogger<ClaimCodeIssuer> logger)
{
    /// <summary>Customers whose code entries are written together: about 100 per code partition.</summary>
    internal const int ChunkSize = 25_600;

    public async Task<IssuanceResult> IssueAsync(string incidentId, IssueScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _ = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false)
            ?? throw new InputException($"There is no incident \"{incidentId}\".", "Unknown incident.");
        if (scope is IssueScope.CustomersScope { CustomerIds.Count: 0 })
        {
            throw new InputException("Name at least one customer whose code to re-issue.");
        }
        var stopwatch = Stopwatch.StartNew();
        var runId = RunIds.New(time.GetUtcNow());
        using var staging = new StagingFolder(options.Value.TempFolder, "codes-" + runId);
        var mailingPath = staging.PathOf("mailing.csv");
        var oldHashes = new List<string>();
        var issued = 0;
        var begun = false;
        await using (var mailing = new StreamWriter(mailingPath, append: false, CsvText.Utf8WithBom))
        {
            CsvText.WriteLine(mailing, MailMergeLine.Header);
            var chunk = new List<Pending>(ChunkSize);
            await foreach (var stored in SelectAsync(incidentId, scope, cancellationToken).ConfigureAwait(false))
            {
                if (!begun)
                {
                    await runs.BeginIssuanceAsync(new IssuanceRun(incidentId, runId, time.GetUtcNow(), null, 0, null), cancellationToken).ConfigureAwait(false);
                    begun = true;
                }
                var printed = ClaimCode.Generate();
                ClaimCode.TryNormalize(printed, out var canonical);
                chunk.Add(new Pending(stored.Customer.CustomerId, hasher.Hash(canonical)));
                MailMergeLine.For(stored.Customer, printed).WriteTo(mailing);
                if (stored.ClaimCode is { } old)
                {
                    oldHashes.Add(old.Hash);
                }
                issued++;
                if (chunk.Count == ChunkSize)
                {
                    await StoreAsync(incidentId, runId, chunk, cancellationToken).ConfigureAwait(false);
                    chunk.Clear();
                }
            }
            await StoreAsync(incidentId, runId, chunk, cancellationToken).ConfigureAwait(false);
        }
        if (issued == 0)
        {
            LogNothingToIssue(logger, incidentId);
            return new IssuanceResult(incidentId, null, 0, 0);
        }
        await using (var file = File.OpenRead(mailingPath))
        {
            await files.SaveMailingAsync(incidentId, runId, file, cancellationToken).ConfigureAwait(false);
        }
        await runs.CompleteIssuanceAsync(incidentId, runId, issued, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        // Tidy-up only: the old entries already fail the pointer check.
        foreach (var hashes in oldHashes.Chunk(ChunkSize))
        {
            await codes.RemoveAsync(hashes, cancellationToken).ConfigureAwait(false);
        }
        LogIssued(logger, incidentId, runId, issued, oldHashes.Count, stopwatch.ElapsedMilliseconds);
        return new IssuanceResult(incidentId, runId, issued, oldHashes.Count);
    }

    /// <summary>
    /// Hands out a run's mail-merge file once: the first caller gets the stream (and should call
    /// <see cref="ForgetMailingAsync"/> after sending it), later callers get null.
    /// </summary>
    public async Task<Stream?> TakeMailingAsync(string incidentId, string runId, CancellationToken cancellationToken)
    {
        if (!await runs.TryTakeMailingAsync(incidentId, runId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        LogMailingTaken(logger, incidentId, runId);
        return await files.OpenMailingAsync(incidentId, runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a handed-out mail-merge file: the clear-text codes should not rest in storage.</summary>
    public Task ForgetMailingAsync(string incidentId, string runId, CancellationToken cancellationToken) =>
        files.DeleteMailingAsync(incidentId, runId, cancellationToken);

    private async IAsyncEnumerable<StoredCustomer> SelectAsync(string incidentId, IssueScope scope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (scope is IssueScope.CustomersScope named)
        {
            var found = new List<StoredCustomer>();
            var unknown = new List<string>();
            foreach (var id in named.CustomerIds.Distinct(StringComparer.Ordinal))
            {
                var stored = CustomerRowParser.IsValidCustomerId(id) ? await customers.FindWithClaimCodeAsync(incidentId, id, cancellationToken).ConfigureAwait(false) : null;
                if (stored is null)
                {
                    unknown.Add(id);
                }
                else
                {
                    found.Add(stored);
                }
            }
            if (unknown.Count > 0)
            {
                throw new InputException($"No affected customer with id {string.Join(", ", unknown.Take(10).Select(u => "\"" + u + "\""))} in incident \"{incidentId}\"; nothing was issued.");
            }
            foreach (var stored in found)
            {
                yield return stored;
            }
            yield break;
        }
        var completed = await runs.CompletedIssuanceRunsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var runScope = scope as IssueScope.RunScope;
        if (runScope is not null && !completed.Contains(runScope.RunId))
        {
            throw new InputException($"Incident \"{incidentId}\" has no completed issuance run \"{runScope.RunId}\".");
        }
        for (var bucket = 0; bucket < CustomerBuckets.Count; bucket++)
        {
            await foreach (var stored in customers.ListAsync(incidentId, bucket, cancellationToken).ConfigureAwait(false))
            {
                var wanted = runScope is null
                    ? stored.ClaimCode is null || !completed.Contains(stored.ClaimCode.RunId)
                    : stored.ClaimCode?.RunId == runScope.RunId;
                if (wanted)
                {
                    yield return stored;
                }
            }
        }
    }

    private async Task StoreAsync(string incidentId, string runId, List<Pending> chunk, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return;
        }
        await codes.AddAsync([.. chunk.Select(p => new ClaimCodeEntry(p.Hash, incidentId, p.CustomerId, runId))], cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(chunk.GroupBy(p => CustomerBuckets.Of(p.CustomerId)),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (group, ct) => await customers.AssignClaimCodesAsync(incidentId, group.Key,
                [.. group.Select(p => new ClaimCodeAssignment(p.CustomerId, new ClaimCodePointer(p.Hash, runId)))], ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Incident {IncidentId}: every customer already holds a code; nothing issued")]
    private static partial void LogNothingToIssue(ILogger logger, string incidentId);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Incident {IncidentId}: run {RunId} issued {Issued} codes, invalidated {Invalidated}, in {ElapsedMs} ms")]
    private static partial void LogIssued(ILogger logger, string incidentId, string runId, int issued, int invalidated, long elapsedMs);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Incident {IncidentId}: mail-merge file of run {RunId} handed out")]
    private static partial void LogMailingTaken(ILogger logger, string incidentId, string runId);

    private sealed record Pending(string CustomerId, string Hash);
}
