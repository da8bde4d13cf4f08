using System.Text;

namespace Reimburse.Functions.Tests.Pages;

/// <summary>Small incident and customer files the page tests upload like an operator would.</summary>
public static class PageSamples
{
    public static string IncidentYaml(string id, string name = "テスト商会 不正アクセス (2026)") => $"""
        id: {id}
        name: {name}
        disclosedOn: 2026-10-01
        exposedFrom: 2026-06-01
        exposedTo: 2026-09-15
        claimsOpenOn: 2026-10-01
        claimsCloseOn: 2027-03-31
        policy:
          defaultFeeCap: 1100
          fourEyesThreshold: 1000
        """;

    /// <summary>A definition with two problems: an impossible date and a confidence above 1.</summary>
    public static string InvalidIncidentYaml(string id) => $"""
        id: {id}
        name: 壊れた定義
        disclosedOn: 2026-13-01
        exposedFrom: 2026-06-01
        exposedTo: 2026-09-15
        claimsOpenOn: 2026-10-01
        claimsCloseOn: 2027-03-31
        policy:
          minConfidence: 2
        """;

    /// <summary>Holder of a leaked card (VISA …4242) at postal code 100-0001.</summary>
    public const string CardHolderId = "C-0001";

    /// <summary>Only personal data leaked; postal code 530-0001.</summary>
    public const string PersonalOnlyId = "C-0002";

    /// <summary>
    /// Four customers: a card holder, a personal-data-only customer, a row rejected for a bad email (line 4), and a
    /// row whose full card number is masked (line 5).
    /// </summary>
    public static byte[] CustomerCsv() => Encoding.UTF8.GetBytes(
        """
        顧客番号,氏名,フリガナ,メールアドレス,電話番号,郵便番号,住所,カード情報流出,流出カード,流出情報
        C-0001,山田 花子,ヤマダ ハナコ,hanako@example.jp,03-1234-5678,100-0001,東京都千代田区千代田1-1,あり,VISA:4242,氏名;住所;メール;カード
        C-0002,佐藤 一郎,サトウ イチロウ,ichiro@example.jp,06-1234-5678,530-0001,大阪府大阪市北区梅田1-1,なし,,氏名;住所;電話
        C-0003,鈴木 次郎,スズキ ジロウ,jiro.example.jp,052-123-4567,460-0001,愛知県名古屋市中区三の丸1-1,なし,,氏名
        C-0004,高橋 三郎,タカハシ サブロウ,saburo@example.jp,011-123-4567,060-0001,北海道札幌市中央区北一条西1-1,あり,JCB:3530111333300000,氏名;カード

        """.Replace("\n", "\r\n", StringComparison.Ordinal));

    /// <summary>A file that cannot be read at all: its header (line 1) lacks the postal code column.</summary>
    public static byte[] HeaderlessCsv() => Encoding.UTF8.GetBytes(
        "顧客番号,氏名,カード情報流出\r\nC-1,山田 花子,あり\r\nC-2,佐藤 一郎,なし\r\n");
}
