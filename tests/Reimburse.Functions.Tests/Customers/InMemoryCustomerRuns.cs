using System.Collections.Concurrent;
using Reimburse.Customers;
using Reimburse.Functions.Customers;

namespace Reimburse.Functions.Tests.Customers;

/// <summary>Runs and files in memory, with the stores' contracts (files write-once, mailings taken once).</summary>
internal sealed class InMemoryCustomerRuns : ICustomerRunStore, ICustomerFiles
{
    private readonly ConcurrentDictionary<string, ImportResult> _imports = new();
    private readonly ConcurrentDictionary<string, IssuanceRun> _issuances = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    public IReadOnlyDictionary<string, byte[]> Files => _files;

    public Task SaveImportAsync(ImportResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        _imports[result.IncidentId + "/" + result.ImportId] = result;
        return Task.CompletedTask;
    }

    public Task<ImportResult?> GetImportAsync(string incidentId, string importId, CancellationToken cancellationToken) =>
        Task.FromResult(_imports.GetValueOrDefault(incidentId + "/" + importId));

    public Task BeginIssuanceAsync(IssuanceRun run, CancellationToken cancellationToken)
    {
        _issuances[run.IncidentId + "/" + run.RunId] = run;
        return Task.CompletedTask;
    }

    public Task CompleteIssuanceAsync(string incidentId, string runId, int codes, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var key = incidentId + "/" + runId;
        _issuances[key] = _issuances[key] with { CompletedAt = at, Codes = codes };
        return Task.CompletedTask;
    }

    public Task<IssuanceRun?> GetIssuanceAsync(string incidentId, string runId, CancellationToken cancellationToken) =>
        Task.FromResult(_issuances.GetValueOrDefault(incidentId + "/" + runId));

    public Task<IReadOnlySet<string>> CompletedIssuanceRunsAsync(string incidentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(_issuances.Values.Where(r => r.IncidentId == incidentId && r.CompletedAt is not null).Select(r => r.RunId).ToHashSet());

    public Task<bool> TryTakeMailingAsync(string incidentId, string runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var key = incidentId + "/" + runId;
        if (!_issuances.TryGetValue(key, out var run) || run is not { CompletedAt: not null, MailingTakenAt: null })
        {
            return Task.FromResult(false);
        }
        return Task.FromResult(_issuances.TryUpdate(key, run with { MailingTakenAt = at }, run));
    }

    public Task SaveImportReportAsync(string incidentId, string importId, Stream content, CancellationToken cancellationToken) =>
        SaveOnceAsync($"imports/{incidentId}/{importId}", content);

    public Task<Stream?> OpenImportReportAsync(string incidentId, string importId, CancellationToken cancellationToken) =>
        Task.FromResult(Open($"imports/{incidentId}/{importId}"));

    public Task SaveMailingAsync(string incidentId, string runId, Stream content, CancellationToken cancellationToken) =>
        SaveOnceAsync($"mailings/{incidentId}/{runId}", content);

    public Task<Stream?> OpenMailingAsync(string incidentId, string runId, CancellationToken cancellationToken) =>
        Task.FromResult(Open($"mailings/{incidentId}/{runId}"));

    public Task DeleteMailingAsync(string incidentId, string runId, CancellationToken cancellationToken)
    {
        _files.TryRemove($"mailings/{incidentId}/{runId}", out _);
        return Task.CompletedTask;
    }

    private async Task SaveOnceAsync(string name, Stream content)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        if (!_files.TryAdd(name, copy.ToArray()))
        {
            throw new InvalidOperationException("write-once: " + name + " exists");
        }
    }

    private Stream? Open(string name) => _files.TryGetValue(name, out var bytes) ? new MemoryStream(bytes, writable: false) : null;
}
