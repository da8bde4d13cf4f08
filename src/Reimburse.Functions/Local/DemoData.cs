using System.Globalization;
using Reimburse.Incidents;
using Reimburse.LocalReader.Corpus;

namespace Reimburse.Functions.Local;

/// <summary>
/// Demo data for `reimburse up`, put in through the app's own API: an incident, 300 affected customers, their claim
/// codes, and claims in several states (approved, waiting for a clearer document, with a reviewer, not eligible). The
/// first start creates it; every start re-issues the codes of three demo customers and prints them, since codes are
/// stored only as HMACs and cannot be shown again.
/// </summary>
internal static class DemoData
{
    public const string IncidentId = "demo-2026";

    private const int Customers = 300;

    private static readonly (string Kanji, string Kana)[] Names =
    [
        ("山田 太郎", "ヤマダ タロウ"), ("佐藤 花子", "サトウ ハナコ"), ("鈴木 一郎", "スズキ イチロウ"), ("高橋 健太", "タカハシ ケンタ"),
        ("田中 美咲", "タナカ ミサキ"), ("伊藤 陽子", "イトウ ヨウコ"), ("渡辺 翔", "ワタナベ ショウ"), ("中村 結衣", "ナカムラ ユイ"),
        ("小林 大輔", "コバヤシ ダイスケ"), ("加藤 直子", "カトウ ナオコ"), ("吉田 拓也", "ヨシダ タクヤ"), ("山本 恵", "ヤマモト メグミ"),
        ("松本 誠", "マツモト マコト"), ("井上 さくら", "イノウエ サクラ"), ("木村 隆", "キムラ タカシ"), ("林 愛", "ハヤシ アイ"),
    ];

    /// <summary>The demo customers whose codes are printed, with what a person will find when signing in.</summary>
    private static readonly (int Customer, string Ja, string En)[] Shown =
    [
        (1, "申請前(明細PDFを添付して申請できます)", "no claim yet: submit one with a statement"),
        (2, "申請済・承認済", "has an approved claim"),
        (3, "追加書類のお願いあり", "is asked for a clearer document"),
    ];

    public static Incident Incident { get; } = new(
        IncidentId, "デモ通販サイト 不正アクセス (2026)",
        DisclosedOn: new DateOnly(2026, 7, 1),
        ExposedFrom: new DateOnly(2026, 1, 5),
        ExposedTo: new DateOnly(2026, 6, 30),
        ClaimsOpenOn: new DateOnly(2026, 7, 1),
        ClaimsCloseOn: new DateOnly(2027, 12, 31),
        IncidentPolicy.Default with { IssuersWaivingFee = ["rakuten"] });

    /// <summary>Creates the demo data if it is not there, re-issues the shown customers' codes and prints them.</summary>
    public static async Task EnsureAsync(Uri app, byte[] staffKey, TextWriter output, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromMinutes(2) };
        var api = new ReimburseApiClient(http, ReimburseApiClient.OperatorToken(staffKey, DateTimeOffset.UtcNow));
        if (!await api.IncidentExistsAsync(IncidentId, ct).ConfigureAwait(false))
        {
            await api.PutIncidentAsync(Incident, ct).ConfigureAwait(false);
            await api.ImportCustomersAsync(IncidentId, Enumerable.Range(1, Customers).Select(Row), ct).ConfigureAwait(false);
            var codes = await api.IssueCodesAsync(IncidentId, null, ct).ConfigureAwait(false);
            var claims = await SubmitClaimsAsync(api, codes, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"Demo data: incident {IncidentId}, {Customers} affected customers with codes, {claims}").ConfigureAwait(false);
        }
        var shown = await api.IssueCodesAsync(IncidentId, [.. Shown.Select(s => CustomerId(s.Customer))], ct).ConfigureAwait(false);
        await output.WriteLineAsync("Demo claim codes (re-issued at every start; POST /api/session with the code and postal code):").ConfigureAwait(false);
        foreach (var (customer, ja, en) in Shown)
        {
            var (code, postal) = shown[CustomerId(customer)];
            await output.WriteLineAsync($"  {code}  〒{postal}  {Names[customer % Names.Length].Kanji}: {ja} / {en}").ConfigureAwait(false);
        }
    }

    // Claims in several states: each goes through sign-in and the claim API, then the app's runner decides it.
    private static async Task<string> SubmitClaimsAsync(ReimburseApiClient api, Dictionary<string, (string Code, string PostalCode)> codes, CancellationToken ct)
    {
        var june = new DateOnly(2026, 6, 12);
        StatementOrder Order(int customer, long? fee, bool waived = false) =>
            new("demo-" + customer.ToString(CultureInfo.InvariantCulture), "smbc", "statement", fee, waived, Last4(customer), Names[customer % Names.Length].Kanji, june, customer);
        var folder = Path.Combine(Path.GetTempPath(), "reimburse-demo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            IReadOnlyList<string> printed;
            try
            {
                printed = await StatementPrinter.PrintAsync([Order(2, 1_100), Order(4, 1_100), Order(5, null, waived: true), Order(6, 550)], folder, null, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or FileNotFoundException)
            {
                return "no demo claims (statements could not be printed: " + ex.Message + ")";
            }
            var cases = new (int Customer, byte[] File, string Type, long Declared)[]
            {
                (2, await File.ReadAllBytesAsync(printed[0], ct).ConfigureAwait(false), "application/pdf", 1_100),
                // A blank scan: the reader finds no text and the claimant is asked for a clearer copy.
                (3, BlankScan(), "application/pdf", 1_100),
                // Declared ¥1,000 against ¥1,100 on the statement: a reviewer decides.
                (4, await File.ReadAllBytesAsync(printed[1], ct).ConfigureAwait(false), "application/pdf", 1_000),
                (5, await File.ReadAllBytesAsync(printed[2], ct).ConfigureAwait(false), "application/pdf", 1_100),
                (6, await File.ReadAllBytesAsync(printed[3], ct).ConfigureAwait(false), "application/pdf", 550),
            };
            foreach (var (customer, file, type, declared) in cases)
            {
                var (code, postal) = codes[CustomerId(customer)];
                var session = await api.SignInAsync(code, postal, ct).ConfigureAwait(false);
                var input = new ClaimFormInput(june.AddDays(-2), declared, Last4(customer), (1_234_000 + customer).ToString(CultureInfo.InvariantCulture), Names[customer % Names.Length].Kana);
                await api.SubmitClaimAsync(session, input, file, type, "明細.pdf", ct).ConfigureAwait(false);
            }
            return cases.Length + " claims submitted (approved, asked for a clearer document, with a reviewer, waived fee, approved)";
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string Row(int i)
    {
        var (kanji, kana) = Names[i % Names.Length];
        // Card data leaked for about four customers in ten (Kagoya: 20,809 of 48,685); always for the first ten.
        var card = i <= 10 || i % 5 < 2;
        return string.Create(CultureInfo.InvariantCulture,
            $"{CustomerId(i)},{kanji},{kana},{100 + (i % 800):D3}-{i % 10_000:D4},東京都千代田区丸の内{i}-1,{(card ? "あり" : "なし")},{(card ? "VISA:" + Last4(i) : "")}");
    }

    private static string CustomerId(int i) => "D" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static string Last4(int i) => (4000 + i).ToString("D4", CultureInfo.InvariantCulture);

    private static byte[] BlankScan() => System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        + "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
}
