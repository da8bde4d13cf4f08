using System.Globalization;
using System.Text;
using Reimburse.Customers;

namespace Reimburse.Functions.Benchmarks;

/// <summary>What to generate.</summary>
/// <param name="Rows">Data rows (the header not counted); Vector's leak was 261,161.</param>
/// <param name="Seed">Same seed, same file.</param>
/// <param name="BadEvery">Every n-th row is bad in one of five ways (0: none).</param>
/// <param name="FullCardEvery">Every n-th card row carries a full card number instead of the last 4 (0: none).</param>
/// <param name="Duplicates">Rows at the end that repeat an earlier customer id.</param>
/// <param name="ChangedEvery">Every n-th row gets a different address: a "corrected" file (0: none).</param>
/// <param name="CorrectBadRows">Write the bad rows correctly: the corrected file.</param>
public sealed record CustomerFileSpec(int Rows, int Seed = 2012, int BadEvery = 500, int FullCardEvery = 997, int Duplicates = 7, int ChangedEvery = 0, bool CorrectBadRows = false);

/// <summary>A row the import must reject, and the column it must blame.</summary>
public sealed record ExpectedRejection(long Line, string CustomerId, string Column);

/// <summary>What the generated file holds, so that a test can check the import's counts and report exactly.</summary>
/// <param name="Rows">Data rows written.</param>
/// <param name="ValidCustomers">Distinct customers the import must accept.</param>
/// <param name="Rejections">Rows to reject, in line order (duplicates included).</param>
/// <param name="MaskedRows">Valid rows (repeated ones included) with a full card number to mask.</param>
/// <param name="ChangedRows">Valid rows whose content differs from the uncorrected file (seen as updates on re-import).</param>
/// <param name="CardCustomers">Valid customers with card data leaked.</param>
/// <param name="FullCardNumbers">The full card numbers written into the file (test data), which must never be stored.</param>
public sealed record GeneratedCustomerFile(long Rows, long ValidCustomers, IReadOnlyList<ExpectedRejection> Rejections, long MaskedRows, long ChangedRows, long CardCustomers, IReadOnlyList<string> FullCardNumbers);

/// <summary>
/// Writes a realistic affected-customer file: Japanese headers, common surnames and given names with their kana
/// (some in half-width kana or hiragana, some with the 髙/邉/齋 variants), addresses in twelve prefectures, phones,
/// emails, card data for ~43% of customers (Kagoya: 20,809 of 48,685), and a known set of bad rows.
/// </summary>
public static class CustomerFileGenerator
{
    public const string Header = "顧客番号,氏名,フリガナ,メールアドレス,電話番号,郵便番号,住所,カード情報流出,流出カード";

    private static readonly (string Kanji, string Kana, string Romaji)[] Surnames =
    [
        ("佐藤", "サトウ", "sato"), ("鈴木", "スズキ", "suzuki"), ("高橋", "タカハシ", "takahashi"), ("田中", "タナカ", "tanaka"),
        ("伊藤", "イトウ", "ito"), ("渡辺", "ワタナベ", "watanabe"), ("山本", "ヤマモト", "yamamoto"), ("中村", "ナカムラ", "nakamura"),
        ("小林", "コバヤシ", "kobayashi"), ("加藤", "カトウ", "kato"), ("吉田", "ヨシダ", "yoshida"), ("山田", "ヤマダ", "yamada"),
        ("佐々木", "ササキ", "sasaki"), ("山口", "ヤマグチ", "yamaguchi"), ("松本", "マツモト", "matsumoto"), ("井上", "イノウエ", "inoue"),
        ("木村", "キムラ", "kimura"), ("林", "ハヤシ", "hayashi"), ("斎藤", "サイトウ", "saito"), ("清水", "シミズ", "shimizu"),
        ("山崎", "ヤマザキ", "yamazaki"), ("森", "モリ", "mori"), ("池田", "イケダ", "ikeda"), ("橋本", "ハシモト", "hashimoto"),
        ("阿部", "アベ", "abe"), ("石川", "イシカワ", "ishikawa"), ("山下", "ヤマシタ", "yamashita"), ("中島", "ナカジマ", "nakajima"),
        ("石井", "イシイ", "ishii"), ("小川", "オガワ", "ogawa"), ("前田", "マエダ", "maeda"), ("岡田", "オカダ", "okada"),
        ("長谷川", "ハセガワ", "hasegawa"), ("藤田", "フジタ", "fujita"), ("後藤", "ゴトウ", "goto"), ("近藤", "コンドウ", "kondo"),
        ("村上", "ムラカミ", "murakami"), ("遠藤", "エンドウ", "endo"), ("青木", "アオキ", "aoki"), ("坂本", "サカモト", "sakamoto"),
        ("髙橋", "タカハシ", "takahashi"), ("渡邉", "ワタナベ", "watanabe"), ("齋藤", "サイトウ", "saito"), ("﨑山", "サキヤマ", "sakiyama"),
    ];

