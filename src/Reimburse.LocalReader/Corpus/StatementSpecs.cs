using System.Globalization;
using Reimburse.Japanese;
using Reimburse.Privacy;

namespace Reimburse.LocalReader.Corpus;

/// <summary>An issuer as the generator draws it: names, card products, colour, phone.</summary>
internal sealed record IssuerStyle(string Id, string Company, string[] Cards, string Color, string Phone, string Bin);

/// <summary>A row of a statement table or a notice: label and printed amount.</summary>
internal sealed record SpecRow(string Label, string Amount, long Charge, string? Date = null);

/// <summary>How the fee appears on one document.</summary>
/// <param name="Rows">Table rows for the fee (one, or fee + tax).</param>
/// <param name="Sentence">The sentence a letter uses.</param>
/// <param name="CsvLabel">The description in a CSV statement.</param>
/// <param name="Fee">Truth: fee incl. tax, 0 when waived, null when absent.</param>
/// <param name="Waived">Truth: waived.</param>
internal sealed record FeeForm(IReadOnlyList<SpecRow> Rows, string Sentence, string CsvLabel, long? Fee, bool Waived);

/// <summary>How the card number is printed.</summary>
internal sealed record CardForm(string? Printed, string? Last4, string? FullNumber);

/// <summary>Photo or scan damage to apply.</summary>
internal sealed record ImageEffects(
    int Dpi,
    int QuarterTurns,
    float TiltDegrees,
    float Perspective,
    int Blur,
    float Noise,
    float Gamma,
    int JpegQuality,
    bool Color)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"dpi={Dpi} turn={QuarterTurns * 90} tilt={TiltDegrees:F1} persp={Perspective:F3} blur={Blur} noise={Noise:F0} gamma={Gamma:F2} q={JpegQuality}");
}

/// <summary>Everything random about one generated statement, drawn from one seeded <see cref="Random"/>.</summary>
internal sealed record StatementSpec(
    string Id,
    CorpusKind Kind,
    string Layout,
    IssuerStyle Issuer,
    string Card,
    string Font,
    double FontSize,
    FeeForm Fee,
    CardForm CardNumber,
    DateOnly Date,
    string DateText,
    string Holder,
    string PostalCode,
    string Address,
    IReadOnlyList<SpecRow> Items,
    string? SecurityCode,
    ImageEffects? Effects);

/// <summary>Draws statement specs: issuers, layouts, fee wordings, card-number forms, names, purchases.</summary>
internal static class StatementSpecs
{
    public static readonly IssuerStyle[] IssuerStyles =
    [
        new("jcb", "株式会社ジェーシービー", ["JCBカードW", "JCB一般カード", "JCBゴールド"], "#0b3b8c", "0570-015-864", "3540"),
        new("smbc", "三井住友カード株式会社", ["三井住友カード（NL）", "三井住友カード ゴールド"], "#006b3f", "0120-816-437", "4980"),
        new("rakuten", "楽天カード株式会社", ["楽天カード", "楽天ゴールドカード"], "#bf0000", "0570-66-6910", "5210"),
        new("saison", "株式会社クレディセゾン", ["セゾンカードインターナショナル", "セゾンパール・アメリカン・エキスプレス・カード"], "#1b3f8b", "0570-064-555", "4541"),
        new("aeon", "イオンフィナンシャルサービス株式会社", ["イオンカードセレクト", "イオンカード（WAON一体型）"], "#b5006b", "0570-071-090", "5335"),
        new("mufg", "三菱UFJニコス株式会社", ["三菱UFJカード", "MUFGカード ゴールド"], "#d7000f", "0120-223-877", "4297"),
        new("epos", "株式会社エポスカード", ["エポスカード", "エポスゴールドカード"], "#d40b38", "03-3383-0101", "4570"),
        new("orico", "株式会社オリエントコーポレーション", ["オリコカード・ザ・ポイント", "オリコカード"], "#e60012", "0570-550-120", "5247"),
        new("view", "株式会社ビューカード", ["ビューカード スタンダード", "JRE CARD ビューカード"], "#008837", "0570-666-117", "4346"),
        new("docomo", "株式会社NTTドコモ", ["dカード", "dカード GOLD"], "#cc0033", "0120-300-360", "4363"),
    ];

