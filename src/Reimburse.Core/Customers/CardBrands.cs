using System.Text;

namespace Reimburse.Customers;

/// <summary>The card brands an affected-customer list may name, with the spellings Japanese exports use.</summary>
public static class CardBrands
{
    public const string Visa = "VISA";
    public const string Mastercard = "MASTERCARD";
    public const string Jcb = "JCB";
    public const string Amex = "AMEX";
    public const string Diners = "DINERS";
    public const string Discover = "DISCOVER";
    public const string UnionPay = "UNIONPAY";

    /// <summary>The canonical brand names.</summary>
    public static IReadOnlyList<string> All { get; } = [Visa, Mastercard, Jcb, Amex, Diners, Discover, UnionPay];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["VISA"] = Visa,
        ["ビザ"] = Visa,
        ["MASTERCARD"] = Mastercard,
        ["MASTER"] = Mastercard,
        ["MC"] = Mastercard,
        ["マスター"] = Mastercard,
        ["マスターカード"] = Mastercard,
        ["JCB"] = Jcb,
        ["AMEX"] = Amex,
        ["AMERICANEXPRESS"] = Amex,
        ["アメックス"] = Amex,
        ["アメリカンエキスプレス"] = Amex,
        ["DINERS"] = Diners,
        ["DINERSCLUB"] = Diners,
        ["ダイナース"] = Diners,
        ["ダイナースクラブ"] = Diners,
        ["DISCOVER"] = Discover,
        ["ディスカバー"] = Discover,
        ["UNIONPAY"] = UnionPay,
        ["CUP"] = UnionPay,
        ["銀聯"] = UnionPay,
        ["銀联"] = UnionPay,
    };

    /// <summary>The canonical name for <paramref name="value"/> (case, width and spaces ignored), or null when unknown.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var folded = value.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c) && c is not '-' and not '_' and not '.' and not '・')
            {
                sb.Append(c);
            }
        }
        return Aliases.GetValueOrDefault(sb.ToString());
    }
}
