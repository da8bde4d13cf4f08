using Reimburse.Functions.Security;
using Reimburse.Text;

namespace Reimburse.Functions.Pages.Text;

public static partial class UiText
{
    /// <summary>The staff frame, sign-in and home.</summary>
    public static class Staff
    {
        public static readonly LocalizedText Menu = new("業務メニュー", "Staff menu");
        public static readonly LocalizedText Home = new("ホーム", "Home");
        public static readonly LocalizedText Incidents = new("事案・名簿・請求コード", "Incidents, lists and codes");
        public static readonly LocalizedText SignedInAs = new("{0}（{1}）", "{0} ({1})");
        public static readonly LocalizedText SignOut = new("サインアウト", "Sign out");
        public static readonly LocalizedText Welcome = new("ようこそ、{0}さん", "Welcome, {0}");
        public static readonly LocalizedText WelcomeLead = new("担当する業務を選んでください。", "Choose the work you want to do.");
        public static readonly LocalizedText OperatorCardBody = new(
            "事案の登録、影響を受けたお客様の名簿の取り込み、請求コードの発行と案内状用ファイルのダウンロード。",
            "Define incidents, import the affected-customer list, issue claim codes and download the mailing file.");
        public static readonly LocalizedText ReviewCardBody = new(
            "自動で判断できなかった申請を、書類と読み取り結果を見比べて承認・却下・追加依頼します。",
            "Decide the claims the rules could not: compare the documents with what was read, then approve, reject or ask.");
        public static readonly LocalizedText FinanceCardBody = new(
            "承認済みの払い戻しを振込バッチにまとめ、全銀ファイルを作り、銀行の結果を取り込みます。",
            "Batch the approved refunds, write the Zengin file and record the bank's results.");
        public static readonly LocalizedText Open = new("開く", "Open");
    }

    /// <summary>The staff sign-in page.</summary>
    public static class SignIn
    {
        public static readonly LocalizedText Title = new("職員サインイン", "Staff sign-in");
        public static readonly LocalizedText Intro = new(
            "職員用のトークンを貼り付けてサインインしてください。トークンはこのブラウザーにのみ保存され、ブラウザーを閉じると消えます。",
            "Paste your staff token to sign in. It is kept in this browser only, until you close it.");
        public static readonly LocalizedText DevHint = new(
            "開発環境では、リポジトリで次のコマンドを実行してトークンを発行します（役割: operator, reviewer, senior-reviewer, finance）。",
            "In development, mint a token in the repository with this command (roles: operator, reviewer, senior-reviewer, finance).");
        public const string DevCommand = "./reimburse token --role operator --name \"Yamada Hanako\"";
        public static readonly LocalizedText TokenLabel = new("トークン", "Token");
        public static readonly LocalizedText TokenHint = new("「eyJ」で始まる長い文字列です。", "A long string starting with \"eyJ\".");
        public static readonly LocalizedText Submit = new("サインイン", "Sign in");
        public static readonly LocalizedText TokenMissing = new("トークンを貼り付けてください。", "Paste your token.");
        public static readonly LocalizedText TokenInvalid = new(
            "トークンを確認できませんでした。途中で切れていないか確認し、もう一度コピーして貼り付けてください。",
            "The token could not be verified. Check that it was copied whole, and paste it again.");
        public static readonly LocalizedText TokenExpired = new(
            "トークンの有効期限が切れているか、まだ有効になっていません。新しいトークンを発行してください。",
            "The token has expired or is not valid yet. Mint a new one.");
        public static readonly LocalizedText TokenNoRole = new(
            "このトークンには職員の役割がありません。役割を指定して発行し直してください。",
            "This token carries no staff role. Mint it again with a role.");
        public static readonly LocalizedText NotConfigured = new(
            "職員サインインが設定されていません（StaffTokens:SigningKey）。管理者に連絡してください。",
            "Staff sign-in is not configured (StaffTokens:SigningKey). Contact the administrator.");
        public static readonly LocalizedText Expired = new("サインインの有効期限が切れました。もう一度サインインしてください。", "Your sign-in has expired. Please sign in again.");
        public static readonly LocalizedText SignedOut = new("サインアウトしました。", "You have signed out.");
        public static readonly LocalizedText AlreadySignedIn = new("{0} としてサインインしています。", "You are signed in as {0}.");
    }

    /// <summary>Names of the staff roles.</summary>
    public static LocalizedText Role(string role) => role switch
    {
        Roles.Operator => new("運用担当", "Operator"),
        Roles.Reviewer => new("審査担当", "Reviewer"),
        Roles.SeniorReviewer => new("上級審査担当", "Senior reviewer"),
        Roles.Finance => new("経理担当", "Finance"),
        _ => new(role, role),
    };
}
