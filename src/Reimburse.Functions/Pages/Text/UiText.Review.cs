using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Policy;
using Reimburse.Text;

namespace Reimburse.Functions.Pages.Text;

public static partial class UiText
{
    /// <summary>The reviewers' queue.</summary>
    public static class Queue
    {
        public static readonly LocalizedText Title = new("審査キュー", "Review queue");
        public static readonly LocalizedText Nav = new("審査", "Review");
        public static readonly LocalizedText Lead = new("人による確認が必要な申請です。待ち時間の長い順に並んでいます。", "Claims waiting for a person, longest waiting first.");
        public static readonly LocalizedText Filters = new("絞り込み", "Filters");
        public static readonly LocalizedText View = new("表示", "Show");
        public static readonly LocalizedText ViewAll = new("すべて", "All");
        public static readonly LocalizedText ViewReview = new("審査待ち", "Waiting for review");
        public static readonly LocalizedText ViewSecond = new("二次承認待ち", "Second approval");
        public static readonly LocalizedText ViewAttention = new("要対応（処理エラー）", "Needs attention");
        public static readonly LocalizedText Incident = new("事案ID", "Incident id");
        public static readonly LocalizedText OverdueOnly = new("期限超過のみ", "Overdue only");
        public static readonly LocalizedText MinAmount = new("金額（以上）", "Amount from");
        public static readonly LocalizedText Apply = new("絞り込む", "Apply");
        public static readonly LocalizedText Clear = new("条件をクリア", "Clear filters");
        public static readonly LocalizedText Reasons = new("満たさなかった条件別の件数", "Claims by condition not met");
        public static readonly LocalizedText AllReasons = new("すべて", "All");
        public static readonly LocalizedText Total = new("{0}件", "Claims: {0}");
        public static readonly LocalizedText Empty = new("条件に合う申請はありません。", "No claim matches.");
        public static readonly LocalizedText Caption = new("審査待ちの申請", "Claims waiting");
        public static readonly LocalizedText Claim = new("申請", "Claim");
        public static readonly LocalizedText Status = new("状態", "Status");
        public static readonly LocalizedText Waiting = new("待ち時間", "Waiting");
        public static readonly LocalizedText Amount = new("金額", "Amount");
        public static readonly LocalizedText ReasonColumn = new("満たさなかった条件", "Conditions not met");
        public static readonly LocalizedText Reviewer = new("担当", "Reviewer");
        public static readonly LocalizedText Overdue = new("期限超過", "Overdue");
        public static readonly LocalizedText Hours = new("{0}時間", "{0} h");
        public static readonly LocalizedText Days = new("{0}日{1}時間", "{0} d {1} h");
        public static readonly LocalizedText Shortcuts = new(
            "キーボード操作: 表の中で J/K または ↓/↑ で行を移動、Enter で開く。",
            "Keyboard: in the table, J/K or ↓/↑ move between rows, Enter opens.");
        public static readonly LocalizedText You = new("自分", "you");
    }

