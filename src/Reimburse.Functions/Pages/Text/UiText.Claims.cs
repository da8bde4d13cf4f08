using Reimburse.Text;

namespace Reimburse.Functions.Pages.Text;

public static partial class UiText
{
    /// <summary>The cardholder's signed-in area: claims, the claim form, the status page.</summary>
    public static class Claims
    {
        public static readonly LocalizedText ListTitle = new("申請状況", "Your claims");
        public static readonly LocalizedText ListLead = new("これまでの申請と、その状況です。", "Your claims and where they stand.");
        public static readonly LocalizedText None = new("まだ申請はありません。", "You have not claimed yet.");
        public static readonly LocalizedText New = new("再発行手数料の払い戻しを申請する", "Claim back the reissue fee");
        public static readonly LocalizedText SeeClaims = new("申請状況を見る", "See your claims");
        public static readonly LocalizedText Claim = new("申請番号 {0}", "Claim {0}");
        public static readonly LocalizedText SubmittedOn = new("申請日", "Submitted");
        public static readonly LocalizedText UpdatedOn = new("最終更新", "Last update");
        public static readonly LocalizedText Fee = new("申請した手数料", "Fee claimed");
        public static readonly LocalizedText Card = new("カード", "Card");
        public static readonly LocalizedText CardEnding = new("末尾 {0}", "ending {0}");
        public static readonly LocalizedText ActionNeeded = new("対応が必要です", "Action needed");
        public static readonly LocalizedText Open = new("詳しく見る", "View");
        public static readonly LocalizedText SignOut = new("サインアウト", "Sign out");
        public static readonly LocalizedText SignedOut = new("サインアウトしました。", "You have signed out.");
        public static readonly LocalizedText SignInFirst = new(
            "申請や申請状況の確認には、お知らせに記載の請求コードと郵便番号の確認が必要です。",
            "To claim or see your claims, first check your claim code and postal code from the notice.");
        public static readonly LocalizedText SessionEnded = new(
            "一定時間操作がなかったため、確認が切れました。もう一度、請求コードと郵便番号を入力してください。",
            "Your session ended after a while without activity. Enter your claim code and postal code again.");
        public static readonly LocalizedText WindowClosed = new("申請期間は {0} に終了しました。", "The claim period ended on {0}.");
        public static readonly LocalizedText WindowNotOpen = new("申請の受付は {0} から始まります。", "Claims open on {0}.");
        public static readonly LocalizedText NoCardLeak = new(
            "カード情報が流出していないため、再発行手数料の払い戻しの対象にはなりません。",
            "Your card data did not leak, so there is no reissue fee to claim.");
    }

