using System.Security.Cryptography;
using Reimburse.Customers;

namespace Reimburse.Functions.Customers;

/// <summary>One claim-code issuance run: codes count only once its mail-merge file is stored (<see cref="CompletedAt"/>).</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="RunId">Sortable id: UTC start time and a random suffix.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="CompletedAt">When its mail-merge file was stored; null while running or after a crash.</param>
/// <param name="Codes">Codes issued.</param>
/// <param name="MailingTakenAt">When the operator downloaded the mail-merge file (it can be downloaded once).</param>
public sealed record IssuanceRun(string IncidentId, string RunId, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, int Codes, DateTimeOffset? MailingTakenAt);

/// <summary>Records of import and issuance runs.</summary>
public interface ICustomerRunStore
{
    Task SaveImportAsync(ImportResult result, DateTimeOffset at, CancellationToken cancellationToken);

    Task<ImportResult?> GetImportAsync(string incidentId, string importId, CancellationToken cancellationToken);

    Task BeginIssuanceAsync(IssuanceRun run, CancellationToken cancellationToken);

    Task CompleteIssuanceAsync(string incidentId, string runId, int codes, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IssuanceRun?> GetIssuanceAsync(string incidentId, string runId, CancellationToken cancellationToken);

    /// <summary>Ids of the incident's completed issuance runs.</summary>
    Task<IReadOnlySet<string>> CompletedIssuanceRunsAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>Marks a completed run's mail-merge file as taken; false when it was taken before (or the run is not complete).</summary>
    Task<bool> TryTakeMailingAsync(string incidentId, string runId, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>The files the operator downloads: import error reports and mail-merge files. Both are written once.</summary>
public interface ICustomerFiles
{
    Task SaveImportReportAsync(string incidentId, string importId, Stream content, CancellationToken cancellationToken);

    Task<Stream?> OpenImportReportAsync(string incidentId, string importId, CancellationToken cancellationToken);

    Task SaveMailingAsync(string incidentId, string runId, Stream content, CancellationToken cancellationToken);

    Task<Stream?> OpenMailingAsync(string incidentId, string runId, CancellationToken cancellationToken);

    /// <summary>Deletes a mail-merge file once it has been handed over: claim codes in clear text should not rest longer than needed.</summary>
    Task DeleteMailingAsync(string incidentId, string runId, CancellationToken cancellationToken);
}

/// <summary>Run ids: sortable by start time, unique by a random suffix, valid as keys and blob names.</summary>
public static class RunIds
{
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public static bool IsValid(string? id) =>
        id is { Length: 25 } && id[8] == 'T' && id[15] == 'Z' && id[16] == '-' && id.All(c => char.IsAsciiDigit(c) || c is 'T' or 'Z' or '-' or (>= 'a' and <= 'f'));
}