    private static readonly (string Kanji, string Kana, string Romaji)[] GivenNames =
    [
        ("太郎", "タロウ", "taro"), ("花子", "ハナコ", "hanako"), ("翔太", "ショウタ", "shota"), ("陽菜", "ヒナ", "hina"),
        ("蓮", "レン", "ren"), ("結衣", "ユイ", "yui"), ("大翔", "ヒロト", "hiroto"), ("美咲", "ミサキ", "misaki"),
        ("健一", "ケンイチ", "kenichi"), ("由美子", "ユミコ", "yumiko"), ("誠", "マコト", "makoto"), ("恵子", "ケイコ", "keiko"),
        ("拓也", "タクヤ", "takuya"), ("さくら", "サクラ", "sakura"), ("一郎", "イチロウ", "ichiro"), ("直樹", "ナオキ", "naoki"),
        ("愛", "アイ", "ai"), ("浩二", "コウジ", "koji"), ("真由美", "マユミ", "mayumi"), ("裕子", "ユウコ", "yuko"),
        ("大輔", "ダイスケ", "daisuke"), ("明美", "アケミ", "akemi"), ("隆", "タカシ", "takashi"), ("智子", "トモコ", "tomoko"),
        ("悠真", "ユウマ", "yuma"), ("葵", "アオイ", "aoi"), ("颯太", "ソウタ", "sota"), ("凛", "リン", "rin"),
    ];

    private static readonly (string Postal, string Address)[] Places =
    [
        ("100", "東京都千代田区千代田"), ("160", "東京都新宿区西新宿"), ("530", "大阪府大阪市北区梅田"), ("460", "愛知県名古屋市中区栄"),
        ("060", "北海道札幌市中央区北一条西"), ("810", "福岡県福岡市中央区天神"), ("980", "宮城県仙台市青葉区一番町"),
        ("730", "広島県広島市中区紙屋町"), ("220", "神奈川県横浜市西区みなとみらい"), ("600", "京都府京都市下京区四条通"),
        ("650", "兵庫県神戸市中央区三宮町"), ("900", "沖縄県那覇市久茂地"), ("330", "埼玉県さいたま市大宮区桜木町"),
    ];

    private static readonly string[] Buildings = ["", "", "", " サンハイツ", " グランドメゾン", " コーポ若葉", " パークタワー"];
    private static readonly string[] Domains = ["example.jp", "example.co.jp", "example.ne.jp", "mail.example.com"];
    private static readonly (string Brand, string Prefix, int Weight)[] Brands =
        [("VISA", "4", 45), ("Mastercard", "5", 25), ("JCB", "35", 22), ("AMEX", "37", 6), ("Diners", "36", 2)];

