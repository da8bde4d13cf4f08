using System.Globalization;
using System.Runtime.CompilerServices;
using Reimburse.Banking;
using Reimburse.Money;

namespace Reimburse.Payouts;

/// <summary>One refund in an export batch.</summary>
/// <param name="Line">Position in the batch, 1-based and consecutive: it is 顧客コード2 in the Zengin file.</param>
/// <param name="ClaimId">The claim refunded.</param>
/// <param name="IncidentId">The incident the claim belongs to.</param>
/// <param name="CustomerId">The affected customer (from the incident's list).</param>
/// <param name="Account">Where the money goes, already checked against the bank list when the claimant entered it.</param>
/// <param name="Amount">The approved refund, more than ¥0.</param>
public sealed record PayoutItem(int Line, string ClaimId, string IncidentId, string CustomerId, BankAccount Account, Yen Amount);

/// <summary>
/// The fixed facts of an export batch: its identity, transfer date and totals. The items themselves are streamed
/// (a batch may hold 100,000 refunds); every export checks the stream against these totals.
/// </summary>
/// <param name="BatchId">The batch's key, as shown to finance.</param>
/// <param name="BatchNumber">A number unique over all batches (1–9,999,999,999): 顧客コード1 in the Zengin file, so that a
/// bank's result names batch and line.</param>
/// <param name="TransferDate">振込指定日, a bank business day (Japan).</param>
/// <param name="Count">Number of items.</param>
/// <param name="Total">Sum of the items' amounts.</param>
public sealed record PayoutManifest(string BatchId, long BatchNumber, DateOnly TransferDate, int Count, Yen Total)
{
    /// <summary>Largest batch number: it must fit the 10-digit 顧客コード1.</summary>
    public const long MaxBatchNumber = 9_999_999_999;

    /// <summary>The manifest for <paramref name="items"/>, after checking them (lines 1..n in order, unique claims, amounts above zero).</summary>
    /// <exception cref="ArgumentException">The items break one of those rules; the message names the line.</exception>
    public static PayoutManifest Create(string batchId, long batchNumber, DateOnly transferDate, IEnumerable<PayoutItem> items)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchNumber, MaxBatchNumber);
        var claims = new HashSet<string>(StringComparer.Ordinal);
        var tally = new Tally();
        foreach (var item in items)
        {
            tally.Add(item);
            if (!claims.Add(item.ClaimId))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Line {item.Line}: claim {item.ClaimId} is already in this batch."), nameof(items));
            }
        }
        return new PayoutManifest(batchId, batchNumber, transferDate, tally.Count, tally.Total);
    }

    /// <summary>Passes <paramref name="items"/> through, checking each against the manifest; throws at the end if the totals differ.</summary>
    /// <exception cref="PayoutExportException">An item is out of order or invalid, or the stream does not add up to the manifest.</exception>
    public async IAsyncEnumerable<PayoutItem> CheckAsync(IAsyncEnumerable<PayoutItem> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var tally = new Tally();
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                tally.Add(item);
            }
            catch (ArgumentException ex)
            {
                throw new PayoutExportException("Batch " + BatchId + ": " + ex.Message, ex);
            }
            yield return item;
        }
        if (tally.Count != Count || tally.Total != Total)
        {
            throw new PayoutExportException(string.Create(CultureInfo.InvariantCulture,
                $"Batch {BatchId}: the items add up to {tally.Count:N0} transfers / {tally.Total}, but the manifest says {Count:N0} / {Total}; nothing may be exported."));
        }
    }

    /// <summary>Counts and sums items while checking their order and amounts.</summary>
    private sealed class Tally
    {
        public int Count { get; private set; }

        public Yen Total { get; private set; }

        public void Add(PayoutItem item)
        {
            ArgumentNullException.ThrowIfNull(item);
            if (item.Line != Count + 1)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"line {Count + 1} was expected, line {item.Line} came."));
            }
            if (item.Amount <= Yen.Zero)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"line {item.Line} (claim {item.ClaimId}): the amount {item.Amount} is not above ¥0."));
            }
            Count++;
            Total += item.Amount;
        }
    }
}

/// <summary>A batch cannot be exported as it stands; nothing written so far may be kept.</summary>
public sealed class PayoutExportException : Exception
{
    public PayoutExportException()
    {
    }

    public PayoutExportException(string message)
        : base(message)
    {
    }

    public PayoutExportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