    /// <summary>The claim form.</summary>
    public static class ClaimForm
    {
        public static readonly LocalizedText Title = new("再発行手数料の払い戻しの申請", "Claim back the card reissue fee");
        public static readonly LocalizedText Lead = new(
            "カード会社の書類と、払い戻しを受け取る口座を登録してください。入力は5分ほどで終わります。",
            "Send the card company's document and the account for the refund. It takes about 5 minutes.");
        public static readonly LocalizedText DocumentsLegend = new("1. 再発行手数料がわかる書類", "1. A document showing the reissue fee");
        public static readonly LocalizedText FilesLabel = new("書類の写真またはファイル", "Photo or file of the document");
        public static readonly LocalizedText FilesHint = new(
            "カード会社の明細書や請求書など、「再発行手数料」と金額が写っているもの。PDF・JPEG・PNG・HEIC・TIFF・CSV、1ファイル{0}MBまで、{1}つまで。カード番号が全桁写っている場合は、末尾4桁以外を隠してから撮影・送信してください。",
            "Your card company's statement or invoice showing the reissue fee and its amount. PDF, JPEG, PNG, HEIC, TIFF or CSV, up to {0} MB each, at most {1} files. If the full card number shows, cover all but the last 4 digits before you take the photo or send the file.");
        public static readonly LocalizedText TakePhoto = new("カメラで撮影する", "Take a photo");
        public static readonly LocalizedText DropHere = new("ここにファイルをドラッグ＆ドロップするか、「ファイルを選択」を押してください。", "Drag and drop files here, or use the file button.");
        public static readonly LocalizedText Remove = new("削除", "Remove");
        public static readonly LocalizedText WrongType = new("「{0}」は送れない種類のファイルです。PDF・JPEG・PNG・HEIC・TIFF・CSVを選んでください。", "\"{0}\" is not a file type we accept. Choose a PDF, JPEG, PNG, HEIC, TIFF or CSV file.");
        public static readonly LocalizedText TooLarge = new("「{0}」は大きすぎます（{1}MBまで）。", "\"{0}\" is too large (at most {1} MB).");
        public static readonly LocalizedText TooMany = new("送れるファイルは{0}つまでです。", "You can send at most {0} files.");
        public static readonly LocalizedText Uploading = new("送信中… {0}%", "Sending… {0}%");
        public static readonly LocalizedText UploadFailed = new("送信できませんでした。通信状態を確認して、もう一度お試しください。", "Sending failed. Check your connection and try again.");
        public static readonly LocalizedText CardLegend = new("2. カードの再発行について", "2. About the reissued card");
        public static readonly LocalizedText CardLabel = new("再発行したカード", "The card you had reissued");
        public static readonly LocalizedText CardHint = new("流出したカードの末尾4桁です。", "The last 4 digits of the leaked card.");
        public static readonly LocalizedText ReissueDateLabel = new("再発行日", "Reissue date");
        public static readonly LocalizedText ReissueDateHint = new("カード会社が再発行を受け付けた日、または書類に記載の日付です。", "The day the card company accepted the reissue, or the date on the document.");
        public static readonly LocalizedText FeeLabel = new("支払った再発行手数料（円）", "Reissue fee you paid (yen)");
        public static readonly LocalizedText FeeHint = new("書類に記載の金額を数字で入力してください（例: 1100）。", "The amount on the document, in figures (e.g. 1100).");
        public static readonly LocalizedText AccountLegend = new("3. 払い戻しを受け取る口座", "3. Account for the refund");
        public static readonly LocalizedText AccountLead = new("ご本人名義の口座を指定してください。ゆうちょ銀行は振込用の店名・口座番号（7桁）を入力してください。", "Give an account in your own name. For Japan Post Bank, use the branch name and 7-digit number for transfers.");
        public static readonly LocalizedText BankSearchLabel = new("金融機関を名前で探す", "Find your bank by name");
        public static readonly LocalizedText BankSearchHint = new("名前か読みの最初の数文字を入力すると候補が出ます（例: みずほ）。", "Type the first letters of its name or reading to see suggestions (e.g. みずほ).");
        public static readonly LocalizedText BankCodeLabel = new("金融機関コード（4桁）", "Bank code (4 digits)");
        public static readonly LocalizedText BankCodeHint = new("通帳やキャッシュカードに記載があります。名前で探すと自動で入ります。", "On your passbook or cash card; filled in when you pick a bank by name.");
        public static readonly LocalizedText BranchSearchLabel = new("支店を名前で探す", "Find the branch by name");
        public static readonly LocalizedText BranchSearchHint = new("先に金融機関を選んでください。", "Choose the bank first.");
        public static readonly LocalizedText BranchCodeLabel = new("支店コード（3桁）", "Branch code (3 digits)");
        public static readonly LocalizedText BranchCodeHint = new("店番号とも呼ばれます。", "Also called the branch number.");
        public static readonly LocalizedText Suggestions = new("{0}件の候補があります。上下キーで選べます。", "{0} suggestions. Use the up and down keys to choose.");
        public static readonly LocalizedText NoSuggestions = new("候補が見つかりません。", "No suggestions.");
        public static readonly LocalizedText Chosen = new("選択中: {0}", "Chosen: {0}");
        public static readonly LocalizedText AccountTypeLegend = new("預金種目", "Account type");
        public static readonly LocalizedText Ordinary = new("普通", "Ordinary");
        public static readonly LocalizedText Current = new("当座", "Current");
        public static readonly LocalizedText Savings = new("貯蓄", "Savings");
        public static readonly LocalizedText AccountNumberLabel = new("口座番号（7桁）", "Account number (7 digits)");
        public static readonly LocalizedText AccountNumberHint = new("7桁未満の場合は、前に0を付けなくても構いません。", "If shorter than 7 digits, you need not add leading zeros.");
        public static readonly LocalizedText HolderLabel = new("口座名義（カナ）", "Account holder (in kana)");
        public static readonly LocalizedText HolderHint = new(
            "通帳に記載のとおり、カタカナで入力してください（例: ヤマダ ハナコ）。ひらがなで入力すると、入力欄を離れたときにカタカナに直します。",
            "As on your passbook, in katakana (e.g. ヤマダ ハナコ). Hiragana is turned into katakana when you leave the field.");
        public static readonly LocalizedText Submit = new("申請する", "Submit the claim");
        public static readonly LocalizedText Privacy = new(
            "お送りいただいた書類と口座情報は、払い戻しの審査と振込にのみ使い、振込完了から一定期間後に削除します。",
            "Your documents and bank details are used only to check and pay this refund, and are deleted a set time after payment.");
        public static readonly LocalizedText FilesField = new("書類", "Documents");
    }

