using System.Text;
using Reimburse.Privacy;

namespace Reimburse.Customers;

/// <summary>What happened to a row: rejected (not imported) or imported after a full card number was masked.</summary>
public enum RowIssueKind
{
    Rejected,
    Masked,
}

/// <summary>One problem with one row, in words an operator can act on. Never contains the offending value when it may be personal data.</summary>
public sealed record RowIssue(CustomerField? Field, string Reason, RowIssueKind Kind);

/// <summary>One data row of an affected-customer file after validation.</summary>
/// <param name="Line">Physical line the row starts on (1-based; the header is line 1).</param>
/// <param name="CustomerId">The row's customer id, when it has a usable one (for the error report).</param>
/// <param name="Customer">The validated customer; null when the row is rejected or malformed.</param>
/// <param name="Issues">Why it was rejected, or what was masked.</param>
/// <param name="Malformed">Set when the row breaks the file's structure (wrong number of fields): the file cannot be imported.</param>
public sealed record CustomerRow(long Line, string? CustomerId, AffectedCustomer? Customer, IReadOnlyList<RowIssue> Issues, string? Malformed = null)
{
    public bool IsRejected => Customer is null && Malformed is null;
}

/// <summary>Validates and normalises one row of an affected-customer file.</summary>
public static class CustomerRowParser
{
    /// <summary>Longest customer id: it becomes a Table row key (limit 1 KiB) and appears in reports.</summary>
    public const int MaxCustomerIdLength = 100;

    private static readonly string[] TrueWords = ["true", "yes", "y", "1", "はい", "あり", "有", "○", "◯", "済"];
    private static readonly string[] FalseWords = ["false", "no", "n", "0", "いいえ", "なし", "無", "×", "-"];

    private static readonly Dictionary<string, string> CategoryAliases = new(StringComparer.Ordinal)
    {
        ["name"] = DataCategories.Name,
        ["氏名"] = DataCategories.Name,
        ["名前"] = DataCategories.Name,
        ["address"] = DataCategories.Address,
        ["住所"] = DataCategories.Address,
        ["phone"] = DataCategories.Phone,
        ["tel"] = DataCategories.Phone,
        ["電話"] = DataCategories.Phone,
        ["電話番号"] = DataCategories.Phone,
        ["email"] = DataCategories.Email,
        ["mail"] = DataCategories.Email,
        ["メール"] = DataCategories.Email,
        ["メールアドレス"] = DataCategories.Email,
        ["card"] = DataCategories.Card,
        ["カード"] = DataCategories.Card,
        ["カード情報"] = DataCategories.Card,
        ["クレジットカード"] = DataCategories.Card,
    };

    private static readonly string[] CategoryOrder =
        [DataCategories.Name, DataCategories.Address, DataCategories.Phone, DataCategories.Email, DataCategories.Card];

    /// <summary>Validates <paramref name="record"/> against <paramref name="columns"/> for <paramref name="incidentId"/>.</summary>
    public static CustomerRow Parse(CustomerColumns columns, CsvRecord record, string incidentId)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (record.Fields.Count != columns.Width)
        {
            return new CustomerRow(record.Line, null, null, [],
                $"has {record.Fields.Count} fields, the header has {columns.Width} (a missing or extra comma, or an unquoted comma inside a value).");
        }
        var issues = new List<RowIssue>();

        string? Read(CustomerField field)
        {
            var value = columns.Get(record, field);
            if (value is null || field == CustomerField.Cards)
            {
                return value;
            }
            var redacted = CardNumbers.Redact(value, out var masked);
            if (masked > 0)
            {
                issues.Add(new RowIssue(field, "a full card number was found and masked to its last 4 digits.", RowIssueKind.Masked));
            }
            return redacted;
        }

        void Reject(CustomerField field, string reason) => issues.Add(new RowIssue(field, reason, RowIssueKind.Rejected));

        var customerId = Read(CustomerField.CustomerId);
        string? usableId = null;
        if (customerId is null)
        {
            Reject(CustomerField.CustomerId, "customer_id is missing.");
        }
        else if (issues.Count > 0)
        {
            Reject(CustomerField.CustomerId, "customer_id contains a card number; use the customer's account id.");
        }
        else if (customerId.Length > MaxCustomerIdLength)
        {
            Reject(CustomerField.CustomerId, $"customer_id is longer than {MaxCustomerIdLength} characters.");
        }
        else if (!IsValidCustomerId(customerId))
        {
            Reject(CustomerField.CustomerId, "customer_id contains a character that is not allowed (/ \\ # ? or a control character).");
        }
        else
        {
            usableId = customerId;
        }

