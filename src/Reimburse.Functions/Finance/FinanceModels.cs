using Reimburse.Banking;
using Reimburse.Money;
using Reimburse.Payouts;

namespace Reimburse.Functions.Finance;

/// <summary>Where a batch is.</summary>
public enum BatchStatus
{
    /// <summary>Claims are being added (or the builder stopped half-way: complete it).</summary>
    Building,

    /// <summary>The Zengin file and the journal are written, once and for all.</summary>
    Exported,
}

/// <summary>A file of a batch.</summary>
/// <param name="BlobName">Where it is stored.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its bytes (its ETag on download).</param>
public sealed record BatchFile(string BlobName, long Bytes, string Sha256);

/// <summary>An export batch: a set of approved refunds paid by one Zengin file.</summary>
/// <param name="BatchId">B and the number, e.g. B000042.</param>
/// <param name="Number">Unique over all batches: 顧客コード1 in the Zengin file.</param>
/// <param name="Status">Building or exported.</param>
/// <param name="TransferDate">振込指定日.</param>
/// <param name="IncidentId">The incident it was limited to, if any.</param>
/// <param name="Max">The most claims asked for, if limited.</param>
/// <param name="CreatedBy">The finance member (actor id) who created it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Heartbeat">When its builder last made progress (a builder silent for long may be taken over).</param>
/// <param name="Count">Transfers in the file.</param>
/// <param name="Total">Their sum.</param>
/// <param name="Zengin">The Zengin file, once exported.</param>
/// <param name="Journal">The CSV journal, once exported.</param>
/// <param name="ExportedAt">When the files were written.</param>
public sealed record PayoutBatch(
    string BatchId,
    long Number,
    BatchStatus Status,
    DateOnly TransferDate,
    string? IncidentId,
    int? Max,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset Heartbeat,
    int Count,
    Yen Total,
    BatchFile? Zengin,
    BatchFile? Journal,
    DateTimeOffset? ExportedAt)
{
    /// <summary>The manifest the files are written from.</summary>
    public PayoutManifest Manifest => new(BatchId, Number, TransferDate, Count, Total);
}

/// <summary>A claim in a batch as it was when it joined: what the transfer pays and where.</summary>
/// <param name="ClaimId">The claim.</param>
/// <param name="Confirmed">False while the claim is being added (or if the builder stopped before it knew).</param>
/// <param name="IncidentId">The claim's incident.</param>
/// <param name="CustomerId">The claimant.</param>
/// <param name="Amount">The approved refund.</param>
/// <param name="Account">The payout account.</param>
public sealed record BatchEntry(string ClaimId, bool Confirmed, string IncidentId, string CustomerId, Yen Amount, BankAccount? Account);

/// <summary>The bank's result for one claim of a batch, as recorded.</summary>
public sealed record RecordedResult(string ClaimId, int Line, Yen Amount, SettlementOutcome Outcome, ReturnReason? Reason, string? Note, DateTimeOffset RecordedAt, string RecordedBy);

// ---- API shapes ----

/// <summary>Create a batch of approved, unbatched claims.</summary>
/// <param name="Incident">Only this incident's claims.</param>
/// <param name="Max">At most this many claims (default: all, up to the Zengin limit of 999,999).</param>
/// <param name="TransferDate">振込指定日, YYYY-MM-DD, a weekday not in the past (default: the second weekday from today in Japan).</param>
public sealed record CreateBatchRequest(string? Incident, int? Max, string? TransferDate);

/// <summary>A batch as finance sees it.</summary>
public sealed record PayoutBatchView(
    string BatchId,
    long Number,
    string Status,
    DateOnly TransferDate,
    string? IncidentId,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    int Count,
    long Total,
    BatchFileView? Zengin,
    BatchFileView? Journal,
    SettlementProgress? Settlement)
{
    public static PayoutBatchView From(PayoutBatch batch, SettlementProgress? settlement = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var root = "/api/finance/batches/" + batch.BatchId;
        return new(batch.BatchId, batch.Number, batch.Status.ToString(), batch.TransferDate, batch.IncidentId, batch.CreatedBy, batch.CreatedAt,
            batch.Count, batch.Total.Amount,
            batch.Zengin is { } z ? new BatchFileView(root + "/zengin", z.Bytes, z.Sha256) : null,
            batch.Journal is { } j ? new BatchFileView(root + "/journal.csv", j.Bytes, j.Sha256) : null,
            settlement);
    }
}

public sealed record BatchFileView(string Url, long Bytes, string Sha256);

/// <summary>How far the bank's results for a batch are recorded.</summary>
public sealed record SettlementProgress(int Paid, long PaidAmount, int Returned, long ReturnedAmount, int Pending, long PendingAmount);

/// <summary>What importing a settlement file did (or, with errors, why nothing was done).</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Lines">Result lines in the file.</param>
/// <param name="Paid">Claims recorded as paid now.</param>
/// <param name="Returned">Claims recorded as returned now (each claimant is asked for a corrected account).</param>
/// <param name="Unchanged">Lines already recorded before (a re-import changes nothing).</param>
/// <param name="Errors">Problems, each with its line.</param>
/// <param name="Recorded">False when the file was refused because of the errors: then nothing was recorded. True
/// with errors only when claims changed while the file was being applied (import it again).</param>
public sealed record SettlementReport(string BatchId, int Lines, int Paid, int Returned, int Unchanged, IReadOnlyList<SettlementError> Errors, bool Recorded)
{
    /// <summary>Every line is recorded.</summary>
    public bool Applied => Recorded && Errors.Count == 0;
}

public sealed record YenCountView(int Count, long Amount)
{
    public static YenCountView From(YenCount value) => new(value.Count, value.Amount.Amount);
}

/// <summary>Where every approved yen is.</summary>
/// <param name="IncidentId">The incident, or null for all.</param>
/// <param name="Balanced">Approved = paid + in a batch + not batched + returned, the bank paid exactly the paid ones, and no issue.</param>
/// <param name="Approved">All approved refunds.</param>
/// <param name="Paid">Paid by the bank.</param>
/// <param name="InBatch">In a batch, waiting for the bank's result.</param>
/// <param name="NotBatched">Approved, in no batch yet.</param>
/// <param name="Returned">Returned by the bank, waiting for a corrected account (or re-approved for a later batch).</param>
/// <param name="ReturnedByReason">The returned ones by reason (口座なし, 名義相違 …).</param>
/// <param name="PaidByBank">What the bank's results say was paid.</param>
/// <param name="Issues">Every claim that does not reconcile, and why.</param>
public sealed record ReconciliationView(
    string? IncidentId,
    bool Balanced,
    YenCountView Approved,
    YenCountView Paid,
    YenCountView InBatch,
    YenCountView NotBatched,
    YenCountView Returned,
    IReadOnlyDictionary<string, YenCountView> ReturnedByReason,
    YenCountView PaidByBank,
    IReadOnlyList<ReconciliationIssue> Issues);

/// <summary>Approved refunds that wait for a batch, per incident.</summary>
public sealed record ApprovedTotals(string IncidentId, int Count, long Amount);
