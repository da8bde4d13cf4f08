using Reimburse.Customers;
using Reimburse.Text;

namespace Reimburse.Functions.Pages.Text;

public static partial class UiText
{
    /// <summary>The cardholder's start page.</summary>
    public static class Landing
    {
        public static readonly LocalizedText Title = new("カード情報流出に伴う再発行手数料の払い戻し", "Refunds of card reissue fees after a data leak");
        public static readonly LocalizedText Lead = new(
            "お客様の情報が流出したおそれがあるとのお知らせ（手紙またはメール）を受け取った方は、このページで対象かどうかをすぐに確認できます。カード情報が流出した方は、カードの再発行にかかった手数料の払い戻しを申請できます。",
            "If you received a notice (letter or email) that your data may have leaked, you can check here at once whether you are affected. If your card data leaked, you can claim back the fee you paid to have your card reissued.");
        public static readonly LocalizedText Start = new("対象かどうか確認する", "Check whether you are affected");
        public static readonly LocalizedText NeedTitle = new("ご用意いただくもの", "What you need");
        public static readonly LocalizedText NeedCode = new("お知らせに記載された「請求コード」（16文字の英数字）", "The claim code printed on your notice (16 letters and digits)");
        public static readonly LocalizedText NeedPostal = new("お知らせが届いた住所の郵便番号", "The postal code of the address the notice was sent to");
        public static readonly LocalizedText NeedStatement = new(
            "申請する場合: 再発行手数料がわかる書類（カード会社の明細や請求書）の写真またはPDF",
            "To claim: a photo or PDF of a document showing the reissue fee (your card company's statement or invoice)");
        public static readonly LocalizedText NeedAccount = new("申請する場合: 払い戻しを受け取るご本人名義の銀行口座", "To claim: a bank account in your own name for the refund");
        public static readonly LocalizedText StepsTitle = new("手続きの流れ", "How it works");
        public static readonly LocalizedText Step1 = new("請求コードと郵便番号で、対象かどうかと流出した情報を確認します。", "Check with your claim code and postal code whether you are affected and what leaked.");
        public static readonly LocalizedText Step2 = new("再発行手数料の書類と振込先の口座を登録して申請します。スマートフォンで書類を撮影して送れます。", "Claim by sending the fee document and your bank account. You can photograph the document with your phone.");
        public static readonly LocalizedText Step3 = new("内容を確認します。書類が足りない場合はこのサイトでお知らせします。", "We review your claim. If something is missing, we will tell you on this site.");
        public static readonly LocalizedText Step4 = new("承認後、ご指定の口座に振り込みます。状況はいつでもこのサイトで確認できます。", "Once approved, we transfer the refund to your account. You can follow the status here at any time.");
        public static readonly LocalizedText SafetyTitle = new("ご注意ください", "Please be careful");
        public static readonly LocalizedText Safety = new(
            "当社から電話やメールで、カード番号・暗証番号・セキュリティコードをお尋ねすることはありません。このサイトでもカード番号の入力は求めません。不審な連絡にはお答えにならないでください。",
            "We will never ask for your card number, PIN or security code by phone or email, and this site never asks for your card number. Do not answer suspicious messages.");
    }

