using System.Globalization;
using System.Runtime.CompilerServices;
using Reimburse.Banking;

namespace Reimburse.Payouts;

/// <summary>
/// Turns a batch's streamed items into its two files: the Zengin 総合振込 file for the bank and the CSV journal
/// for finance. Both check the items against the manifest; neither holds more than one item at a time.
/// </summary>
/// <remarks>
/// A <see cref="PayoutExportException"/> or <see cref="ZenginFormatException"/> leaves an incomplete output that
/// must be discarded. The caller stores the files write-once, so a re-download returns the stored bytes; writing
/// again from the same items gives the same bytes anyway (nothing here reads a clock or a random source).
/// </remarks>
public static class PayoutExport
{
    /// <summary>Writes the Zengin file. 顧客コード1 is the batch number and 顧客コード2 the item's line.</summary>
    public static Task<ZenginFileSummary> WriteZenginAsync(
        Stream output,
        PayoutManifest manifest,
        ZenginRequester requester,
        IAsyncEnumerable<PayoutItem> items,
        IBankDirectory banks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(banks);
        return ZenginTransferFile.WriteAsync(output, requester, manifest.TransferDate, ToTransfersAsync(manifest, items, banks, cancellationToken), cancellationToken);
    }

    /// <summary>Writes the CSV journal (see <see cref="PayoutJournal"/>).</summary>
    public static Task<PayoutJournalSummary> WriteJournalAsync(
        Stream output,
        PayoutManifest manifest,
        IAsyncEnumerable<PayoutItem> items,
        IBankDirectory banks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(banks);
        return PayoutJournal.WriteAsync(output, manifest, WithNamesAsync(manifest, items, banks, cancellationToken), cancellationToken);
    }

    private static async IAsyncEnumerable<ZenginTransfer> ToTransfersAsync(
        PayoutManifest manifest,
        IAsyncEnumerable<PayoutItem> items,
        IBankDirectory banks,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var named in WithNamesAsync(manifest, items, banks, cancellationToken).ConfigureAwait(false))
        {
            var (item, bank, branch) = named;
            var account = item.Account;
            yield return new ZenginTransfer(
                account.BankCode,
                bank.ZenginKana,
                account.BranchCode,
                branch.ZenginKana,
                account.Type,
                account.Number,
                account.HolderZengin,
                item.Amount,
                manifest.BatchNumber,
                item.Line);
        }
    }

    private static async IAsyncEnumerable<NamedPayoutItem> WithNamesAsync(
        PayoutManifest manifest,
        IAsyncEnumerable<PayoutItem> items,
        IBankDirectory banks,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in manifest.CheckAsync(items, cancellationToken).ConfigureAwait(false))
        {
            var account = item.Account;
            var bank = banks.FindBank(account.BankCode);
            var branch = bank is null ? null : banks.FindBranch(account.BankCode, account.BranchCode);
            if (bank is null || branch is null)
            {
                // Accounts are checked against the list when the claimant enters them; one that fails here was
                // approved with a code the current list no longer has (a merged bank or a closed branch).
                throw new PayoutExportException(string.Create(CultureInfo.InvariantCulture,
                    $"Batch {manifest.BatchId}, line {item.Line} (claim {item.ClaimId}): {(bank is null ? "bank " + account.BankCode : "branch " + account.BankCode + "-" + account.BranchCode)} is not in the bank code list; send the account back to the claimant and take the claim out of the batch."));
            }
            yield return new NamedPayoutItem(item, bank, branch);
        }
    }
}

/// <summary>A batch item with its bank and branch as the bank list names them.</summary>
public sealed record NamedPayoutItem(PayoutItem Item, BankEntry Bank, BranchEntry Branch);
