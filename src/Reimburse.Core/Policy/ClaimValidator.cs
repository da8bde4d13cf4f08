using Reimburse.Customers;
using Reimburse.Japanese;
using Reimburse.Money;
using Reimburse.Statements;
using Reimburse.Text;

namespace Reimburse.Policy;

/// <summary>
/// Evaluates every policy rule for a claim. Pure: all inputs (customer, incident, facts per document, duplicate
/// lookups) are passed in, and the same input always gives the same report.
/// </summary>
public static class ClaimValidator
{
    /// <summary>Evaluates every rule of <see cref="PolicyRules.All"/> and concludes.</summary>
    public static ValidationReport Validate(ValidationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = new Context(input);
        var results = new List<RuleResult>();
        results.Add(CustomerAffected(context));
        results.Add(CardLeaked(context));
        results.Add(ClaimWindow(context));
        results.AddRange(DocumentReadable(context));
        results.AddRange(FeeStatement(context));
        results.AddRange(Confidence(context));
        results.Add(FeePresent(context));
        results.Add(FeeWaived(context));
        results.Add(IssuerWaives(context));
        results.Add(FeeCap(context));
        results.Add(DeclaredAmount(context));
        results.Add(CardLast4(context));
        results.Add(HolderName(context));
        results.AddRange(DuplicateDocument(context));
        results.Add(OnePerCard(context));
        results.Add(PayoutHolder(context));
        results.Add(AutoApprovalLimit(context));
        return new ValidationReport(results, context.RefundAmount, Conclude(results, input.MayAskClaimant));
    }

    /// <summary>
    /// The rules a corrected payout account must pass before an approved refund is paid again: only
    /// <see cref="PolicyRules.PayoutHolder"/> today (the bank directory check comes through <c>RejectBankAccount</c>).
    /// </summary>
    public static IReadOnlyList<RuleResult> ValidatePayout(ValidationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return [PayoutHolder(new Context(input))];
    }