    private static readonly string[] Fonts = ["IPAGothic", "IPAMincho", "IPAPGothic", "Noto Sans CJK JP", "Noto Serif CJK JP"];

    private static readonly string[] FamilyNames = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山本", "松本", "井上", "木村"];

    private static readonly string[] GivenNames = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "結衣", "大輔", "直子", "拓也", "恵"];

    private static readonly string[] Addresses =
    [
        "東京都千代田区丸の内1-1-1", "大阪府大阪市北区梅田2-4-9", "神奈川県横浜市西区みなとみらい3-5-1",
        "愛知県名古屋市中村区名駅4-7-1", "福岡県福岡市博多区博多駅前2-1-1", "北海道札幌市中央区北5条西2-5",
        "京都府京都市下京区烏丸通七条下ル", "宮城県仙台市青葉区中央1-3-1",
    ];

    private static readonly string[] Merchants =
    [
        "セブン-イレブン", "AMAZON.CO.JP", "東京電力エナジーパートナー", "ENEOS サービスステーション", "スターバックス コーヒー",
        "ユニクロ", "モバイルSuica", "ヨドバシカメラ", "ローソン", "NETFLIX.COM", "楽天市場", "無印良品", "マツモトキヨシ",
    ];

    // Reissue fees incl. tax seen on Japanese issuers' statements; the tax-exclusive ones are printed "+税".
    private static readonly long[] Fees = [1_100, 1_100, 1_100, 550, 1_650, 2_200, 1_000];

    public static IssuerStyle Issuer(string id) => IssuerStyles.First(i => i.Id == id);

    public static StatementSpec Draw(Random random, string id, CorpusKind kind)
    {
        var issuer = Pick(random, IssuerStyles);
        var layout = kind is CorpusKind.CsvUtf8 or CorpusKind.CsvShiftJis
            ? Pick(random, ["csv-header", "csv-preamble", "csv-plain", "csv-tab"])
            : Pick(random, ["letter", "statement", "notice", "web"]);
        var date = new DateOnly(2023, 1, 1).AddDays(random.Next(0, 900));
        var dateText = random.Next(3) switch
        {
            0 => Wareki.Format(date),
            1 => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
            _ => date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture),
        };
        var holder = Pick(random, FamilyNames) + " " + Pick(random, GivenNames);
        var card = DrawCard(random, issuer);
        var items = DrawItems(random, date);
        var fee = DrawFee(random, date);
        var securityCode = random.Next(10) == 0 ? random.Next(100, 1000).ToString(CultureInfo.InvariantCulture) : null;
        ImageEffects? effects = kind switch
        {
            CorpusKind.Photo or CorpusKind.Heic => DrawPhoto(random),
            CorpusKind.Scan or CorpusKind.ScannedPdf => DrawScan(random),
            _ => null,
        };
        return new StatementSpec(
            id,
            kind,
            layout,
            issuer,
            Pick(random, issuer.Cards),
            Pick(random, Fonts),
            Pick(random, [10.5, 11.0, 12.0]),
            fee,
            card,
            date,
            dateText,
            holder,
            string.Create(CultureInfo.InvariantCulture, $"{random.Next(100, 999)}-{random.Next(0, 9999):D4}"),
            Pick(random, Addresses),
            items,
            securityCode,
            effects);
    }

    private static FeeForm DrawFee(Random random, DateOnly date)
    {
        var roll = random.Next(100);
        if (roll < 12)
        {
            return NoFee(random);
        }
        if (roll < 30)
        {
            return Waived(random);
        }
        return Charged(random, Pick(random, Fees), date, taxExcludedForm: true);
    }

    /// <summary>A document for a given order: everything the order does not fix is drawn from <paramref name="random"/>.</summary>
    public static StatementSpec FromOrder(StatementOrder order, Random random)
    {
        var issuer = IssuerStyles.FirstOrDefault(i => i.Id == order.Issuer)
            ?? throw new ArgumentException($"Unknown issuer '{order.Issuer}'; known: {string.Join(", ", IssuerStyles.Select(i => i.Id))}.", nameof(order));
        var fee = order switch
        {
            { Waived: true } => Waived(random),
            { Fee: null } => NoFee(random),
            { Fee: var amount } => Charged(random, amount!.Value, order.Date, taxExcludedForm: false),
        };
        var card = order.Last4 is { } last4 ? new CardForm("****-****-****-" + last4, last4, null) : new CardForm(null, null, null);
        var dateText = random.Next(3) switch
        {
            0 => Wareki.Format(order.Date),
            1 => order.Date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
            _ => order.Date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture),
        };
        return new StatementSpec(
            order.Id,
            CorpusKind.TextPdf,
            order.Layout,
            issuer,
            Pick(random, issuer.Cards),
            Pick(random, Fonts),
            Pick(random, [10.5, 11.0, 12.0]),
            fee,
            card,
            order.Date,
            dateText,
            order.Holder,
            string.Create(CultureInfo.InvariantCulture, $"{random.Next(100, 999)}-{random.Next(0, 9999):D4}"),
            Pick(random, Addresses),
            DrawItems(random, order.Date),
            null,
            null);
    }

    // The ¥1,000 fee is printed tax-exclusive ("1,000円+税") in drawn documents; an order's fee is always incl. tax.
    private static FeeForm Charged(Random random, long fee, DateOnly date, bool taxExcludedForm)
    {
        var label = Pick(random, ["カード再発行手数料", "再発行手数料", "カード再発行手数料", "再発行料", "再発行に伴う手数料", "発行手数料"]);
        if (taxExcludedForm && fee == 1_000)
        {
            // Printed without tax: "1,000円+税", or with a tax row.
            var total = fee + (fee / 10);
            return random.Next(2) == 0
                ? new FeeForm(
                    [new SpecRow(label, "1,000円+税", total)],
                    $"カード再発行手数料として1,000円+税を次回のご請求に含めてお支払いいただきます。",
                    label,
                    total,
                    false)
                : new FeeForm(
                    [new SpecRow(label, "1,000円", fee), new SpecRow("消費税", "100円", fee / 10)],
                    $"{label}1,000円および消費税100円を次回のご請求に含めてお支払いいただきます。",
                    label,
                    total,
                    false);
        }
        var amount = fee.ToString("#,0", CultureInfo.InvariantCulture);
        var printed = random.Next(6) switch
        {
            0 => "¥" + amount,
            1 => "￥" + Width.Normalize(amount).Aggregate("", (s, c) => s + ToFullWidth(c)),
            2 => amount + "円（税込）",
            3 => fee.ToString(CultureInfo.InvariantCulture) + " 円（税込）",
            _ => amount + "円",
        };
        var sentence = Pick(random, [
            $"つきましては、{label}として{amount}円（税込）を次回のご請求に含めてご請求させていただきます。",
            $"なお、{label}{amount}円（税込）は、{date.AddMonths(1).Month}月のお支払いにてご請求いたします。",
            $"{label}（{amount}円）をご負担いただきますので、ご了承ください。",
        ]);
        return new FeeForm([new SpecRow(label, printed, fee)], sentence, label, fee, false);
    }

    private static FeeForm Waived(Random random)
    {
        var label = Pick(random, ["カード再発行手数料", "再発行手数料", "再発行に伴う手数料"]);
        return random.Next(5) switch
        {
            0 => new FeeForm([new SpecRow(label, "無料", 0)], $"今回の{label}は無料です。", label + "（無料）", 0, true),
            1 => new FeeForm([new SpecRow(label, "0円", 0)], $"なお、{label}はいただきません。", label, 0, true),
            2 => new FeeForm([new SpecRow(label, "¥0", 0)], $"{label}は、通常1,100円（税込）のところ、今回は免除いたします。", label, 0, true),
            3 => new FeeForm([new SpecRow(label, "免除", 0)], $"今回のカード再発行に伴う手数料は当社が負担いたします。", label + "（免除）", 0, true),
            _ => new FeeForm([new SpecRow(label, "0円（免除）", 0)], $"{label}は無料とさせていただきます。", label, 0, true),
        };
    }

    private static FeeForm NoFee(Random random) => new(
        [],
        Pick(random, ["新しいカードは1週間程度でお届けします。", "お手元に届きましたら、裏面にご署名ください。"]),
        "",
        null,
        false);

    private static CardForm DrawCard(Random random, IssuerStyle issuer)
    {
        var number = issuer.Bin + string.Concat(Enumerable.Range(0, 11).Select(_ => random.Next(10).ToString(CultureInfo.InvariantCulture)));
        number += LuhnCheckDigit(number);
        var last4 = number[^4..];
        return random.Next(10) switch
        {
            0 or 1 => new CardForm($"{number[..4]} {number[4..8]} {number[8..12]} {number[12..]}", last4, number),
            2 => new CardForm($"{number[..4]}-{number[4..6]}**-****-{last4}", last4, null),
            3 => new CardForm($"XXXX-XXXX-XXXX-{last4}", last4, null),
            4 => new CardForm(null, null, null),
            _ => new CardForm($"****-****-****-{last4}", last4, null),
        };
    }

    private static List<SpecRow> DrawItems(Random random, DateOnly date)
    {
        var items = new List<SpecRow>();
        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            var amount = random.Next(2, 600) * 10 + random.Next(10);
            items.Add(new SpecRow(Pick(random, Merchants), amount.ToString("#,0", CultureInfo.InvariantCulture), amount, date.AddDays(-random.Next(1, 25)).ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
        }
        if (random.Next(4) == 0)
        {
            items.Add(new SpecRow("年会費", "1,375", 1_375, date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
        }
        if (random.Next(6) == 0)
        {
            items.Add(new SpecRow("ATM利用手数料", "220", 220, date.AddDays(-3).ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
        }
        return items;
    }

    private static ImageEffects DrawPhoto(Random random) => new(
        Dpi: random.Next(150, 211),
        QuarterTurns: random.Next(10) switch { 0 => 1, 1 => 3, 2 => 2, _ => 0 },
        TiltDegrees: (float)((random.NextDouble() * 8) - 4),
        Perspective: (float)(random.NextDouble() * 0.03),
        Blur: random.Next(4) == 0 ? 1 : 0,
        Noise: (float)(random.NextDouble() * 10),
        Gamma: (float)(0.8 + (random.NextDouble() * 0.5)),
        JpegQuality: random.Next(55, 90),
        // Gray: the reader converts to gray anyway, and noise on 32-bit colour costs four times as long.
        Color: false);

    private static ImageEffects DrawScan(Random random) => new(
        Dpi: random.Next(200, 301),
        QuarterTurns: random.Next(12) == 0 ? 2 : 0,
        TiltDegrees: (float)((random.NextDouble() * 2) - 1),
        Perspective: 0,
        Blur: 0,
        Noise: (float)(random.NextDouble() * 4),
        Gamma: 1.0f,
        JpegQuality: random.Next(70, 95),
        Color: false);

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static char ToFullWidth(char c) => c switch
    {
        >= '0' and <= '9' => (char)(c - '0' + '０'),
        ',' => '，',
        _ => c,
    };

    private static char LuhnCheckDigit(string payload)
    {
        for (var d = 0; d <= 9; d++)
        {
            if (CardNumbers.IsLuhnValid(payload + (char)('0' + d)))
            {
                return (char)('0' + d);
            }
        }
        throw new InvalidOperationException("No Luhn digit.");
    }
}
