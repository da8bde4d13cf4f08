using System.Text;

namespace Reimburse.Customers;

/// <summary>The fields of an affected-customer file.</summary>
public enum CustomerField
{
    CustomerId,
    Name,
    NameKana,
    Email,
    Phone,
    PostalCode,
    Address,
    CardLeaked,
    Cards,
    LeakedData,
}

/// <summary>
/// Maps a file's header to <see cref="CustomerField"/>s by name, in English or Japanese, ignoring case, width,
/// spaces, '_' and '-' (so <c>Customer ID</c>, <c>customer_id</c> and <c>顧客番号</c> all mean the customer id).
/// </summary>
public sealed class CustomerColumns
{
    private static readonly (CustomerField Field, string Canonical, bool Required, string[] Aliases)[] Known =
    [
        (CustomerField.CustomerId, "customer_id", true, ["customerid", "customerno", "customernumber", "id", "顧客id", "顧客番号", "顧客no", "会員id", "会員番号", "お客様番号"]),
        (CustomerField.Name, "name", true, ["name", "namekanji", "fullname", "氏名", "名前", "お名前", "氏名漢字", "氏名(漢字)"]),
        (CustomerField.NameKana, "name_kana", false, ["namekana", "kana", "furigana", "フリガナ", "ふりがな", "氏名カナ", "氏名(カナ)", "カナ", "カナ氏名"]),
        (CustomerField.Email, "email", false, ["email", "mail", "emailaddress", "mailaddress", "メールアドレス", "メール", "eメール"]),
        (CustomerField.Phone, "phone", false, ["phone", "tel", "telephone", "phonenumber", "電話番号", "電話", "tel番号"]),
        (CustomerField.PostalCode, "postal_code", true, ["postalcode", "postcode", "zip", "zipcode", "郵便番号", "〒"]),
        (CustomerField.Address, "address", false, ["address", "住所", "ご住所"]),
        (CustomerField.CardLeaked, "card_leaked", true, ["cardleaked", "carddataleaked", "cardexposed", "カード情報流出", "カード流出", "カード情報漏洩", "カード漏洩"]),
        (CustomerField.Cards, "cards", false, ["cards", "leakedcards", "card", "流出カード", "漏洩カード", "カード"]),
        (CustomerField.LeakedData, "leaked_data", false, ["leakeddata", "datacategories", "leakedcategories", "流出情報", "漏洩情報", "流出した情報"]),
    ];

    private readonly int[] _index;

    private CustomerColumns(int[] index, int width, IReadOnlyList<string> ignored)
    {
        _index = index;
        Width = width;
        Ignored = ignored;
    }

    /// <summary>How many fields every row must have: the header's.</summary>
    public int Width { get; }

    /// <summary>Header names that mean nothing to the import; their values are not read.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>The canonical English name of a field, as used in error reports.</summary>
    public static string NameOf(CustomerField field) => Known[(int)field].Canonical;

    /// <summary>Maps <paramref name="header"/>; throws <see cref="CsvFormatException"/> when it cannot be a customer file's header.</summary>
    public static CustomerColumns FromHeader(CsvRecord header)
    {
        var index = Enumerable.Repeat(-1, Known.Length).ToArray();
        var ignored = new List<string>();
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var raw = header.Fields[i];
            var folded = Fold(raw);
            var match = Array.FindIndex(Known, k => k.Aliases.Contains(folded, StringComparer.Ordinal));
            if (match < 0)
            {
                if (folded.Length > 0)
                {
                    ignored.Add(raw.Trim());
                }
                continue;
            }
            if (index[match] >= 0)
            {
                throw new CsvFormatException(header.Line,
                    $"columns {index[match] + 1} (\"{header.Fields[index[match]].Trim()}\") and {i + 1} (\"{raw.Trim()}\") both mean {Known[match].Canonical}; keep one.");
            }
            index[match] = i;
        }
        if (index.All(i => i < 0))
        {
            throw new CsvFormatException(header.Line,
                "this is not a header: none of its columns is a known name. The first line must name the columns, e.g. " +
                string.Join(",", Known.Select(k => k.Canonical)) + " (Japanese names such as 顧客番号,氏名,郵便番号 work too).");
        }
        var missing = Known.Where((k, i) => k.Required && index[i] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new CsvFormatException(header.Line,
                "the header has no column for " + string.Join(", ", missing.Select(m =>
                    $"{m.Canonical} (accepted names: {string.Join(", ", m.Aliases.Where(a => a.Any(c => c > 127)).Prepend(m.Canonical))})")) + ".");
        }
        return new CustomerColumns(index, header.Fields.Count, ignored);
    }

    /// <summary>The value of <paramref name="field"/> in <paramref name="record"/> (trimmed), or null when the column is absent or empty.</summary>
    public string? Get(CsvRecord record, CustomerField field)
    {
        var i = _index[(int)field];
        if (i < 0 || i >= record.Fields.Count)
        {
            return null;
        }
        var value = record.Fields[i].Trim().Trim('\u3000');
        return value.Length == 0 ? null : value;
    }

    /// <summary>True when the file has a column for <paramref name="field"/>.</summary>
    public bool Has(CustomerField field) => _index[(int)field] >= 0;

    private static string Fold(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c) && c is not '_' and not '-' and not '.' and not '\ufeff')
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