    /// <summary>
    /// The conclusion from rule results: reject on any hard failure; approve when every rule passed; ask the
    /// claimant when a document problem they can fix failed and they may still be asked; escalate otherwise.
    /// </summary>
    public static ValidationOutcome Conclude(IReadOnlyList<RuleResult> results, bool mayAskClaimant)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            // No results means nothing was checked: never an approval.
            return ValidationOutcome.Escalate;
        }
        if (results.Any(r => r.IsHardFailure))
        {
            return ValidationOutcome.Reject;
        }
        if (results.All(r => r.Passed))
        {
            return ValidationOutcome.Approve;
        }
        if (mayAskClaimant && results.Any(r => !r.Passed && PolicyRules.Find(r.Code)?.ClaimantCanFix == true))
        {
            return ValidationOutcome.AskClaimant;
        }
        return ValidationOutcome.Escalate;
    }

    private static RuleResult CustomerAffected(Context c)
    {
        var rule = PolicyRules.CustomerAffected;
        return c.Customer is { } customer
            && string.Equals(customer.IncidentId, c.Input.Incident.Id, StringComparison.Ordinal)
            && string.Equals(customer.CustomerId, c.Claim.CustomerId, StringComparison.Ordinal)
            ? RuleResult.Pass(rule, new("漏えいの対象となったお客さまです。", "The customer is on the affected list."))
            : RuleResult.Fail(rule, new(
                "今回の漏えいの対象となったお客さまとして確認できませんでした。",
                "The customer is not on this incident's affected list."));
    }

    private static RuleResult CardLeaked(Context c)
    {
        var rule = PolicyRules.CardLeaked;
        if (c.Customer is not { } customer)
        {
            return RuleResult.Fail(rule, CustomerUnknown, severity: RuleSeverity.Soft);
        }
        if (!customer.CardDataLeaked || customer.Cards.Count == 0)
        {
            return RuleResult.Fail(rule, new(
                "今回の漏えいでお客さまのカード情報は流出していないため、カード再発行手数料は払い戻しの対象外です。",
                "No card data of this customer leaked, so a card reissue fee is not refunded."));
        }
        if (!customer.Cards.Any(card => SameLast4(card.Last4, c.Claim.CardLast4)))
        {
            return RuleResult.Fail(rule, new(
                $"申請されたカード(下4桁 {c.Claim.CardLast4})は、流出したカードに含まれていません。",
                $"The card named on the claim (last four {c.Claim.CardLast4}) is not one of the leaked cards."),
                severity: RuleSeverity.Soft);
        }
        return RuleResult.Pass(rule, new(
            $"カード(下4桁 {c.Claim.CardLast4})の情報が流出しています。",
            $"Data of the card ending {c.Claim.CardLast4} leaked."));
    }

    private static RuleResult ClaimWindow(Context c)
    {
        var rule = PolicyRules.ClaimWindow;
        var incident = c.Input.Incident;
        var reissued = c.Claim.ReissuedOn;
        var submitted = TokyoTime.DateOf(c.Claim.SubmittedAt);
        if (reissued < incident.ExposedFrom)
        {
            return RuleResult.Fail(rule, new(
                $"カードの再発行日({Iso(reissued)})が、情報が流出した可能性のある期間の開始日({Iso(incident.ExposedFrom)})より前です。",
                $"The card was reissued on {Iso(reissued)}, before the exposure began on {Iso(incident.ExposedFrom)}."));
        }
        if (submitted > incident.ClaimsCloseOn)
        {
            return RuleResult.Fail(rule, new(
                $"受付期間({Iso(incident.ClaimsCloseOn)}まで)を過ぎてからの申請です。",
                $"The claim arrived after the claim period closed on {Iso(incident.ClaimsCloseOn)}."));
        }
        if (reissued > submitted || reissued > incident.ClaimsCloseOn)
        {
            return RuleResult.Fail(rule, new(
                $"再発行日({Iso(reissued)})が申請日より後になっています。",
                $"The reissue date {Iso(reissued)} is after the claim was submitted."), severity: RuleSeverity.Soft);
        }
        if (submitted < incident.ClaimsOpenOn)
        {
            return RuleResult.Fail(rule, new(
                $"受付開始日({Iso(incident.ClaimsOpenOn)})より前の申請です。",
                $"The claim arrived before claims opened on {Iso(incident.ClaimsOpenOn)}."), severity: RuleSeverity.Soft);
        }
        var early = c.Readable.FirstOrDefault(d => d.Facts!.StatementDate is { } date && date.Value < incident.ExposedFrom);
        if (early is not null)
        {
            return RuleResult.Fail(rule, new(
                $"明細の日付({Iso(early.Facts!.StatementDate!.Value)})が、流出した可能性のある期間より前です。",
                $"The statement is dated {Iso(early.Facts!.StatementDate!.Value)}, before the exposure began."),
                early.DocumentId, RuleSeverity.Soft);
        }
        return RuleResult.Pass(rule, new(
            $"再発行日({Iso(reissued)})は対象期間内です。",
            $"The reissue on {Iso(reissued)} is inside the claim window."));
    }

    private static IEnumerable<RuleResult> DocumentReadable(Context c)
    {
        var rule = PolicyRules.DocumentReadable;
        if (c.Input.Documents.Count == 0)
        {
            yield return RuleResult.Fail(rule, new("書類が提出されていません。", "No document was submitted."));
            yield break;
        }
        foreach (var document in c.Input.Documents)
        {
            yield return document.Facts is not null
                ? RuleResult.Pass(rule, new("書類を読み取りました。", "The document was read."), document.DocumentId)
                : RuleResult.Fail(rule, Unreadable(document.Failure), document.DocumentId);
        }
    }

    private static IEnumerable<RuleResult> FeeStatement(Context c)
    {
        var rule = PolicyRules.FeeStatement;
        if (c.Readable.Count == 0)
        {
            yield return RuleResult.Fail(rule, NoReadableDocument);
            yield break;
        }
        foreach (var document in c.Readable)
        {
            yield return document.Facts!.LooksLikeFeeStatement.Value
                ? RuleResult.Pass(rule, new("再発行手数料の明細です。", "The document is a reissue-fee statement."), document.DocumentId)
                : RuleResult.Fail(rule, new(
                    "再発行手数料の明細とは読み取れませんでした。カード会社の利用明細など、再発行手数料が記載された書類を提出してください。",
                    "The document does not look like a reissue-fee statement. Send the card company's statement that shows the reissue fee."),
                    document.DocumentId);
        }
    }

    private static IEnumerable<RuleResult> Confidence(Context c)
    {
        var rule = PolicyRules.Confidence;
        if (c.Readable.Count == 0)
        {
            yield return RuleResult.Fail(rule, NoReadableDocument);
            yield break;
        }
        var min = c.Input.Incident.Policy.MinConfidence;
        foreach (var document in c.Readable)
        {
            var f = document.Facts!;
            var low = new List<string>();
            AddIfLow(low, "fee", f.Fee?.Confidence, min);
            AddIfLow(low, "fee line", f.FeeLine?.Confidence, min);
            AddIfLow(low, "statement date", f.StatementDate?.Confidence, min);
            AddIfLow(low, "issuer", f.Issuer?.Confidence, min);
            AddIfLow(low, "card last four", f.CardLast4?.Confidence, min);
            AddIfLow(low, "holder name", f.HolderName?.Confidence, min);
            AddIfLow(low, "statement kind", f.LooksLikeFeeStatement.Confidence, min);
            yield return low.Count == 0
                ? RuleResult.Pass(rule, new("読み取り結果は十分に確かです。", "Every fact was read with enough confidence."), document.DocumentId)
                : RuleResult.Fail(rule, new(
                    "書類の一部(" + string.Join("、", low.Select(JapaneseField)) + ")がはっきり読み取れませんでした。鮮明な画像またはPDFを提出してください。",
                    "Parts of the document (" + string.Join(", ", low) + ") could not be read clearly. Send a sharper image or the PDF."),
                    document.DocumentId);
        }
    }

    private static RuleResult FeePresent(Context c)
    {
        var rule = PolicyRules.FeePresent;
        return c.Readable.Any(d => d.Facts!.Fee is not null || d.Facts.FeeWaived)
            ? RuleResult.Pass(rule, new("再発行手数料の記載があります。", "A reissue fee is on the statement."))
            : RuleResult.Fail(rule, new("再発行手数料の記載が見つかりませんでした。", "No reissue fee was found on the documents."));
    }

    private static RuleResult FeeWaived(Context c)
    {
        var rule = PolicyRules.FeeWaived;
        var waived = c.Readable.Where(d => d.Facts!.FeeWaived || d.Facts.Fee is { Value.IsZero: true }).ToList();
        if (waived.Count == 0)
        {
            return RuleResult.Pass(rule, new("手数料は免除されていません。", "The fee was not waived."));
        }
        var min = c.Input.Incident.Policy.MinConfidence;
        var sure = waived.Any(d => (d.Facts!.Fee?.Confidence ?? d.Facts.LooksLikeFeeStatement.Confidence) >= min);
        var message = new LocalizedText(
            "カード会社が再発行手数料を免除(0円・無料)しているため、お支払いいただいた手数料はなく、払い戻す金額はありません。",
            "The card company waived the reissue fee (¥0 / free of charge), so nothing was paid and there is nothing to refund.");
        // A confident ¥0 with no fee elsewhere means there is nothing to refund; anything less certain goes to a person.
        return sure && c.PositiveFees.Count == 0
            ? RuleResult.Fail(rule, message, waived[0].DocumentId)
            : RuleResult.Fail(rule, message, waived[0].DocumentId, RuleSeverity.Soft);
    }

    private static RuleResult IssuerWaives(Context c)
    {
        var rule = PolicyRules.IssuerWaives;
        var waiving = c.Input.Incident.Policy.IssuersWaivingFee;
        var hit = c.PositiveFees.FirstOrDefault(d => d.Facts!.Issuer is { } issuer && waiving.Contains(issuer.Value, StringComparer.Ordinal));
        if (hit is null)
        {
            return RuleResult.Pass(rule, new("手数料を免除するカード会社の請求ではありません。", "The issuer does not usually waive this fee."));
        }
        var info = Issuers.Find(hit.Facts!.Issuer!.Value);
        var ja = info?.NameJa ?? hit.Facts.Issuer.Value;
        var en = info?.NameEn ?? hit.Facts.Issuer.Value;
        return RuleResult.Fail(rule, new(
            $"{ja}は加盟店の漏えいによる再発行手数料を通常免除しています。請求の内容を確認します。",
            $"{en} usually waives the reissue fee after a merchant breach; the charge needs a check."), hit.DocumentId);
    }

    private static RuleResult FeeCap(Context c)
    {
        var rule = PolicyRules.FeeCap;
        if (c.PositiveFees.Count == 0)
        {
            return RuleResult.Fail(rule, NoFee);
        }
        var policy = c.Input.Incident.Policy;
        foreach (var document in c.PositiveFees)
        {
            var fee = document.Facts!.Fee!.Value;
            var cap = policy.CapFor(document.Facts.Issuer?.Value);
            if (fee > cap)
            {
                return RuleResult.Fail(rule, new(
                    $"手数料 {fee} が上限額 {cap} を超えています。",
                    $"The fee {fee} is above the cap of {cap}."), document.DocumentId);
            }
        }
        return RuleResult.Pass(rule, new("手数料は上限額以下です。", "The fee is within the cap."));
    }

    private static RuleResult DeclaredAmount(Context c)
    {
        var rule = PolicyRules.DeclaredAmount;
        if (c.PositiveFees.Count == 0)
        {
            return RuleResult.Fail(rule, NoFee);
        }
        var declared = c.Claim.DeclaredFee;
        var tolerance = c.Input.Incident.Policy.DeclaredTolerance;
        foreach (var document in c.PositiveFees)
        {
            var fee = document.Facts!.Fee!.Value;
            var difference = fee > declared ? fee - declared : declared - fee;
            if (difference > tolerance)
            {
                return RuleResult.Fail(rule, new(
                    $"申告された手数料 {declared} と明細の金額 {fee} が一致しません。",
                    $"The declared fee {declared} differs from the statement's {fee}."), document.DocumentId);
            }
        }
        return RuleResult.Pass(rule, new("申告額は明細の金額と一致します。", "The declared fee matches the statement."));
    }

    private static RuleResult CardLast4(Context c)
    {
        var rule = PolicyRules.CardLast4;
        if (c.Customer is not { } customer)
        {
            return RuleResult.Fail(rule, CustomerUnknown);
        }
        var printed = c.Readable.Where(d => d.Facts!.CardLast4 is not null).ToList();
        if (printed.Count == 0)
        {
            return RuleResult.Fail(rule, new(
                "明細からカード番号の下4桁を読み取れませんでした。",
                "The card's last four digits could not be read from the statement."));
        }
        foreach (var document in printed)
        {
            var last4 = document.Facts!.CardLast4!.Value;
            if (!SameLast4(last4, c.Claim.CardLast4) || !customer.Cards.Any(card => SameLast4(card.Last4, last4)))
            {
                return RuleResult.Fail(rule, new(
                    $"明細のカード(下4桁 {last4})は、申請されたカードまたは流出したカードと一致しません。",
                    $"The statement's card (last four {last4}) is not the claimed leaked card."), document.DocumentId);
            }
        }
        return RuleResult.Pass(rule, new(
            "明細のカードは流出したカードと一致します。",
            "The statement's card is the leaked card."));
    }

    private static RuleResult HolderName(Context c)
    {
        var rule = PolicyRules.HolderName;
        if (c.Customer is not { } customer)
        {
            return RuleResult.Fail(rule, CustomerUnknown);
        }
        var named = c.Readable.Where(d => d.Facts!.HolderName is not null).ToList();
        if (named.Count == 0)
        {
            return RuleResult.Fail(rule, new(
                "明細から名義を読み取れませんでした。",
                "The holder's name could not be read from the statement."));
        }
        var mismatch = named.FirstOrDefault(d => !KanaNames.Matches(d.Facts!.HolderName!.Value, customer.NameKanji, customer.NameKana));
        return mismatch is null
            ? RuleResult.Pass(rule, new("明細の名義はお客さまの氏名と一致します。", "The holder name is the customer's."))
            : RuleResult.Fail(rule, new(
                "明細の名義がお客さまの氏名と一致しません。",
                "The holder name on the statement is not the customer's."), mismatch.DocumentId);
    }

    private static IEnumerable<RuleResult> DuplicateDocument(Context c)
    {
        var rule = PolicyRules.DuplicateDocument;
        if (c.Input.Documents.Count == 0)
        {
            yield return RuleResult.Fail(rule, new("書類が提出されていません。", "No document was submitted."));
            yield break;
        }
        foreach (var document in c.Input.Documents)
        {
            if (document.SameBytesInClaims.Count > 0)
            {
                var others = string.Join(", ", document.SameBytesInClaims.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                yield return RuleResult.Fail(rule, new(
                    $"同じファイルが別の申請({others})で提出されています。",
                    $"The same file was submitted with another claim ({others})."), document.DocumentId);
            }
            else if (document.SameContentInClaims.Count > 0)
            {
                var others = string.Join(", ", document.SameContentInClaims.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                yield return RuleResult.Fail(rule, new(
                    $"同じ明細(手数料の行・日付・カード下4桁)が別の申請({others})で提出されています。",
                    $"The same statement (fee line, date and last four) was submitted with another claim ({others})."), document.DocumentId);
            }
            else
            {
                yield return RuleResult.Pass(rule, new("他の申請で使われていない書類です。", "The document is not used in another claim."), document.DocumentId);
            }
        }
    }

    private static RuleResult OnePerCard(Context c)
    {
        var rule = PolicyRules.OnePerCard;
        var others = c.Input.OtherClaimsForCard;
        if (others.FirstOrDefault(o => o.Standing == ClaimStanding.Refunded) is { } refunded)
        {
            return RuleResult.Fail(rule, new(
                "このカードの再発行手数料は、別の申請ですでに払い戻し(または承認)されています。",
                $"The fee for this card was already refunded or approved in claim {refunded.ClaimId}."));
        }
        if (others.FirstOrDefault(o => o.Standing == ClaimStanding.Open) is { } open)
        {
            return RuleResult.Fail(rule, new(
                "同じカードについて、別の申請が手続き中です。",
                $"Another claim for the same card is in progress ({open.ClaimId})."), severity: RuleSeverity.Soft);
        }
        return RuleResult.Pass(rule, new("このカードへの払い戻しは初めてです。", "No other refund for this card."));
    }

    private static RuleResult PayoutHolder(Context c)
    {
        var rule = PolicyRules.PayoutHolder;
        if (c.Claim.PayoutAccount is not { } account)
        {
            return RuleResult.Fail(rule, new("振込先口座の情報がありません。", "There is no payout account."));
        }
        if (c.Customer is not { } customer)
        {
            return RuleResult.Fail(rule, CustomerUnknown);
        }
        return KanaNames.Matches(account.HolderKana, customer.NameKanji, customer.NameKana)
            ? RuleResult.Pass(rule, new("振込先口座の名義はお客さまと一致します。", "The payout account holder is the customer."))
            : RuleResult.Fail(rule, new(
                "振込先口座の名義がお客さまの氏名と一致しません。ご本人名義の口座を指定してください。",
                "The payout account is not in the customer's name. Give an account in your own name."));
    }

    private static RuleResult AutoApprovalLimit(Context c)
    {
        var rule = PolicyRules.AutoApprovalLimit;
        var threshold = c.Input.Incident.Policy.FourEyesThreshold;
        if (c.RefundAmount is not { } amount)
        {
            return RuleResult.Fail(rule, NoFee);
        }
        return amount <= threshold
            ? RuleResult.Pass(rule, new($"{amount} は自動承認できる金額です。", $"{amount} may be approved automatically."))
            : RuleResult.Fail(rule, new(
                $"{amount} は自動承認の上限 {threshold} を超えるため、担当者が確認します。",
                $"{amount} is above {threshold}, the most that is approved without reviewers."));
    }

    private static LocalizedText Unreadable(ReadFailure? failure) => failure switch
    {
        ReadFailure.Unsupported => new(
            "この形式のファイルは読み取れません。PDF、JPEG、PNGのいずれかで提出してください。",
            "This file type cannot be read. Send a PDF, JPEG or PNG."),
        ReadFailure.Encrypted => new(
            "パスワードで保護されたファイルは読み取れません。保護を解除したPDFを提出してください。",
            "Password-protected files cannot be read. Send the PDF without protection."),
        ReadFailure.TooLarge => new(
            "ファイルが大きすぎます。ページを減らすか、解像度を下げて提出してください。",
            "The file is too large. Send fewer pages or a smaller image."),
        ReadFailure.Empty => new(
            "ファイルが空でした。再発行手数料が記載された明細を提出してください。",
            "The file was empty. Send the statement that shows the reissue fee."),
        _ => new(
            "書類を読み取れませんでした。明るい場所で撮影した鮮明な画像、またはPDFを提出してください。",
            "The document could not be read. Send a sharp, well-lit photo or the PDF."),
    };

    private static readonly LocalizedText CustomerUnknown = new(
        "お客さまが対象者一覧にないため確認できません。",
        "Cannot be checked: the customer is not on the affected list.");

    private static readonly LocalizedText NoReadableDocument = new(
        "読み取れた書類がないため確認できません。",
        "Cannot be checked: no document could be read.");

    private static readonly LocalizedText NoFee = new(
        "明細から手数料の金額を読み取れなかったため確認できません。",
        "Cannot be checked: no fee amount was read from the statements.");

    private static void AddIfLow(List<string> low, string field, double? confidence, double min)
    {
        if (confidence is { } value && value < min)
        {
            low.Add(field);
        }
    }

    private static string JapaneseField(string field) => field switch
    {
        "fee" => "手数料",
        "fee line" => "手数料の行",
        "statement date" => "日付",
        "issuer" => "カード会社",
        "card last four" => "カード番号下4桁",
        "holder name" => "名義",
        _ => "明細の種類",
    };

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static bool SameLast4(string? a, string? b) =>
        Privacy.CardNumbers.Last4(a) is { } x && string.Equals(x, Privacy.CardNumbers.Last4(b), StringComparison.Ordinal);

    /// <summary>Derived views of the input shared by several rules.</summary>
    private sealed class Context
    {
        public Context(ValidationInput input)
        {
            Input = input;
            Readable = [.. input.Documents.Where(d => d.Facts is not null)];
            PositiveFees = [.. Readable.Where(d => d.Facts!.Fee is { } fee && fee.Value > Yen.Zero)];
            // The amount an approval pays: the fee read with the highest confidence.
            RefundAmount = PositiveFees
                .OrderByDescending(d => d.Facts!.Fee!.Confidence)
                .ThenBy(d => d.DocumentId, StringComparer.Ordinal)
                .Select(d => (Yen?)d.Facts!.Fee!.Value)
                .FirstOrDefault();
        }

        public ValidationInput Input { get; }

        public ClaimDeclaration Claim => Input.Claim;

        public AffectedCustomer? Customer => Input.Customer;

        public IReadOnlyList<DocumentEvidence> Readable { get; }

        public IReadOnlyList<DocumentEvidence> PositiveFees { get; }

        public Yen? RefundAmount { get; }
    }
}
