using Reimburse.Text;

namespace Reimburse.Functions.Pages.Text;

public static partial class UiText
{
    /// <summary>Finance's pages: batches, files, settlement, reconciliation.</summary>
    public static class Finance
    {
        public static readonly LocalizedText Nav = new("振込", "Payouts");
        public static readonly LocalizedText Title = new("振込", "Payouts");
        public static readonly LocalizedText Lead = new(
            "承認済みの払い戻しをまとめて振込データ（全銀総合振込）を作り、銀行の結果を取り込みます。",
            "Batch the approved refunds into a transfer file (Zengin 総合振込) and record the bank's results.");
        public static readonly LocalizedText Waiting = new("振込待ちの承認済み払い戻し", "Approved refunds waiting for a batch");
        public static readonly LocalizedText NoneWaiting = new("振込待ちの払い戻しはありません。", "No approved refund is waiting.");
        public static readonly LocalizedText Incident = new("事案", "Incident");
        public static readonly LocalizedText Count = new("件数", "Claims");
        public static readonly LocalizedText Amount = new("金額", "Amount");
        public static readonly LocalizedText CreateTitle = new("振込バッチを作る", "Create a batch");
        public static readonly LocalizedText CreateLead = new(
            "振込待ちの払い戻しをバッチにまとめ、全銀ファイルと仕訳CSVを作ります。一度作ったファイルは変わりません。",
            "Puts the waiting refunds into a batch and writes the Zengin file and the CSV journal. Files once written never change.");
        public static readonly LocalizedText IncidentChoice = new("対象の事案", "Incident");
        public static readonly LocalizedText AllIncidents = new("すべての事案", "All incidents");
        public static readonly LocalizedText TransferDate = new("振込指定日", "Transfer date");
        public static readonly LocalizedText TransferDateHint = new("空欄の場合は2営業日後です。土日・過去の日付は指定できません。", "Leave empty for the second weekday from today. No weekends or past dates.");
        public static readonly LocalizedText Max = new("最大件数（任意）", "At most (optional)");
        public static readonly LocalizedText Create = new("バッチを作る", "Create the batch");
        public static readonly LocalizedText Batches = new("振込バッチ", "Batches");
        public static readonly LocalizedText NoBatches = new("まだバッチはありません。", "No batch yet.");
        public static readonly LocalizedText Batch = new("バッチ", "Batch");
        public static readonly LocalizedText Status = new("状態", "Status");
        public static readonly LocalizedText Building = new("作成中", "Building");
        public static readonly LocalizedText Exported = new("ファイル作成済み", "Exported");
        public static readonly LocalizedText CreatedAt = new("作成", "Created");
        public static readonly LocalizedText BatchTitle = new("振込バッチ {0}", "Batch {0}");
        public static readonly LocalizedText Back = new("振込の一覧へ", "Back to payouts");
        public static readonly LocalizedText Files = new("ファイル", "Files");
        public static readonly LocalizedText Zengin = new("全銀ファイルをダウンロード（Shift_JIS・120バイト）", "Download the Zengin file (Shift_JIS, 120 bytes)");
        public static readonly LocalizedText Journal = new("仕訳CSVをダウンロード", "Download the CSV journal");
        public static readonly LocalizedText FileInfo = new("{0} バイト、SHA-256 {1}", "{0} bytes, SHA-256 {1}");
        public static readonly LocalizedText NotExported = new("まだファイルが作られていません。作成が途中で止まった場合は「作成を完了する」を押してください。", "The files are not written yet. If building stopped half-way, complete it.");
        public static readonly LocalizedText Complete = new("作成を完了する", "Complete the batch");
        public static readonly LocalizedText Progress = new("銀行の結果", "The bank's results");
        public static readonly LocalizedText Paid = new("振込済", "Paid");
        public static readonly LocalizedText Returned = new("不能・組戻し", "Returned");
        public static readonly LocalizedText Pending = new("結果待ち", "Waiting");
        public static readonly LocalizedText SettlementTitle = new("振込結果の取り込み", "Record the bank's results");
        public static readonly LocalizedText SettlementLead = new(
            "銀行の結果をCSVで取り込みます（列: 請求ID, 結果, 不能事由, 備考）。結果は「振込済」または「不能」。1行でも誤りがあれば、何も記録しません。",
            "Upload the results as CSV (columns: 請求ID, 結果, 不能事由, 備考). Results are 振込済 (paid) or 不能 (returned). If any line is wrong, nothing is recorded.");
        public static readonly LocalizedText SettlementFile = new("結果ファイル（CSV）", "Results file (CSV)");
        public static readonly LocalizedText SettlementFileMissing = new("結果ファイルを選んでください。", "Choose the results file.");
        public static readonly LocalizedText Record = new("結果を記録する", "Record the results");
        public static readonly LocalizedText Recorded = new("記録しました: 振込済 {0}件、不能 {1}件、記録済み {2}件。", "Recorded: {0} paid, {1} returned, {2} already recorded.");
        public static readonly LocalizedText NotRecorded = new("結果ファイルに誤りがあるため、何も記録していません。直して、ファイル全体をもう一度取り込んでください。", "The file has errors, so nothing was recorded. Correct it and upload the whole file again.");
        public static readonly LocalizedText Line = new("{0}行目: {1}", "Line {0}: {1}");
        public static readonly LocalizedText Reconciliation = new("照合", "Reconciliation");
        public static readonly LocalizedText ReconciliationLead = new("承認済みの払い戻しが、振込済・バッチ中・未バッチ・不能のどこにあるかを照合します。", "Where every approved yen is: paid, in a batch, not batched, or returned.");
        public static readonly LocalizedText Balanced = new("一致しています。", "It balances.");
        public static readonly LocalizedText NotBalanced = new("一致しません。下の問題を確認してください。", "It does not balance; see the issues below.");
        public static readonly LocalizedText Approved = new("承認済み（合計）", "Approved (all)");
        public static readonly LocalizedText InBatch = new("バッチ中（結果待ち）", "In a batch (waiting)");
        public static readonly LocalizedText NotBatched = new("未バッチ", "Not batched");
        public static readonly LocalizedText PaidByBank = new("銀行の結果での振込済", "Paid per the bank's results");
        public static readonly LocalizedText ByReason = new("不能の理由別", "Returned by reason");
        public static readonly LocalizedText Issues = new("問題", "Issues");
        public static readonly LocalizedText NoIssues = new("問題はありません。", "No issues.");
        public static readonly LocalizedText CountAmount = new("{0}件 {1}", "{0} claims, {1}");
        public static readonly LocalizedText Filter = new("表示する", "Show");
    }
}
