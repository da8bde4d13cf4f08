using System.Globalization;
using Reimburse.Money;

namespace Reimburse.Payouts;

/// <summary>The bank's result for one transfer of a batch.</summary>
/// <param name="BatchId">The batch the transfer was in.</param>
/// <param name="Line">The transfer's line in the batch.</param>
/// <param name="ClaimId">The claim it refunded.</param>
/// <param name="Amount">The amount transferred.</param>
/// <param name="Outcome">Paid or returned.</param>
/// <param name="Reason">Why it came back; null when paid.</param>
/// <param name="Note">Finance's note, if any.</param>
public sealed record SettlementResult(string BatchId, int Line, string ClaimId, Yen Amount, SettlementOutcome Outcome, ReturnReason? Reason, string? Note);

/// <summary>A batch's settlement: every result, or every error. Never both.</summary>
public sealed record BatchSettlement(IReadOnlyList<SettlementResult> Results, IReadOnlyList<SettlementError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Matches a parsed settlement file to the batch it settles.</summary>
public static class Settlement
{
    /// <summary>
    /// The results of <paramref name="parsed"/> for the batch of <paramref name="manifest"/>: each line must name a
    /// claim in the batch. Transfers the file does not mention stay pending (banks report in parts).
    /// </summary>
    public static BatchSettlement Match(PayoutManifest manifest, IEnumerable<PayoutItem> items, SettlementParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(parsed);
        if (!parsed.IsValid)
        {
            return new BatchSettlement([], parsed.Errors);
        }
        var byClaim = new Dictionary<string, PayoutItem>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            byClaim[item.ClaimId] = item;
        }
        var results = new List<SettlementResult>(parsed.Lines.Count);
        var errors = new List<SettlementError>();
        foreach (var line in parsed.Lines)
        {
            if (!byClaim.TryGetValue(line.ClaimId, out var item))
            {
                errors.Add(new SettlementError(line.LineNumber, string.Create(CultureInfo.InvariantCulture, $"claim {line.ClaimId} is not in batch {manifest.BatchId}.")));
                continue;
            }
            results.Add(new SettlementResult(manifest.BatchId, item.Line, item.ClaimId, item.Amount, line.Outcome, line.Reason, line.Note));
        }
        return errors.Count > 0 ? new BatchSettlement([], errors) : new BatchSettlement(results, []);
    }
}
