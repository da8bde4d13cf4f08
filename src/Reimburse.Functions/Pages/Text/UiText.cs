using Reimburse.Text;

namespace Reimburse.Functions.Pages.Text;

/// <summary>
/// Every string the pages show, in Japanese and English: the one place to read, review and translate the UI.
/// Views write <c>@Ui[T.Area.Name]</c>; nothing user-visible is typed into a view. Placeholders are
/// <c>string.Format</c> style (<c>{0}</c>), filled by <see cref="Ui.Format"/>.
/// </summary>
public static partial class UiText
{
    /// <summary>The frame around every page.</summary>
    public static class Layout
    {
        public static readonly LocalizedText ServiceName = new("カード再発行手数料の払い戻し", "Card reissue fee refunds");
        public static readonly LocalizedText StaffServiceName = new("払い戻し業務 — 職員用", "Refunds — staff console");
        public static readonly LocalizedText SkipToContent = new("本文へ移動", "Skip to main content");
        public static readonly LocalizedText LanguageMenu = new("言語", "Language");
        public static readonly LocalizedText Footer = new(
            "ご不明な点は、お知らせに記載の専用窓口へお問い合わせください。当社から電話やメールでカード番号・暗証番号・セキュリティコードをお尋ねすることはありません。",
            "For questions, contact the help desk named in your notice. We will never ask for your card number, PIN or security code by phone or email.");
        public static readonly LocalizedText ErrorTitlePrefix = new("エラー: ", "Error: ");
        public static readonly LocalizedText Home = new("トップ", "Home");
        public static readonly LocalizedText StaffFooter = new(
            "職員専用です。画面に表示される個人情報は業務以外に使用しないでください。",
            "Staff only. Use the personal data shown here for this work alone.");

        /// <summary>Language names are written in their own language, whatever the page's language.</summary>
        public const string JapaneseName = "日本語";

        /// <summary>See <see cref="JapaneseName"/>.</summary>
        public const string EnglishName = "English";
    }

    /// <summary>Words used on many pages.</summary>
    public static class Common
    {
        public static readonly LocalizedText ErrorSummaryTitle = new("入力内容を確認してください", "There is a problem");
        public static readonly LocalizedText ErrorPrefix = new("エラー:", "Error:");
        public static readonly LocalizedText Back = new("戻る", "Back");
        public static readonly LocalizedText Sending = new("送信しています…", "Sending…");
        public static readonly LocalizedText Yes = new("はい", "Yes");
        public static readonly LocalizedText No = new("いいえ", "No");
        public static readonly LocalizedText None = new("なし", "None");
        public static readonly LocalizedText DateRange = new("{0} 〜 {1}", "{0} to {1}");
        public static readonly LocalizedText ScrollableTable = new("表（横にスクロールできます）", "Table (scrolls sideways)");
    }

    /// <summary>The error pages.</summary>
    public static class Errors
    {
        public static readonly LocalizedText NotFoundTitle = new("ページが見つかりません", "Page not found");
        public static readonly LocalizedText NotFoundBody = new(
            "アドレスが間違っているか、ページが移動した可能性があります。",
            "The address may be wrong, or the page may have moved.");
        public static readonly LocalizedText BadRequestTitle = new("送信を受け付けられませんでした", "We could not accept that");
        public static readonly LocalizedText BadRequestBody = new(
            "ページを開いてから時間が経ったか、別の画面から送信された可能性があります。ページを開き直して、もう一度お試しください。",
            "The page may have been open for a long time, or the form came from another page. Open the page again and retry.");
        public static readonly LocalizedText TooLargeTitle = new("ファイルが大きすぎます", "The file is too large");
        public static readonly LocalizedText TooLargeBody = new("より小さいファイルでもう一度お試しください。", "Try again with a smaller file.");
        public static readonly LocalizedText ForbiddenTitle = new("このページを表示する権限がありません", "You do not have access to this page");
        public static readonly LocalizedText ForbiddenBody = new(
            "この業務に必要な役割が、サインイン中のアカウントにありません。別の役割でサインインし直してください。",
            "The account you signed in with does not have the role this work needs. Sign in again with another role.");
        public static readonly LocalizedText ServerErrorTitle = new("問題が発生しました", "Sorry, something went wrong");
        public static readonly LocalizedText ServerErrorBody = new(
            "入力いただいた内容は保存されていない可能性があります。時間をおいてもう一度お試しください。",
            "What you entered may not have been saved. Please try again later.");
        public static readonly LocalizedText Reference = new("お問い合わせ番号: {0}", "Reference: {0}");
        public static readonly LocalizedText GoHome = new("トップページへ", "Go to the start page");
    }
}
