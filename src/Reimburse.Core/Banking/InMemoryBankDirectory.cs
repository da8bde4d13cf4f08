using Reimburse.Japanese;
using Reimburse.Payouts;

namespace Reimburse.Banking;

/// <summary>
/// The bank list as sorted arrays: lookups by code are binary searches, prefix searches scan at most one bank's
/// branches (the largest bank has a few hundred). Built once at start-up and read-only afterwards, so it is safe
/// to share between threads.
/// </summary>
public sealed class InMemoryBankDirectory : IBankDirectory
{
    private readonly BankEntry[] _banks;
    private readonly BranchEntry[] _branches;

    // For bank i, its branches are _branches[_firstBranch[i] .. _firstBranch[i + 1]).
    private readonly int[] _firstBranch;

    /// <summary>Builds the index. Codes must be unique; every branch's bank must be in <paramref name="banks"/>.</summary>
    /// <exception cref="ArgumentException">A duplicate code or a branch of an unknown bank.</exception>
    public InMemoryBankDirectory(IEnumerable<BankEntry> banks, IEnumerable<BranchEntry> branches)
    {
        ArgumentNullException.ThrowIfNull(banks);
        ArgumentNullException.ThrowIfNull(branches);
        _banks = banks.OrderBy(b => b.Code, StringComparer.Ordinal).ToArray();
        _branches = branches.OrderBy(b => b.BankCode, StringComparer.Ordinal).ThenBy(b => b.Code, StringComparer.Ordinal).ToArray();
        _firstBranch = new int[_banks.Length + 1];
        for (var i = 1; i < _banks.Length; i++)
        {
            if (string.CompareOrdinal(_banks[i - 1].Code, _banks[i].Code) == 0)
            {
                throw new ArgumentException("Bank " + _banks[i].Code + " is listed twice.", nameof(banks));
            }
        }
        var bank = 0;
        for (var j = 0; j < _branches.Length; j++)
        {
            var branch = _branches[j];
            while (bank < _banks.Length && string.CompareOrdinal(_banks[bank].Code, branch.BankCode) < 0)
            {
                _firstBranch[++bank] = j;
            }
            if (bank == _banks.Length || _banks[bank].Code != branch.BankCode)
            {
                throw new ArgumentException("Branch " + branch.Code + " belongs to bank " + branch.BankCode + ", which is not listed.", nameof(branches));
            }
            if (j > 0 && _branches[j - 1].BankCode == branch.BankCode && _branches[j - 1].Code == branch.Code)
            {
                throw new ArgumentException("Branch " + branch.BankCode + "-" + branch.Code + " is listed twice.", nameof(branches));
            }
        }
        while (bank < _banks.Length)
        {
            _firstBranch[++bank] = _branches.Length;
        }
    }

    public int BankCount => _banks.Length;

    public int BranchCount => _branches.Length;

    public BankEntry? FindBank(string bankCode)
    {
        var i = IndexOfBank(bankCode);
        return i < 0 ? null : _banks[i];
    }

    public BranchEntry? FindBranch(string bankCode, string branchCode)
    {
        var i = IndexOfBank(bankCode);
        if (i < 0 || branchCode is null)
        {
            return null;
        }
        var lo = _firstBranch[i];
        var hi = _firstBranch[i + 1] - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var c = string.CompareOrdinal(_branches[mid].Code, branchCode);
            if (c == 0)
            {
                return _branches[mid];
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return null;
    }

    public IReadOnlyList<BankEntry> SearchBanks(string query, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var key = SearchKey.From(query);
        var found = new List<BankEntry>(Math.Min(limit, 16));
        foreach (var bank in _banks)
        {
            if (key.Matches(bank.Code, bank.Name, bank.ZenginKana))
            {
                found.Add(bank);
                if (found.Count == limit)
                {
                    break;
                }
            }
        }
        return found;
    }

    public IReadOnlyList<BranchEntry> SearchBranches(string bankCode, string query, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var i = IndexOfBank(bankCode);
        if (i < 0)
        {
            return [];
        }
        var key = SearchKey.From(query);
        var found = new List<BranchEntry>(Math.Min(limit, 16));
        for (var j = _firstBranch[i]; j < _firstBranch[i + 1] && found.Count < limit; j++)
        {
            var branch = _branches[j];
            if (key.Matches(branch.Code, branch.Name, branch.ZenginKana))
            {
                found.Add(branch);
            }
        }
        return found;
    }

    private int IndexOfBank(string bankCode)
    {
        if (bankCode is null)
        {
            return -1;
        }
        var lo = 0;
        var hi = _banks.Length - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var c = string.CompareOrdinal(_banks[mid].Code, bankCode);
            if (c == 0)
            {
                return mid;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /// <summary>A query in the forms it can match: a code prefix, a name prefix (width-folded), a Zengin kana prefix.</summary>
    private readonly record struct SearchKey(string Folded, string? Kana)
    {
        public static SearchKey From(string? query)
        {
            var trimmed = (query ?? string.Empty).Trim();
            // Kana and Latin queries compare in Zengin form, where small kana, widths and case no longer differ.
            var kana = trimmed.Length > 0 && ZenginKana.TryToZenginKana(trimmed, out var k, out _) ? k : null;
            return new SearchKey(Fold(trimmed), kana);
        }

        public bool Matches(string code, string name, string zenginKana) =>
            Folded.Length == 0
            || code.StartsWith(Folded, StringComparison.Ordinal)
            || Fold(name).StartsWith(Folded, StringComparison.Ordinal)
            || (Kana is not null && zenginKana.StartsWith(Kana, StringComparison.Ordinal));

        // Full-width ASCII to half-width and upper case, so that 三菱ufj finds 三菱ＵＦＪ.
        private static string Fold(string text) => Width.Normalize(text).ToUpperInvariant();
    }
}