    /// <summary>Writes the file to <paramref name="output"/> in <paramref name="encoding"/> (no BOM) and says what it holds.</summary>
    public static async Task<GeneratedCustomerFile> WriteAsync(Stream output, CustomerFileSpec spec, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // Reproducible test data, not security: a seeded generator is the point.
#pragma warning disable CA5394
        var random = new Random(spec.Seed);
        var writer = new StreamWriter(output, encoding, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(Header).ConfigureAwait(false);
            var rejections = new List<ExpectedRejection>();
            long valid = 0, masked = 0, changed = 0, cards = 0;
            var firstRows = new List<(string Row, bool Masked)>();
            var fullNumbers = new List<string>();
            var uniqueRows = spec.Rows - spec.Duplicates;
            for (var i = 1; i <= uniqueRows; i++)
            {
                var line = i + 1L;
                var id = "V" + i.ToString("D7", CultureInfo.InvariantCulture);
                var surname = Surnames[random.Next(Surnames.Length)];
                var given = GivenNames[random.Next(GivenNames.Length)];
                var place = Places[random.Next(Places.Length)];
                var postal = place.Postal + "-" + random.Next(10_000).ToString("D4", CultureInfo.InvariantCulture);
                var chome = random.Next(1, 10);
                var address = $"{place.Address}{chome}丁目{random.Next(1, 30)}-{random.Next(1, 20)}{Buildings[random.Next(Buildings.Length)]}";
                if (address.EndsWith('ツ') || address.EndsWith('ン') || address.EndsWith('葉') || address.EndsWith('ー'))
                {
                    address += $" {random.Next(1, 15)}0{random.Next(1, 10)}号室";
                }
                if (spec.ChangedEvery > 0 && i % spec.ChangedEvery == 0)
                {
                    address += "（転居）";
                }
                var name = surname.Kanji + (random.Next(3) == 0 ? "\u3000" : " ") + given.Kanji;
                var kana = (random.Next(10)) switch
                {
                    0 => ToHalfWidth(surname.Kana) + " " + ToHalfWidth(given.Kana),
                    1 => ToHiragana(surname.Kana) + " " + ToHiragana(given.Kana),
                    _ => surname.Kana + "\u3000" + given.Kana,
                };
                var email = random.Next(10) < 8 ? $"{given.Romaji}.{surname.Romaji}{random.Next(1000)}@{Domains[random.Next(Domains.Length)]}" : "";
                var phone = random.Next(10) < 6
                    ? $"0{(random.Next(2) == 0 ? "90" : "80")}-{random.Next(10_000):D4}-{random.Next(10_000):D4}"
                    : "";
                var cardLeaked = random.NextDouble() < 0.43;
                var cardField = "";
                var full = false;
                if (cardLeaked)
                {
                    var count = random.Next(10) == 0 ? 2 : 1;
                    var entries = new List<string>();
                    for (var c = 0; c < count; c++)
                    {
                        var brand = PickBrand(random);
                        if (spec.FullCardEvery > 0 && (i + c) % spec.FullCardEvery == 0)
                        {
                            var number = LuhnNumber(random, brand.Prefix, brand.Brand == "AMEX" ? 15 : 16);
                            fullNumbers.Add(number);
                            entries.Add(brand.Brand + ":" + number);
                            full = true;
                        }
                        else
                        {
                            entries.Add(brand.Brand + ":" + random.Next(10_000).ToString("D4", CultureInfo.InvariantCulture));
                        }
                    }
                    cardField = string.Join(";", entries);
                }
                var flag = cardLeaked ? (random.Next(2) == 0 ? "あり" : "true") : (random.Next(2) == 0 ? "なし" : "false");

                // Drawn for every row, so that bad and corrected files stay row-for-row identical elsewhere.
                var unknownBrandLast4 = random.Next(10_000).ToString("D4", CultureInfo.InvariantCulture);
                string? badColumn = null;
                if (spec.BadEvery > 0 && i % spec.BadEvery == 0 && !spec.CorrectBadRows)
                {
                    switch (i / spec.BadEvery % 5)
                    {
                        case 0:
                            email = $"{given.Romaji}.{surname.Romaji}.example.jp";
                            badColumn = "email";
                            break;
                        case 1:
                            name = "";
                            badColumn = "name";
                            break;
                        case 2:
                            flag = "不明";
                            badColumn = "card_leaked";
                            break;
                        case 3:
                            postal = place.Postal + "-12";
                            badColumn = "postal_code";
                            break;
                        default:
                            cardLeaked = true;
                            flag = "あり";
                            cardField = "NICOS:" + unknownBrandLast4;
                            full = false;
                            badColumn = "cards";
                            break;
                    }
                }
                var row = string.Join(",", id, Quote(name), Quote(kana), email, phone, postal, Quote(address), flag, Quote(cardField));
                await writer.WriteLineAsync(row.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (badColumn is not null)
                {
                    rejections.Add(new ExpectedRejection(line, id, badColumn));
                    continue;
                }
                valid++;
                masked += full ? 1 : 0;
                cards += cardLeaked ? 1 : 0;
                if (spec.ChangedEvery > 0 && i % spec.ChangedEvery == 0)
                {
                    changed++;
                }
                if (firstRows.Count < spec.Duplicates && i % 1000 == 1)
                {
                    firstRows.Add((row, full));
                }
            }
            for (var d = 0; d < spec.Duplicates; d++)
            {
                var (row, rowMasked) = firstRows[d % firstRows.Count];
                await writer.WriteLineAsync(row.AsMemory(), cancellationToken).ConfigureAwait(false);
                // The repeated row is rejected, but the card number in it is masked all the same.
                masked += rowMasked ? 1 : 0;
                rejections.Add(new ExpectedRejection(uniqueRows + d + 2L, row[..row.IndexOf(',', StringComparison.Ordinal)], "customer_id"));
            }
#pragma warning restore CA5394
            return new GeneratedCustomerFile(spec.Rows, valid, rejections, masked, changed, cards, fullNumbers);
        }
    }

    /// <summary>Writes the file to a new temporary file and returns its path with what it holds.</summary>
    public static async Task<(string Path, GeneratedCustomerFile File)> WriteTempAsync(string folder, CustomerFileSpec spec, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var path = Path.Combine(folder, $"customers-{spec.Rows}-{spec.Seed}-{encoding.WebName}-{Guid.NewGuid():N}.csv");
        await using var stream = File.Create(path);
        var file = await WriteAsync(stream, spec, encoding, cancellationToken).ConfigureAwait(false);
        return (path, file);
    }

    private static (string Brand, string Prefix) PickBrand(Random random)
    {
#pragma warning disable CA5394
        var roll = random.Next(100);
#pragma warning restore CA5394
        foreach (var (brand, prefix, weight) in Brands)
        {
            if (roll < weight)
            {
                return (brand, prefix);
            }
            roll -= weight;
        }
        return (Brands[0].Brand, Brands[0].Prefix);
    }

    private static string LuhnNumber(Random random, string prefix, int length)
    {
        var digits = new StringBuilder(prefix);
#pragma warning disable CA5394
        while (digits.Length < length - 1)
        {
            digits.Append((char)('0' + random.Next(10)));
        }
#pragma warning restore CA5394
        for (var check = '0'; check <= '9'; check++)
        {
            if (Privacy.CardNumbers.IsLuhnValid(digits.ToString() + check))
            {
                return digits.Append(check).ToString();
            }
        }
        throw new InvalidOperationException("unreachable: one check digit always fits");
    }

    private static string Quote(string value) => CsvText.Escape(value);

    private static string ToHiragana(string katakana) =>
        string.Concat(katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - ('ァ' - 'ぁ')) : c));

    private static string ToHalfWidth(string katakana)
    {
        // The reverse of NFKC for the katakana in the lists: half-width forms as old mainframe exports write them.
        const string full = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー";
        const string half = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ";
        const string voiced = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
        const string voicedBase = "カキクケコサシスセソタチツテトハヒフヘホ";
        const string semi = "パピプペポ";
        const string semiBase = "ハヒフヘホ";
        var sb = new StringBuilder();
        foreach (var c in katakana)
        {
            int k;
            if ((k = voiced.IndexOf(c, StringComparison.Ordinal)) >= 0)
            {
                sb.Append(half[full.IndexOf(voicedBase[k], StringComparison.Ordinal)]).Append('ﾞ');
            }
            else if ((k = semi.IndexOf(c, StringComparison.Ordinal)) >= 0)
            {
                sb.Append(half[full.IndexOf(semiBase[k], StringComparison.Ordinal)]).Append('ﾟ');
            }
            else if ((k = full.IndexOf(c, StringComparison.Ordinal)) >= 0)
            {
                sb.Append(half[k]);
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
