using Reimburse.Text;

namespace Reimburse.Functions.Pages.Text;

public static partial class UiText
{
    /// <summary>The operator's dashboard of claims by status.</summary>
    public static class Dashboard
    {
        public static readonly LocalizedText Title = new("申請の状況", "Claims by status");
        public static readonly LocalizedText Lead = new("すべての事案の申請が、いまどの段階にあるかを示します。", "Where every claim of every incident stands now.");
        public static readonly LocalizedText Back = new("事案の一覧へ", "Back to the incidents");
        public static readonly LocalizedText Total = new("申請の合計: {0}件", "Claims in all: {0}");
        public static readonly LocalizedText Attention = new("処理エラーで要対応の申請: {0}件（審査キューの「要対応」から確認できます）", "Claims needing attention after failing steps: {0} (see \"Needs attention\" in the review queue)");
        public static readonly LocalizedText Caption = new("状態別の件数", "Claims per status");
        public static readonly LocalizedText Status = new("状態", "Status");
        public static readonly LocalizedText Claims = new("件数", "Claims");
        public static readonly LocalizedText Chart = new("グラフ", "Chart");
        public static readonly LocalizedText Link = new("申請の状況（状態別の件数）", "Claims by status");
        public static readonly LocalizedText ActivityTitle = new("日別の受付と判定（直近14日）", "Claims received and decided per day (last 14 days)");
        public static readonly LocalizedText ActivityLead = new(
            "日付は日本時間です。判定は、最初に承認・却下・審査への回付のいずれかになった日で数えます。",
            "Days are Japan time. A claim counts as decided on the day it was first approved, rejected or sent to a reviewer.");
        public static readonly LocalizedText ChartTitle = new("日別の受付件数と判定件数のグラフ", "Chart of claims received and decided per day");
        public static readonly LocalizedText ChartDescription = new(
            "{0}から{1}までの14日間に受け付けた申請は{2}件、判定した申請は{3}件です。日ごとの件数は下の表にあります。",
            "From {0} to {1}, {2} claims were received and {3} were decided. The table below gives the numbers per day.");
        public static readonly LocalizedText ActivityCaption = new("日別の受付件数と判定件数", "Claims received and decided per day");
        public static readonly LocalizedText Day = new("日付", "Day");
        public static readonly LocalizedText Submitted = new("受付", "Received");
        public static readonly LocalizedText Decided = new("判定（承認・却下・審査へ）", "Decided (approved, rejected or sent to review)");
    }

