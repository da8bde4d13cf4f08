using System.Globalization;
using Reimburse.Banking;
using Reimburse.Japanese;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Statements;
using Reimburse.Text;

namespace Reimburse.Functions.Intake;

/// <summary>The fields of a claim submission, checked.</summary>
public sealed record ClaimFields(DateOnly ReissuedOn, Yen DeclaredFee, string CardLast4, BankAccount PayoutAccount);

/// <summary>A payout account as the claimant types it (JSON body of <c>PUT /api/claims/{id}/bank-account</c>, or form fields).</summary>
public sealed record BankAccountInput(string? BankCode, string? BranchCode, string? AccountType, string? AccountNumber, string? AccountHolder);

/// <summary>
/// Reads the claimant's form fields with the leniency Japanese forms need (full-width digits, "1,100円", wareki
/// dates such as 令和8年5月1日, 普通/当座/貯蓄, hiragana or half-width kana names) and reports every problem at once,
/// per field, in Japanese and English. Bank and branch codes are checked against the Zengin code list.
/// </summary>
public sealed class ClaimForms(IBankDirectory banks, TimeProvider time, Microsoft.Extensions.Options.IOptions<IntakeOptions> options)
{
    public const string ReissueDate = "reissueDate";
    public const string DeclaredFee = "declaredFee";
    public const string CardLast4 = "cardLast4";
    public const string BankCode = "bankCode";
    public const string BranchCode = "branchCode";
    public const string AccountType = "accountType";
    public const string AccountNumber = "accountNumber";
    public const string AccountHolder = "accountHolder";
    public const string Note = "note";
    public const string RequestId = "requestId";

    /// <summary>The submission's fields; throws <see cref="IntakeException"/> (400) listing every field's problem.</summary>
    public ClaimFields ReadSubmission(Func<string, string?> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var errors = new Dictionary<string, List<LocalizedText>>(StringComparer.Ordinal);
        var reissued = ReadDate(field(ReissueDate), errors);
        var fee = ReadFee(field(DeclaredFee), errors);
        var last4 = ReadLast4(field(CardLast4), errors);
        var account = ReadAccount(new BankAccountInput(field(BankCode), field(BranchCode), field(AccountType), field(AccountNumber), field(AccountHolder)), errors);
        ThrowIfAny(errors);
        return new ClaimFields(reissued!.Value, fee!.Value, last4!, account!);
    }

    /// <summary>A payout account; throws <see cref="IntakeException"/> (400) listing every field's problem.</summary>
    public BankAccount ReadBankAccount(BankAccountInput? input)
    {
        var errors = new Dictionary<string, List<LocalizedText>>(StringComparer.Ordinal);
        var account = ReadAccount(input ?? new BankAccountInput(null, null, null, null, null), errors);
        ThrowIfAny(errors);
        return account!;
    }

    private DateOnly? ReadDate(string? text, Dictionary<string, List<LocalizedText>> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Add(errors, ReissueDate, "カードの再発行日を入力してください。", "Enter the day the card was reissued.");
            return null;
        }
        if (!Wareki.TryParse(text, out var date))
        {
            Add(errors, ReissueDate, "再発行日は 2026-05-01 または 令和8年5月1日 の形で入力してください。", "Enter the reissue date as 2026-05-01 (or 令和8年5月1日).");
            return null;
        }
        if (date > TokyoTime.DateOf(time.GetUtcNow()))
        {
            Add(errors, ReissueDate, "再発行日が未来の日付になっています。", "The reissue date is in the future.");
            return null;
        }
        return date;
    }

    private Yen? ReadFee(string? text, Dictionary<string, List<LocalizedText>> errors)
    {
        var max = options.Value.MaxDeclaredFee;
        if (!JapaneseAmounts.TryParse(text, out var fee) || fee <= Yen.Zero)
        {
            Add(errors, DeclaredFee, "お支払いになった再発行手数料を円で入力してください(例: 1100)。", "Enter the reissue fee you paid, in yen (e.g. 1100).");
            return null;
        }
        if (fee.Amount > max)
        {
            Add(errors, DeclaredFee, $"手数料が大きすぎます({max:#,0}円以下)。金額を確認してください。", $"The fee is too large (at most ¥{max:#,0}); check the amount.");
            return null;
        }
        return fee;
    }

    private static string? ReadLast4(string? text, Dictionary<string, List<LocalizedText>> errors)
    {
        var digits = Width.Normalize(text ?? "").Trim();
        if (digits.Length != 4 || !digits.All(char.IsAsciiDigit))
        {
            Add(errors, CardLast4, "カード番号の下4桁を数字4桁で入力してください(カード番号全体は入力しないでください)。", "Enter the last four digits of the card (never the whole number).");
            return null;
        }
        return digits;
    }

    private BankAccount? ReadAccount(BankAccountInput input, Dictionary<string, List<LocalizedText>> errors)
    {
        if (!BankAccount.TryCreate(input.BankCode, input.BranchCode, input.AccountType, input.AccountNumber, input.AccountHolder, out var account, out var problems))
        {
            foreach (var problem in problems)
            {
                var field = problem.Field switch
                {
                    "type" => AccountType,
                    "number" => AccountNumber,
                    "holderKana" => AccountHolder,
                    var other => other,
                };
                errors.TryAdd(field, []);
                errors[field].Add(problem.Message);
            }
            return null;
        }
        if (banks.FindBank(account.BankCode) is null)
        {
            Add(errors, BankCode, $"金融機関コード {account.BankCode} は見つかりません。通帳やキャッシュカードで確認してください。", $"There is no bank with code {account.BankCode}; check your passbook or card.");
            return null;
        }
        if (banks.FindBranch(account.BankCode, account.BranchCode) is null)
        {
            Add(errors, BranchCode, $"支店コード {account.BranchCode} はこの金融機関にありません。", $"The bank has no branch with code {account.BranchCode}.");
            return null;
        }
        return account;
    }

    private static void Add(Dictionary<string, List<LocalizedText>> errors, string field, string ja, string en)
    {
        errors.TryAdd(field, []);
        errors[field].Add(new LocalizedText(ja, en));
    }

    private static void ThrowIfAny(Dictionary<string, List<LocalizedText>> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }
        var fields = string.Join(", ", errors.Keys);
        throw new IntakeException(StatusCodes.Status400BadRequest, IntakeErrors.InvalidInput,
            new LocalizedText("入力内容を確認してください: " + string.Join("、", errors.Keys.Select(JapaneseLabel)) + "。", "Check these fields: " + fields + "."),
            errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }

    private static string JapaneseLabel(string field) => field switch
    {
        ReissueDate => "再発行日",
        DeclaredFee => "手数料",
        CardLast4 => "カード番号下4桁",
        BankCode => "金融機関コード",
        BranchCode => "支店コード",
        AccountType => "預金種目",
        AccountNumber => "口座番号",
        AccountHolder => "口座名義",
        _ => field,
    };
}