        var name = CollapseSpaces(Read(CustomerField.Name));
        if (name is null)
        {
            Reject(CustomerField.Name, "name is missing.");
        }
        else if (name.Length > 100)
        {
            Reject(CustomerField.Name, "name is longer than 100 characters.");
        }

        var kana = Read(CustomerField.NameKana);
        string? normalizedKana = null;
        if (kana is not null)
        {
            normalizedKana = NormalizeKana(kana);
            if (normalizedKana is null)
            {
                Reject(CustomerField.NameKana, "name_kana must be written in katakana or hiragana only.");
            }
        }

        var email = Read(CustomerField.Email);
        string? normalizedEmail = null;
        if (email is not null)
        {
            normalizedEmail = NormalizeEmail(email);
            if (normalizedEmail is null)
            {
                Reject(CustomerField.Email, "email is not a valid address (expected name@example.jp).");
            }
        }

        var phone = Read(CustomerField.Phone);
        string? normalizedPhone = null;
        if (phone is not null)
        {
            normalizedPhone = NormalizePhone(phone);
            if (normalizedPhone is null)
            {
                Reject(CustomerField.Phone, "phone is not a Japanese phone number (10 or 11 digits starting with 0, or +81).");
            }
        }

        var postal = Read(CustomerField.PostalCode);
        var normalizedPostal = PostalCodes.Normalize(postal);
        if (postal is null)
        {
            Reject(CustomerField.PostalCode, "postal_code is missing; it is the second factor of the eligibility check.");
        }
        else if (normalizedPostal is null)
        {
            Reject(CustomerField.PostalCode, "postal_code must be 7 digits (e.g. 123-4567).");
        }

        var address = Read(CustomerField.Address);
        if (address is { Length: > 300 })
        {
            Reject(CustomerField.Address, "address is longer than 300 characters.");
        }
        if (address is null && email is null)
        {
            Reject(CustomerField.Address, "the row has neither an address nor an email: the notice cannot reach this customer.");
        }

        var cardLeakedText = Read(CustomerField.CardLeaked);
        bool? cardLeaked = null;
        if (cardLeakedText is null)
        {
            Reject(CustomerField.CardLeaked, "card_leaked is empty; write true or false (あり / なし).");
        }
        else
        {
            cardLeaked = ParseFlag(cardLeakedText);
            if (cardLeaked is null)
            {
                Reject(CustomerField.CardLeaked, $"card_leaked has an unknown value \"{Short(cardLeakedText)}\"; write true or false (あり / なし).");
            }
        }

        var cards = ParseCards(columns.Get(record, CustomerField.Cards), issues);
        if (cardLeaked == false && cards.Count > 0)
        {
            Reject(CustomerField.Cards, "cards are listed but card_leaked is false; correct one of them.");
        }

        var categories = ParseCategories(Read(CustomerField.LeakedData), issues, name, address, normalizedPhone, normalizedEmail, cardLeaked == true);
        if (cardLeaked == false && categories.Contains(DataCategories.Card))
        {
            Reject(CustomerField.LeakedData, "leaked_data includes card but card_leaked is false; correct one of them.");
        }