    /// <summary>The operator's incident pages.</summary>
    public static class Incidents
    {
        public static readonly LocalizedText Title = new("事案", "Incidents");
        public static readonly LocalizedText Lead = new(
            "事案ごとに、影響を受けたお客様の名簿を取り込み、請求コードを発行して、案内状用のファイルをダウンロードします。",
            "For each incident, import the affected-customer list, issue claim codes and download the file for the notice mailing.");
        public static readonly LocalizedText None = new("事案はまだ登録されていません。下のフォームから定義ファイルを登録してください。", "No incident yet. Upload a definition file below.");
        public static readonly LocalizedText Caption = new("登録済みの事案", "Defined incidents");
        public static readonly LocalizedText Name = new("事案名", "Name");
        public static readonly LocalizedText Id = new("事案ID", "Id");
        public static readonly LocalizedText Disclosed = new("公表日", "Disclosed");
        public static readonly LocalizedText Window = new("申請期間", "Claim period");
        public static readonly LocalizedText Actions = new("作業", "Work");
        public static readonly LocalizedText Import = new("名簿の取り込み", "Import customers");
        public static readonly LocalizedText Codes = new("請求コード", "Claim codes");
        public static readonly LocalizedText DefineTitle = new("事案の登録・更新", "Define or update an incident");
        public static readonly LocalizedText DefineLead = new(
            "事案の定義ファイル（JSON または YAML）を選んで登録します。同じ ID の事案は置き換えられます。",
            "Choose an incident definition file (JSON or YAML). An incident with the same id is replaced.");
        public static readonly LocalizedText FileLabel = new("定義ファイル", "Definition file");
        public static readonly LocalizedText FileHint = new(".json、.yaml または .yml（1 MB まで）", ".json, .yaml or .yml (up to 1 MB)");
        public static readonly LocalizedText Submit = new("登録する", "Save incident");
        public static readonly LocalizedText FileMissing = new("定義ファイルを選んでください。", "Choose a definition file.");
        public static readonly LocalizedText FileWrongType = new("定義ファイルは .json、.yaml または .yml を選んでください。", "Choose a .json, .yaml or .yml file.");
        public static readonly LocalizedText FileNotText = new("定義ファイルを UTF-8 のテキストとして読めませんでした。", "The file could not be read as UTF-8 text.");
        public static readonly LocalizedText Invalid = new("定義ファイルに問題があります（{0}）: {1}", "The definition has a problem ({0}): {1}");
        public static readonly LocalizedText Created = new("事案「{0}」を登録しました。", "Incident \"{0}\" was created.");
        public static readonly LocalizedText Replaced = new("事案「{0}」を更新しました。", "Incident \"{0}\" was updated.");
        public static readonly LocalizedText ExampleTitle = new("定義ファイルの記入例", "Example definition");
        public const string Example = """
            id: vector-2012
            name: ベクター 不正アクセス (2012)
            disclosedOn: 2012-06-29
            exposedFrom: 2012-03-01
            exposedTo: 2012-06-15
            claimsOpenOn: 2012-07-01
            claimsCloseOn: 2012-12-31
            policy:
              defaultFeeCap: 1100
              fourEyesThreshold: 1100
              issuersWaivingFee: [rakuten]
            """;
        public static readonly LocalizedText Unknown = new("事案「{0}」は登録されていません。", "There is no incident \"{0}\".");
        public static readonly LocalizedText BackToList = new("事案の一覧へ", "Back to incidents");
    }

    /// <summary>Importing the affected-customer list.</summary>
    public static class Import
    {
        public static readonly LocalizedText Title = new("名簿の取り込み", "Import affected customers");
        public static readonly LocalizedText Lead = new(
            "影響を受けたお客様の名簿（CSV）を取り込みます。文字コードは UTF-8 と Shift_JIS に対応しています。同じ顧客番号の行は更新され、同じファイルを何度取り込んでも結果は変わりません。カード番号が全桁で書かれていた場合は、末尾4桁に伏せてから保存します。",
            "Import the affected-customer list (CSV, UTF-8 or Shift_JIS). Rows with a known customer id are updated; importing the same file again changes nothing. Full card numbers are masked to their last 4 digits before anything is stored.");
        public static readonly LocalizedText FileLabel = new("名簿ファイル（CSV）", "Customer file (CSV)");
        public static readonly LocalizedText FileHint = new(
            "1行目は見出しです（例: 顧客番号, 氏名, フリガナ, メールアドレス, 電話番号, 郵便番号, 住所, カード情報流出, 流出カード）。",
            "The first line is the header (e.g. customer_id, name, name_kana, email, phone, postal_code, address, card_leaked, cards).");
        public static readonly LocalizedText EncodingLabel = new("文字コード", "Encoding");
        public static readonly LocalizedText EncodingHint = new("わからない場合は「自動判定」のままにしてください。", "Leave on \"Detect\" if you are not sure.");
        public static readonly LocalizedText EncodingAuto = new("自動判定", "Detect");
        public static readonly LocalizedText Submit = new("取り込む", "Import");
        public static readonly LocalizedText FileMissing = new("名簿ファイルを選んでください。", "Choose the customer file.");
        public static readonly LocalizedText FileEmpty = new("選んだファイルは空です。", "The chosen file is empty.");
        public static readonly LocalizedText FileWrongType = new("名簿ファイルは .csv または .txt を選んでください。", "Choose a .csv or .txt file.");
        public static readonly LocalizedText NotRead = new("ファイルを取り込めませんでした（何も保存していません）。", "The file was not imported (nothing was stored).");
        public static readonly LocalizedText Problem = new("{0}行目: {1}", "Line {0}: {1}");
        public static readonly LocalizedText ResultTitle = new("取り込み結果", "Import result");
        public static readonly LocalizedText ResultDone = new("取り込みが完了しました。", "The import is complete.");
        public static readonly LocalizedText Rows = new("読み込んだ行", "Rows read");
        public static readonly LocalizedText Accepted = new("新規登録", "New customers");
        public static readonly LocalizedText Updated = new("更新", "Updated");
        public static readonly LocalizedText Unchanged = new("変更なし", "Unchanged");
        public static readonly LocalizedText Rejected = new("取り込めなかった行", "Rows rejected");
        public static readonly LocalizedText Masked = new("カード番号を伏せた行", "Rows with a card number masked");
        public static readonly LocalizedText Encoding = new("読み取った文字コード", "Read as");
        public static readonly LocalizedText Ignored = new("使わなかった列", "Columns not used");
        public static readonly LocalizedText ReportTitle = new("エラーレポート", "Error report");
        public static readonly LocalizedText ReportBody = new(
            "取り込めなかった行とカード番号を伏せた行の一覧です（行番号・顧客番号・列・理由）。元のファイルを直して、もう一度取り込んでください。",
            "Lists the rejected rows and the rows whose card number was masked (line, customer id, column, reason). Correct the file and import it again.");
        public static readonly LocalizedText ReportDownload = new("エラーレポートをダウンロード（CSV）", "Download the error report (CSV)");
        public static readonly LocalizedText NoIssues = new("問題のある行はありませんでした。", "No row had a problem.");
        public static readonly LocalizedText Again = new("別のファイルを取り込む", "Import another file");
        public static readonly LocalizedText NextCodes = new("請求コードの発行へ", "Go to claim codes");
    }