    /// <summary>One claim in the reviewers' console.</summary>
    public static class Review
    {
        public static readonly LocalizedText Back = new("審査キューへ", "Back to the queue");
        public static readonly LocalizedText Title = new("申請 {0}", "Claim {0}");
        public static readonly LocalizedText Documents = new("書類", "Documents");
        public static readonly LocalizedText DocumentN = new("書類 {0}", "Document {0}");
        public static readonly LocalizedText ZoomIn = new("拡大", "Zoom in");
        public static readonly LocalizedText ZoomOut = new("縮小", "Zoom out");
        public static readonly LocalizedText Rotate = new("90度回転", "Rotate 90°");
        public static readonly LocalizedText Reset = new("元に戻す", "Reset");
        public static readonly LocalizedText Download = new("ダウンロード", "Download");
        public static readonly LocalizedText PreviousPage = new("前のページ", "Previous page");
        public static readonly LocalizedText NextPage = new("次のページ", "Next page");
        public static readonly LocalizedText PageOf = new("{0} / {1} ページ", "Page {0} of {1}");
        public static readonly LocalizedText NoPreview = new("この形式はここに表示できません。ダウンロードして確認してください。", "This format cannot be shown here; download it to look at it.");
        public static readonly LocalizedText DocumentImage = new("申請者が送った書類の画像", "Image of the document the claimant sent");
        public static readonly LocalizedText Replaced = new("差し替え済み", "Replaced");
        public static readonly LocalizedText Purged = new("削除済み（保存期間終了）", "Deleted (retention)");
        public static readonly LocalizedText Facts = new("読み取った内容", "What was read");
        public static readonly LocalizedText Confidence = new("確からしさ {0}%", "confidence {0}%");
        public static readonly LocalizedText LowConfidence = new("低い", "low");
        public static readonly LocalizedText FactFee = new("手数料", "Fee");
        public static readonly LocalizedText FactWaived = new("手数料免除", "Fee waived");
        public static readonly LocalizedText FactLine = new("該当行", "Fee line");
        public static readonly LocalizedText FactDate = new("明細の日付", "Statement date");
        public static readonly LocalizedText FactIssuer = new("カード会社", "Issuer");
        public static readonly LocalizedText FactLast4 = new("カード末尾", "Card last 4");
        public static readonly LocalizedText FactHolder = new("名義", "Holder name");
        public static readonly LocalizedText FactLooksLike = new("再発行手数料の書類らしさ", "Looks like a fee statement");
        public static readonly LocalizedText FactReader = new("読み取り方法", "Reader");
        public static readonly LocalizedText Unread = new("読み取れず", "not read");
        public static readonly LocalizedText ReadFailed = new("読み取りに失敗: {0}", "Could not be read: {0}");
        public static readonly LocalizedText Declared = new("申請者の申告", "Declared by the claimant");
        public static readonly LocalizedText DeclaredFee = new("手数料", "Fee");
        public static readonly LocalizedText DeclaredLast4 = new("カード末尾", "Card last 4");
        public static readonly LocalizedText DeclaredDate = new("再発行日", "Reissued on");
        public static readonly LocalizedText Account = new("振込先", "Payout account");
        public static readonly LocalizedText Customer = new("名簿の登録内容", "On the affected list");
        public static readonly LocalizedText CustomerName = new("氏名", "Name");
        public static readonly LocalizedText LeakedCards = new("流出したカード", "Leaked cards");
        public static readonly LocalizedText Amounts = new("金額", "Amounts");
        public static readonly LocalizedText Proposed = new("提案額（書類の手数料）", "Proposed (the statement's fee)");
        public static readonly LocalizedText Approved = new("承認額", "Approved");
        public static readonly LocalizedText Threshold = new("二次承認が必要になる金額", "Second approval above");
        public static readonly LocalizedText Rules = new("判定ルール", "Rules");
        public static readonly LocalizedText RulesFailed = new("満たさなかったルール {0}件", "Rules not met: {0}");
        public static readonly LocalizedText Passed = new("適合", "Passed");
        public static readonly LocalizedText Failed = new("不適合", "Failed");
        public static readonly LocalizedText Hard = new("却下理由", "hard");
        public static readonly LocalizedText Soft = new("要確認", "soft");
        public static readonly LocalizedText PassedRules = new("満たしたルール（{0}件）", "Rules met ({0})");
        public static readonly LocalizedText Escalated = new("人による確認の理由", "Why a person looks");
        public static readonly LocalizedText Duplicates = new("重複の可能性", "Possible duplicates");
        public static readonly LocalizedText NoDuplicates = new("同じ書類・同じカードの他の申請はありません。", "No other claim with the same document or card.");
        public static readonly LocalizedText SameBytes = new("同じファイル", "same file");
        public static readonly LocalizedText SameContent = new("同じ内容", "same content");
        public static readonly LocalizedText SameCard = new("同じカード", "same card");
        public static readonly LocalizedText Audit = new("監査記録", "Audit trail");
        public static readonly LocalizedText AuditSeq = new("番号", "No.");
        public static readonly LocalizedText AuditEvent = new("出来事", "Event");
        public static readonly LocalizedText AuditAt = new("日時", "When");
        public static readonly LocalizedText AuditActor = new("実行者", "By");
        public static readonly LocalizedText AuditReason = new("理由", "Reason");
        public static readonly LocalizedText Decision = new("判断", "Decision");
        public static readonly LocalizedText LeaseHeld = new("{0} が {1} まで担当しています。", "{0} is reviewing it until {1}.");
        public static readonly LocalizedText LeaseYours = new("あなたが {0} まで担当しています。", "You are reviewing it until {0}.");
        public static readonly LocalizedText TakeLease = new("この申請を担当する", "Review this claim");
        public static readonly LocalizedText TakeLeaseHint = new("担当している間、他の審査担当者はこの申請を判断できません。", "While you review it, no other reviewer can decide it.");
        public static readonly LocalizedText ReleaseLease = new("担当を外れる", "Stop reviewing");
        public static readonly LocalizedText Approve = new("承認する", "Approve");
        public static readonly LocalizedText ApproveAmount = new("承認額（円）", "Amount to approve (yen)");
        public static readonly LocalizedText ApproveAmountHint = new("提案額と異なる金額にする場合は理由を書いてください。金額を変えると二次承認が必要です。", "If you change the proposed amount, give the reason; a changed amount needs a second approval.");
        public static readonly LocalizedText AdjustReason = new("金額を変える理由", "Reason for the changed amount");
        public static readonly LocalizedText FourEyesNote = new("{0} を超える承認は、別の上級審査担当者の二次承認が必要です。", "Approvals above {0} need a second approval by another senior reviewer.");
        public static readonly LocalizedText FirstApproval = new("{0} が {1} を承認しました（{2}）。二次承認を待っています。", "{0} approved {1} ({2}); waiting for the second approval.");
        public static readonly LocalizedText AdjustedBecause = new("金額変更の理由: {0}", "Amount changed because: {0}");
        public static readonly LocalizedText Confirm = new("二次承認する", "Confirm the approval");
        public static readonly LocalizedText Decline = new("差し戻す", "Send back to review");
        public static readonly LocalizedText DeclineNote = new("差し戻す理由", "Why it goes back");
        public static readonly LocalizedText Reject = new("却下する", "Reject");
        public static readonly LocalizedText RejectReason = new("却下の理由", "Reason");
        public static readonly LocalizedText RejectNote = new("補足（「その他」の場合は必須）", "Note (required for Other)");
        public static readonly LocalizedText RequestInfo = new("追加情報を依頼する", "Ask the claimant");
        public static readonly LocalizedText RequestMessage = new("申請者へのメッセージ", "Message to the claimant");
        public static readonly LocalizedText RequestMessageHint = new("何を送ってほしいか、具体的に書いてください。申請者の画面にそのまま表示されます。", "Say exactly what to send; the claimant sees it as written.");
        public static readonly LocalizedText RequestDeadline = new("回答期限", "Deadline");
        public static readonly LocalizedText Escalate = new("審査に回す", "Move to review");
        public static readonly LocalizedText ClearAttention = new("要対応を解除する", "Clear the attention flag");
        public static readonly LocalizedText Note = new("メモ", "Note");
        public static readonly LocalizedText Attention = new("処理「{0}」が{1}回失敗しました: {2}", "Step \"{0}\" failed {1} times: {2}");
        public static readonly LocalizedText OpenRequest = new("申請者に依頼中（期限 {0}）: {1}", "Asked the claimant (due {0}): {1}");
        public static readonly LocalizedText Rejected = new("却下済み: {0}", "Rejected: {0}");
        public static readonly LocalizedText NoActions = new("今この申請に対してできる操作はありません。", "There is nothing you can do on this claim now.");
        public static readonly LocalizedText Done = new("「{0}」になりました。", "The claim is now \"{0}\".");
        public static readonly LocalizedText Submitted = new("申請日時", "Submitted");
        public static readonly LocalizedText WaitingSince = new("待ち始め", "Waiting since");
    }

    /// <summary>What a rule or workflow reason code means, for staff.</summary>
    public static LocalizedText Reason(string code) => code switch
    {
        EscalationReason.InformationExpired => new("回答期限切れ", "No answer by the deadline"),
        EscalationReason.Manual => new("手動で審査へ", "Moved to review by hand"),
        EscalationReason.PayoutCheck => new("振込先口座の確認", "Payout account check"),
        EscalationReason.NoAmount => new("金額が読み取れない", "No amount"),
        ClaimStatusIndex.AttentionReason => new("処理エラー", "A step kept failing"),
        _ => PolicyRules.Find(code)?.Title ?? new(code, code),
    };
}