    /// <summary>The eligibility check.</summary>
    public static class Check
    {
        public static readonly LocalizedText Title = new("対象かどうかの確認", "Check whether you are affected");
        public static readonly LocalizedText Intro = new(
            "お知らせに記載の請求コードと、お知らせが届いた住所の郵便番号を入力してください。",
            "Enter the claim code from your notice and the postal code of the address it was sent to.");
        public static readonly LocalizedText CodeLabel = new("請求コード", "Claim code");
        public static readonly LocalizedText CodeHint = new(
            "16文字の英数字です（例: ABCD-EFGH-JKLM-NPQR）。ハイフンや空白はなくても構いません。数字の0と1、英字のOとIは使われていません。",
            "16 letters and digits (e.g. ABCD-EFGH-JKLM-NPQR). Hyphens and spaces are optional. The code never uses 0, 1, O or I.");
        public static readonly LocalizedText PostalLabel = new("郵便番号", "Postal code");
        public static readonly LocalizedText PostalHint = new("7桁の数字です（例: 123-4567）。", "7 digits (e.g. 123-4567).");
        public static readonly LocalizedText Submit = new("確認する", "Check");
        public static readonly LocalizedText CodeMissing = new("請求コードを入力してください。", "Enter your claim code.");
        public static readonly LocalizedText CodeInvalid = new(
            "請求コードの形式が正しくありません。お知らせの16文字と見比べてください（0と1、OとIは使われていません）。",
            "That is not a valid claim code. Compare it with the 16 characters on your notice (the code never uses 0, 1, O or I).");
        public static readonly LocalizedText PostalMissing = new("郵便番号を入力してください。", "Enter your postal code.");
        public static readonly LocalizedText PostalInvalid = new("郵便番号は7桁の数字で入力してください（例: 123-4567）。", "Enter the postal code as 7 digits (e.g. 123-4567).");
        public static readonly LocalizedText NoMatchTitle = new("該当するお客様が見つかりませんでした", "We could not find a match");
        public static readonly LocalizedText NoMatchBody = new(
            "請求コードと郵便番号の組み合わせが一致しませんでした。お知らせに記載の請求コードと、お知らせが届いた住所の郵便番号をもう一度ご確認ください。",
            "The claim code and postal code do not match. Check the claim code on your notice and the postal code of the address it was sent to.");
        public static readonly LocalizedText TooManyTitle = new("確認の回数が多すぎます", "Too many attempts");
        public static readonly LocalizedText TooManyBody = new(
            "安全のため、しばらく確認できません。{0}分ほど待ってから、もう一度お試しください。お困りの場合は、お知らせに記載の専用窓口へご連絡ください。",
            "For your safety, checks are paused. Wait about {0} minutes and try again. If you need help, contact the help desk named in your notice.");
    }

    /// <summary>The answer to a matching eligibility check.</summary>
    public static class Eligible
    {
        public static readonly LocalizedText Title = new("確認の結果", "Your result");
        public static readonly LocalizedText Affected = new("お客様は対象です", "You are affected");
        public static readonly LocalizedText Incident = new("対象の事案", "Incident");
        public static readonly LocalizedText WhatLeaked = new("流出したおそれのある情報", "Data that may have leaked");
        public static readonly LocalizedText Cards = new("対象のカード", "Affected cards");
        public static readonly LocalizedText CardEnding = new("{0}（末尾 {1}）", "{0} ending {1}");
        public static readonly LocalizedText Window = new("申請期間", "Claim period");
        public static readonly LocalizedText CardLeakedTitle = new("再発行手数料の払い戻しを申請できます", "You can claim back the reissue fee");
        public static readonly LocalizedText CardLeakedBody = new(
            "カード情報が流出したおそれがあります。まだの場合は、カード裏面の電話番号からカード会社に連絡し、カードの再発行を依頼してください。再発行手数料がかかった場合は、明細などの書類を保管し、申請期間内に申請してください。",
            "Your card data may have leaked. If you have not yet done so, call the number on the back of your card and ask your card company to reissue it. If you paid a reissue fee, keep the statement and claim within the claim period.");
        public static readonly LocalizedText NoCardTitle = new("カード情報は流出していません", "Your card data did not leak");
        public static readonly LocalizedText NoCardBody = new(
            "カード番号などのカード情報は流出していないため、再発行手数料の払い戻しの対象にはなりません。氏名や連絡先を使った不審なメール・電話にご注意ください。",
            "Your card data did not leak, so there is no reissue fee to claim. Be careful with suspicious emails or calls that use your name or contact details.");
        public static readonly LocalizedText WindowNotOpen = new("申請の受付は {0} から始まります。", "Claims open on {0}.");
        public static readonly LocalizedText WindowOpen = new("申請は {0} まで受け付けています。", "You can claim until {0}.");
        public static readonly LocalizedText WindowClosed = new("申請の受付は {0} に終了しました。", "Claims closed on {0}.");
        public static readonly LocalizedText CheckAnother = new("別の請求コードを確認する", "Check another claim code");
    }

    /// <summary>Names of the kinds of leaked personal data (<see cref="DataCategories"/>).</summary>
    public static LocalizedText DataCategory(string category) => category switch
    {
        DataCategories.Name => new("氏名", "Name"),
        DataCategories.Address => new("住所", "Address"),
        DataCategories.Phone => new("電話番号", "Phone number"),
        DataCategories.Email => new("メールアドレス", "Email address"),
        DataCategories.Card => new("クレジットカード情報（カード番号・有効期限）", "Card data (card number and expiry date)"),
        _ => new(category, category),
    };
}
