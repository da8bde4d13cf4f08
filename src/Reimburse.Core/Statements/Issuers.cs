namespace Reimburse.Statements;

/// <summary>A card issuer known to the readers and the policy: id, display names, and names it goes by on statements.</summary>
public sealed record IssuerInfo(string Id, string NameJa, string NameEn, IReadOnlyList<string> Aliases);

/// <summary>The card issuers the readers recognise by name. Ids are stable keys used in incident policies.</summary>
public static class Issuers
{
    public static IReadOnlyList<IssuerInfo> All { get; } =
    [
        new("jcb", "JCB", "JCB", ["JCB", "ジェーシービー", "株式会社ジェーシービー"]),
        new("smbc", "三井住友カード", "Sumitomo Mitsui Card", ["三井住友カード", "三井住友", "SMBC", "Sumitomo Mitsui Card"]),
        new("rakuten", "楽天カード", "Rakuten Card", ["楽天カード", "楽天", "Rakuten"]),
        new("saison", "クレディセゾン", "Credit Saison", ["クレディセゾン", "セゾン", "SAISON", "Saison"]),
        new("aeon", "イオンカード", "AEON Card", ["イオンカード", "イオンフィナンシャルサービス", "イオン", "AEON"]),
        new("mufg", "三菱UFJニコス", "Mitsubishi UFJ NICOS", ["三菱UFJニコス", "MUFGカード", "三菱UFJ", "NICOS", "ニコス"]),
        new("epos", "エポスカード", "Epos Card", ["エポスカード", "エポス", "EPOS"]),
        new("orico", "オリエントコーポレーション", "Orient Corporation", ["オリコ", "オリエントコーポレーション", "Orico"]),
        new("view", "ビューカード", "View Card", ["ビューカード", "VIEW"]),
        new("docomo", "dカード", "d Card", ["dカード", "ドコモ", "docomo"]),
    ];

    public static IssuerInfo? Find(string? id) => All.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal));
}
