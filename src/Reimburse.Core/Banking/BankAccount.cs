using Reimburse.Payouts;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Reimburse.Japanese;
using Reimburse.Text;

namespace Reimburse.Banking;

/// <summary>Deposit type (預金種目), with the codes the Zengin format uses.</summary>
public enum AccountType
{
    /// <summary>普通 (ordinary deposit).</summary>
    Ordinary = 1,

    /// <summary>当座 (current / checking).</summary>
    Current = 2,

    /// <summary>貯蓄 (savings deposit).</summary>
    Savings = 4,
}

/// <summary>A problem with one field of a bank account, with a message the claimant can act on.</summary>
/// <param name="Field">bankCode, branchCode, type, number or holderKana.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record BankAccountError(string Field, LocalizedText Message);

/// <summary>
/// A Japanese bank account for a refund: bank code (4 digits), branch code (3 digits), deposit type, account number
/// (7 digits) and the holder's name in kana. Constructed only valid; use <see cref="TryCreate"/> for user input.
/// </summary>
/// <remarks>
/// Whether the bank and branch exist is a separate check through <see cref="IBankDirectory"/>: the code list is
/// data that changes, this type only knows the shape.
/// </remarks>
public sealed record BankAccount
{
    /// <summary>Longest holder name in the Zengin payee-name field (half-width characters).</summary>
    public const int MaxHolderLength = 30;

    /// <summary>Creates a valid account; throws <see cref="ArgumentException"/> listing every problem otherwise.</summary>
    [JsonConstructor]
    public BankAccount(string bankCode, string branchCode, AccountType type, string number, string holderKana)
    {
        if (!TryCreate(bankCode, branchCode, type.ToString(), number, holderKana, out var account, out var errors))
        {
            throw new ArgumentException("Invalid bank account: " + string.Join(" ", errors.Select(e => e.Message.En)));
        }
        BankCode = account.BankCode;
        BranchCode = account.BranchCode;
        Type = account.Type;
        Number = account.Number;
        HolderKana = account.HolderKana;
    }

    private BankAccount(string bankCode, string branchCode, AccountType type, string number, string holderKana, bool validated)
    {
        _ = validated;
        BankCode = bankCode;
        BranchCode = branchCode;
        Type = type;
        Number = number;
        HolderKana = holderKana;
    }

    /// <summary>金融機関コード: four ASCII digits.</summary>
    public string BankCode { get; }

    /// <summary>支店コード: three ASCII digits.</summary>
    public string BranchCode { get; }

    /// <summary>預金種目.</summary>
    public AccountType Type { get; }

    /// <summary>口座番号: seven ASCII digits.</summary>
    public string Number { get; }

    /// <summary>口座名義 in full-width katakana (or upper-case romaji), one space between names.</summary>
    public string HolderKana { get; }

    /// <summary>The holder's name as the Zengin file writes it (half-width kana, no small kana).</summary>
    [JsonIgnore]
    public string HolderZengin => ZenginKana.ToZenginKana(HolderKana);

    /// <summary>A form safe for logs and the claimant's status page: bank, branch, type and the last three digits.</summary>
    [JsonIgnore]
    public string Masked => string.Create(CultureInfo.InvariantCulture, $"{BankCode}-{BranchCode} {Label(Type).Ja} ****{Number[^3..]}");