    /// <summary>Issuing claim codes and handing out the mailing file.</summary>
    public static class Codes
    {
        public static readonly LocalizedText Title = new("請求コードの発行", "Issue claim codes");
        public static readonly LocalizedText Lead = new(
            "まだ請求コードを持っていないお客様全員にコードを発行し、案内状の差し込み印刷用ファイル（CSV）を作ります。コードはこのファイルにしか平文で残りません。ファイルは1回だけダウンロードでき、その後は削除されます。",
            "Issues a claim code to every customer who has none and writes the mail-merge file (CSV) for the notices. The codes exist in clear text only in this file; it can be downloaded once and is then deleted.");
        public static readonly LocalizedText Issue = new("請求コードを発行する", "Issue claim codes");
        public static readonly LocalizedText NothingToIssue = new("全員に発行済みです。新しく発行するお客様はいません。", "Every customer already holds a code; nobody needed one.");
        public static readonly LocalizedText RunTitle = new("発行結果", "Issuance run");
        public static readonly LocalizedText Run = new("発行番号", "Run");
        public static readonly LocalizedText Issued = new("発行したコード", "Codes issued");
        public static readonly LocalizedText Invalidated = new("無効にした旧コード", "Old codes invalidated");
        public static readonly LocalizedText CompletedAt = new("発行日時", "Issued at");
        public static readonly LocalizedText TakenAt = new("ダウンロード日時", "Downloaded at");
        public static readonly LocalizedText NotTaken = new("まだダウンロードされていません", "Not downloaded yet");
        public static readonly LocalizedText Download = new("案内状用ファイルをダウンロード（1回のみ）", "Download the mailing file (once only)");
        public static readonly LocalizedText DownloadWarning = new(
            "ダウンロードしたファイルには請求コードが平文で含まれます。印刷業者への受け渡しが終わったら、安全に削除してください。",
            "The downloaded file holds the claim codes in clear text. Delete it safely once it has been handed to the printer.");
        public static readonly LocalizedText AlreadyTaken = new(
            "このファイルはダウンロード済みのため、もう取り出せません。紛失した場合は、この発行分のコードを再発行してください（古いコードは使えなくなります）。",
            "This file was downloaded already and cannot be taken again. If it was lost, re-issue this run's codes (the old codes stop working).");
        public static readonly LocalizedText Reissue = new("この発行分を再発行する", "Re-issue this run's codes");
        public static readonly LocalizedText Incomplete = new("この発行は完了していません。もう一度「請求コードを発行する」を実行してください。", "This run did not complete. Issue claim codes again.");
        public static readonly LocalizedText UnknownRun = new("発行番号「{0}」は見つかりません。", "There is no run \"{0}\".");
    }
}