    /// <summary>A claim's status page.</summary>
    public static class ClaimPage
    {
        public static readonly LocalizedText Submitted = new("申請を受け付けました", "Your claim was received");
        public static readonly LocalizedText SubmittedBody = new(
            "申請番号は {0} です。お問い合わせの際にお伝えください。審査の状況はこのページでいつでも確認できます。",
            "Your claim number is {0}; quote it if you contact us. You can follow the review on this page at any time.");
        public static readonly LocalizedText Progress = new("進み具合", "Progress");
        public static readonly LocalizedText StepReceived = new("受付済", "Received");
        public static readonly LocalizedText StepReview = new("確認中", "Under review");
        public static readonly LocalizedText StepApproved = new("承認済", "Approved");
        public static readonly LocalizedText StepPaying = new("振込手続中", "Payment in progress");
        public static readonly LocalizedText StepPaid = new("振込完了", "Paid");
        public static readonly LocalizedText CurrentStep = new("（現在）", " (current)");
        public static readonly LocalizedText Why = new("現在の状況", "Where it stands");
        public static readonly LocalizedText PaidBody = new("{0} に {1} をお振込みしました。", "We paid {1} on {0}.");
        public static readonly LocalizedText RefundAmount = new("払い戻し額", "Refund");
        public static readonly LocalizedText PayoutAccount = new("振込先", "Paid to");
        public static readonly LocalizedText ReissuedOn = new("再発行日", "Reissued on");
        public static readonly LocalizedText RequestTitle = new("追加書類・情報のお願い", "We need more from you");
        public static readonly LocalizedText RequestDeadline = new("{0} までにご回答ください。", "Please answer by {0}.");
        public static readonly LocalizedText AnswerFilesLabel = new("追加の書類", "More documents");
        public static readonly LocalizedText AnswerFilesHint = new("書類の写真やファイルを選んでください（任意）。", "Choose photos or files of the documents (optional).");
        public static readonly LocalizedText NoteLabel = new("ご回答・補足（任意）", "Your answer or a note (optional)");
        public static readonly LocalizedText NoteHint = new("カード番号やセキュリティコードは書かないでください。", "Do not write your card number or security code.");
        public static readonly LocalizedText SendAnswer = new("回答を送る", "Send your answer");
        public static readonly LocalizedText AnswerMissing = new("書類を添付するか、回答を入力してください。", "Attach a document or write an answer.");
        public static readonly LocalizedText AnswerSent = new("ご回答を受け付けました。", "Your answer was received.");
        public static readonly LocalizedText NewAccountTitle = new("新しい振込先口座", "A new account for the refund");
        public static readonly LocalizedText SendAccount = new("口座を登録する", "Save the account");
        public static readonly LocalizedText AccountSaved = new("新しい口座を登録しました。", "The new account was saved.");
        public static readonly LocalizedText AddDocumentsTitle = new("書類を追加する", "Add documents");
        public static readonly LocalizedText AddDocuments = new("書類を追加する", "Add the documents");
        public static readonly LocalizedText DocumentsAdded = new("書類を追加しました。", "The documents were added.");
        public static readonly LocalizedText Timeline = new("これまでの経過", "What has happened");
        public static readonly LocalizedText Documents = new("お送りいただいた書類", "Your documents");
        public static readonly LocalizedText Back = new("申請状況の一覧へ", "Back to your claims");
    }

    /// <summary>How a claimant's document stands.</summary>
    public static LocalizedText DocumentState(string state) => state switch
    {
        "read" => new("読み取り済み", "Read"),
        "unreadable" => new("読み取れませんでした", "Could not be read"),
        "replaced" => new("差し替え済み", "Replaced"),
        "deleted" => new("保存期間終了のため削除", "Deleted after the retention period"),
        _ => new("受付済", "Received"),
    };
}