    /// <summary>
    /// Validates user input: digits may be full-width and grouped by spaces or hyphens, the type may be 普通/当座/貯蓄,
    /// ordinary/current/savings or the code 1/2/4, the holder may be hiragana, katakana of any width or romaji.
    /// </summary>
    public static bool TryCreate(
        string? bankCode,
        string? branchCode,
        string? type,
        string? number,
        string? holderKana,
        [NotNullWhen(true)] out BankAccount? account,
        out IReadOnlyList<BankAccountError> errors)
    {
        var problems = new List<BankAccountError>();
        var bank = Digits(bankCode, 4, "bankCode", "金融機関コード", "bank code", problems);
        var branch = Digits(branchCode, 3, "branchCode", "支店コード", "branch code", problems);
        var accountNumber = Digits(number, 7, "number", "口座番号", "account number", problems);
        if (!TryParseType(type, out var accountType))
        {
            problems.Add(new("type", new(
                "預金種目は「普通」「当座」「貯蓄」のいずれかを選んでください。",
                "Choose the account type: ordinary (普通), current (当座) or savings (貯蓄).")));
        }
        var holder = KanaNames.ToKatakana(holderKana ?? "");
        if (holder.Length == 0)
        {
            problems.Add(new("holderKana", new("口座名義(カナ)を入力してください。", "Enter the account holder's name in kana.")));
        }
        else if (!ZenginKana.TryToZenginKana(holder, out var zengin, out _))
        {
            // The first character with no Zengin form, for a message the claimant can act on (separators convert to nothing alone).
            var invalid = holder.FirstOrDefault(c => !char.IsWhiteSpace(c) && c != '・' && !ZenginKana.TryToZenginKana(c.ToString(), out _, out _));
            problems.Add(new("holderKana", new(
                $"口座名義に使えない文字「{invalid}」があります。カナで入力してください。",
                $"The holder name contains '{invalid}', which banks do not accept: enter it in kana.")));
        }
        else if (zengin.Length > MaxHolderLength)
        {
            problems.Add(new("holderKana", new(
                $"口座名義は半角{MaxHolderLength}文字以内にしてください(濁点も1文字)。",
                $"The holder name must fit {MaxHolderLength} half-width characters (voiced marks count as one).")));
        }
        else if (!holder.Any(c => c is (>= 'ァ' and <= 'ヺ') or (>= 'A' and <= 'Z')))
        {
            problems.Add(new("holderKana", new("口座名義(カナ)を入力してください。", "Enter the account holder's name in kana.")));
        }
        errors = problems;
        if (problems.Count > 0)
        {
            account = null;
            return false;
        }
        account = new BankAccount(bank!, branch!, accountType, accountNumber!, holder, validated: true);
        return true;
    }

    /// <summary>Reads 普通/当座/貯蓄, ordinary/current/savings (any case), 1/2/4, or the enum name.</summary>
    public static bool TryParseType(string? text, out AccountType type)
    {
        type = default;
        var t = text?.Normalize(NormalizationForm.FormKC).Trim().ToUpperInvariant();
        AccountType? parsed = t switch
        {
            "普通" or "ORDINARY" or "1" => AccountType.Ordinary,
            "当座" or "CURRENT" or "CHECKING" or "2" => AccountType.Current,
            "貯蓄" or "SAVINGS" or "4" => AccountType.Savings,
            _ => null,
        };
        if (parsed is { } p)
        {
            type = p;
            return true;
        }
        return false;
    }

    /// <summary>The display label of a deposit type.</summary>
    public static LocalizedText Label(AccountType type) => type switch
    {
        AccountType.Ordinary => new("普通", "Ordinary"),
        AccountType.Current => new("当座", "Current"),
        AccountType.Savings => new("貯蓄", "Savings"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown account type."),
    };

    /// <summary>Masked: the full number is personal data.</summary>
    public override string ToString() => Masked;

    private static string? Digits(string? text, int length, string field, string ja, string en, List<BankAccountError> problems)
    {
        var digits = new StringBuilder(length);
        var ok = !string.IsNullOrWhiteSpace(text);
        foreach (var c in (text ?? "").Normalize(NormalizationForm.FormKC))
        {
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '\u2010' or '\u2212' or '\u30FC'))
            {
                ok = false;
            }
        }
        if (ok && digits.Length == length)
        {
            return digits.ToString();
        }
        problems.Add(new(field, new(
            $"{ja}は{length}桁の数字で入力してください。",
            $"The {en} must be {length} digits.")));
        return null;
    }
}