        if (issues.Any(i => i.Kind == RowIssueKind.Rejected))
        {
            return new CustomerRow(record.Line, usableId, null, issues);
        }
        var customer = new AffectedCustomer(
            incidentId, usableId!, name!, normalizedKana ?? "", normalizedEmail, normalizedPhone, normalizedPostal!,
            address ?? "", cardLeaked!.Value, cards, categories);
        return new CustomerRow(record.Line, usableId, customer, issues);
    }

    /// <summary>
    /// True when <paramref name="customerId"/> can be a customer id: 1–100 characters, none of <c>/ \ # ?</c> and no
    /// control character (it becomes a Table row key).
    /// </summary>
    public static bool IsValidCustomerId(string? customerId) =>
        customerId is { Length: > 0 and <= MaxCustomerIdLength } && !customerId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?');

    /// <summary>Full-width katakana with single full-width spaces, or null when the text is not kana.</summary>
    public static string? NormalizeKana(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // NFKC turns half-width katakana (ｶﾞ) into full-width (ガ).
        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            var k = c is >= 'ぁ' and <= 'ゖ' ? (char)(c + ('ァ' - 'ぁ')) : c;
            if (k is not (>= 'ァ' and <= 'ヺ') and not 'ー' and not '・' and not 'ヽ' and not 'ヾ')
            {
                return null;
            }
            if (space)
            {
                sb.Append('\u3000');
                space = false;
            }
            sb.Append(k);
        }
        return sb.Length > 0 ? sb.ToString() : null;
    }

    /// <summary>The address in half-width form, or null when it is not a plausible email address.</summary>
    public static string? NormalizeEmail(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var email = text.Normalize(NormalizationForm.FormKC).Trim();
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (email.Length > 254 || at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1)
        {
            return null;
        }
        if (email.Any(c => c <= ' ' || c > '~' || c is '(' or ')' or ',' or ';' or ':' or '<' or '>' or '[' or ']' or '"' or '\\'))
        {
            return null;
        }
        var domain = email[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }
        return email[..at] + "@" + domain.ToLowerInvariant();
    }

    /// <summary>The number's digits (<c>0312345678</c>), or null when it is not a Japanese phone number.</summary>
    public static string? NormalizePhone(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (char.IsAsciiDigit(c))
            {
                sb.Append(c);
            }
            else if (c == '+' && sb.Length == 0 && folded.AsSpan(i + 1).StartsWith("81"))
            {
                sb.Append('0');
                i += 2;
            }
            else if (c is not ' ' and not '-' and not '(' and not ')' and not '‐' and not 'ー' and not '−' and not '‑')
            {
                return null;
            }
        }
        return sb.Length is 10 or 11 && sb[0] == '0' ? sb.ToString() : null;
    }

    private static List<LeakedCard> ParseCards(string? text, List<RowIssue> issues)
    {
        var cards = new List<LeakedCard>();
        if (text is null)
        {
            return cards;
        }
        var masked = false;
        foreach (var entry in text.Split([';', '|', '、', '\n', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "VISA:1234", "VISA 1234", "JCB ****-****-****-1234", or a full number a careless export left in.
            var digitsStart = entry.AsSpan().IndexOfAny("0123456789０１２３４５６７８９*＊".AsSpan());
            var brandText = (digitsStart < 0 ? entry : entry[..digitsStart]).TrimEnd(' ', ':', '：', '　', '-', '/');
            var numberText = digitsStart < 0 ? "" : entry[digitsStart..];
            var brand = CardBrands.Normalize(brandText);
            var digitCount = numberText.Count(c => c is >= '0' and <= '9' or >= '０' and <= '９');
            if (brand is null)
            {
                issues.Add(new RowIssue(CustomerField.Cards,
                    $"unknown card brand \"{Short(brandText)}\"; known brands: {string.Join(", ", CardBrands.All)}.", RowIssueKind.Rejected));
                continue;
            }
            var last4 = CardNumbers.Last4(numberText);
            if (last4 is null)
            {
                issues.Add(new RowIssue(CustomerField.Cards, $"the {brand} card has no last 4 digits (write e.g. {brand}:1234).", RowIssueKind.Rejected));
                continue;
            }
            if (digitCount > 4)
            {
                masked = true;
            }
            if (!cards.Contains(new LeakedCard(brand, last4)))
            {
                cards.Add(new LeakedCard(brand, last4));
            }
        }
        if (masked)
        {
            issues.Add(new RowIssue(CustomerField.Cards, "a full card number was found and masked to its last 4 digits.", RowIssueKind.Masked));
        }
        return cards;
    }

    private static List<string> ParseCategories(string? text, List<RowIssue> issues, string? name, string? address, string? phone, string? email, bool cardLeaked)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (text is null)
        {
            // Not stated: what the company held for this customer is what leaked.
            if (name is not null)
            {
                found.Add(DataCategories.Name);
            }
            if (address is not null)
            {
                found.Add(DataCategories.Address);
            }
            if (phone is not null)
            {
                found.Add(DataCategories.Phone);
            }
            if (email is not null)
            {
                found.Add(DataCategories.Email);
            }
        }
        else
        {
            foreach (var part in text.Split([';', '|', '、', ' ', '　', '/', '・'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var key = part.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
                if (CategoryAliases.TryGetValue(key, out var category))
                {
                    found.Add(category);
                }
                else
                {
                    issues.Add(new RowIssue(CustomerField.LeakedData,
                        $"leaked_data has an unknown value \"{Short(part)}\"; use name, address, phone, email, card (氏名, 住所, 電話番号, メールアドレス, カード).", RowIssueKind.Rejected));
                }
            }
        }
        if (cardLeaked)
        {
            found.Add(DataCategories.Card);
        }
        return [.. CategoryOrder.Where(found.Contains)];
    }

    private static bool? ParseFlag(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
        return TrueWords.Contains(folded, StringComparer.Ordinal) ? true
            : FalseWords.Contains(folded, StringComparer.Ordinal) ? false
            : null;
    }

    private static string? CollapseSpaces(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
            {
                sb.Append('\u3000');
                space = false;
            }
            sb.Append(c);
        }
        return sb.Length > 0 ? sb.ToString() : null;
    }

    // Echoes an enumerated value back to the operator without turning the report into a copy of the data.
    private static string Short(string value)
    {
        var redacted = CardNumbers.Redact(value);
        return redacted.Length <= 20 ? redacted : redacted[..20] + "…";
    }
}
