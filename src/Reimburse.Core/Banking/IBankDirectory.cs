namespace Reimburse.Banking;

/// <summary>A Japanese financial institution from the Zengin bank code list.</summary>
/// <param name="Code">統一金融機関コード, 4 digits.</param>
/// <param name="Name">Display name as the list gives it (e.g. みずほ, 三菱ＵＦＪ).</param>
/// <param name="Kana">Full-width katakana reading from the list.</param>
/// <param name="ZenginKana">The reading in Zengin half-width kana, as written into transfer files.</param>
public sealed record BankEntry(string Code, string Name, string Kana, string ZenginKana);

/// <summary>A branch (店舗) of a bank from the Zengin code list.</summary>
/// <param name="BankCode">The bank's 4-digit code.</param>
/// <param name="Code">統一店番号, 3 digits.</param>
/// <param name="Name">Display name (e.g. 東京営業部).</param>
/// <param name="Kana">Full-width katakana reading from the list.</param>
/// <param name="ZenginKana">The reading in Zengin half-width kana.</param>
public sealed record BranchEntry(string BankCode, string Code, string Name, string Kana, string ZenginKana);

/// <summary>
/// The real list of Japanese bank and branch codes: validates the codes a claimant enters and supplies the names
/// that go into transfer files and the UI's lookup.
/// </summary>
public interface IBankDirectory
{
    /// <summary>Number of banks in the list.</summary>
    int BankCount { get; }

    /// <summary>Number of branches in the list, over all banks.</summary>
    int BranchCount { get; }

    /// <summary>The bank with the 4-digit <paramref name="bankCode"/>, or null when there is none.</summary>
    BankEntry? FindBank(string bankCode);

    /// <summary>The branch <paramref name="branchCode"/> (3 digits) of bank <paramref name="bankCode"/>, or null.</summary>
    BranchEntry? FindBranch(string bankCode, string branchCode);

    /// <summary>
    /// Banks whose name or reading starts with <paramref name="query"/> (kanji, hiragana, katakana of either width,
    /// Latin; small kana match large), in code order, at most <paramref name="limit"/>.
    /// </summary>
    IReadOnlyList<BankEntry> SearchBanks(string query, int limit);

    /// <summary>Branches of bank <paramref name="bankCode"/> whose name or reading starts with <paramref name="query"/>, or whose code does.</summary>
    IReadOnlyList<BranchEntry> SearchBranches(string bankCode, string query, int limit);
}
