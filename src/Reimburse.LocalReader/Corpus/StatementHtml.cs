using System.Globalization;
using System.Net;
using System.Text;

namespace Reimburse.LocalReader.Corpus;

/// <summary>
/// Lays out generated statements as HTML pages (one A4 page each) in the styles Japanese issuers use: a letter
/// (お知らせ), a monthly statement (ご利用明細書), a fee notice (手数料のお知らせ) and a web print (明細照会).
/// Chromium prints them to PDF with the Debian CJK fonts (fonts-ipafont, fonts-noto-cjk).
/// </summary>
internal static class StatementHtml
{
    public static string Document(IEnumerable<StatementSpec> specs)
    {
        var sb = new StringBuilder();
        sb.Append("""
            <!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>
            @page { size: A4; margin: 0 }
            html, body { margin: 0; padding: 0 }
            .page { width: 210mm; height: 296mm; box-sizing: border-box; padding: 16mm 18mm; overflow: hidden;
                    page-break-after: always; break-after: page; color: #111; line-height: 1.6; position: relative }
            h1 { font-size: 1.45em; margin: 6mm 0 4mm 0 }
            .right { text-align: right }
            table { border-collapse: collapse; margin: 3mm 0 }
            td, th { padding: 1.2mm 3mm; text-align: left; vertical-align: top }
            .grid td, .grid th { border: 0.3mm solid #777 }
            .num { text-align: right }
            .bar { height: 4mm; margin-bottom: 5mm }
            .small { font-size: 0.85em; color: #333 }
            .box { border: 0.4mm solid #333; padding: 3mm 5mm; margin: 4mm 0 }
            .footer { position: absolute; bottom: 14mm; left: 18mm; right: 18mm; font-size: 0.85em; border-top: 0.3mm solid #999; padding-top: 2mm }
            </style></head><body>
            """);
        foreach (var spec in specs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"page\" style=\"font-family:'{spec.Font}'; font-size:{spec.FontSize.ToString(CultureInfo.InvariantCulture)}pt\">");
            sb.Append(spec.Layout switch
            {
                "letter" => Letter(spec),
                "statement" => Statement(spec),
                "notice" => Notice(spec),
                _ => Web(spec),
            });
            sb.Append("</div>\n");
        }
        sb.Append("</body></html>");
        return sb.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Letter(StatementSpec s)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"bar\" style=\"background:{s.Issuer.Color}\"></div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"right\">{E(s.DateText)}</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>〒{E(s.PostalCode)}<br>{E(s.Address)}<br><span style=\"font-size:1.2em\">{E(s.Holder)} 様</span></div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"right\">{E(s.Issuer.Company)}<br>カード会員サービス部</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{(s.Fee.Fee is null ? "カード再発行のお知らせ" : "カード再発行手数料のご案内")}</h1>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>拝啓 平素は{E(s.Card)}をご利用いただき、誠にありがとうございます。</p>");
        sb.Append("<p>このたび、お客様のカード情報が流出した可能性があるとの連絡を受け、安全のためカードを新しい番号で再発行いたしました。</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{E(s.Fee.Sentence)}</p>");
        sb.Append("<table class=\"grid\">");
        sb.Append(CultureInfo.InvariantCulture, $"<tr><th>カード名称</th><td>{E(s.Card)}</td></tr>");
        if (s.CardNumber.Printed is { } number)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th>カード番号</th><td>{E(number)}</td></tr>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<tr><th>再発行日</th><td>{E(s.DateText)}</td></tr>");
        foreach (var row in s.Fee.Rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(row.Label)}</th><td>{E(row.Amount)}</td></tr>");
        }
        sb.Append("</table>");
        if (s.SecurityCode is { } code)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"small\">新しいカードのセキュリティコード {code} は他人に教えないでください。</p>");
        }
        sb.Append("<p class=\"right\">敬具</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"footer\">お問い合わせ：{E(s.Issuer.Company)} カスタマーセンター {E(s.Issuer.Phone)}（9:00〜17:00）</div>");
        return sb.ToString();
    }

    private static string Statement(StatementSpec s)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"bar\" style=\"background:{s.Issuer.Color}\"></div>");
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{E(s.Card)} ご利用代金明細書</h1>");
        sb.Append("<table>");
        sb.Append(CultureInfo.InvariantCulture, $"<tr><td>会員氏名</td><td>{E(s.Holder)} 様</td><td>明細発行日</td><td>{E(s.DateText)}</td></tr>");
        sb.Append(CultureInfo.InvariantCulture, $"<tr><td>カード番号</td><td>{E(s.CardNumber.Printed ?? "―")}</td><td>お支払日</td><td>{s.Date.AddMonths(1).ToString("yyyy年M月", CultureInfo.InvariantCulture)}27日</td></tr>");
        sb.Append("</table>");
        sb.Append("<table class=\"grid\" style=\"width:100%\"><tr><th>ご利用日</th><th>ご利用先</th><th class=\"num\">ご利用金額</th><th>支払区分</th></tr>");
        var rows = s.Items.Concat(s.Fee.Rows.Select(r => r with { Date = s.Date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture), Amount = Bare(r.Amount) })).ToList();
        foreach (var row in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row.Date ?? "")}</td><td>{E(row.Label)}</td><td class=\"num\">{E(row.Amount)}</td><td>1回払い</td></tr>");
        }
        var total = rows.Sum(r => r.Charge);
        sb.Append(CultureInfo.InvariantCulture, $"<tr><th></th><th>今回ご請求額合計</th><th class=\"num\">{total.ToString("#,0", CultureInfo.InvariantCulture)}</th><th></th></tr>");
        sb.Append("</table>");
        if (s.SecurityCode is { } code)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"small\">セキュリティコード：{code}</p>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"footer\">{E(s.Issuer.Company)}　〒{E(s.PostalCode)} {E(s.Address)}　{E(s.Issuer.Phone)}</div>");
        return sb.ToString();
    }

    private static string Notice(StatementSpec s)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div style=\"color:{s.Issuer.Color}; font-size:1.3em; font-weight:bold\">{E(s.Issuer.Company)}</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{(s.Fee.Fee is null ? "カード再発行完了のお知らせ" : "手数料のお知らせ")}</h1>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{E(s.Holder)} 様</p>");
        sb.Append("<div class=\"box\"><table>");
        sb.Append(CultureInfo.InvariantCulture, $"<tr><td>発行日</td><td>{E(s.DateText)}</td></tr>");
        if (s.CardNumber.Printed is { } number)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>カード番号</td><td>{E(number)}</td></tr>");
        }
        sb.Append("<tr><td>お手続き内容</td><td>カード再発行（番号変更）</td></tr>");
        foreach (var row in s.Fee.Rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row.Label)}</td><td class=\"num\">{E(row.Amount)}</td></tr>");
        }
        if (s.Fee.Rows.Count > 1 || (s.Fee.Fee is > 0 && s.Fee.Rows[0].Amount.Contains('+', StringComparison.Ordinal)))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>合計（税込）</td><td class=\"num\">{s.Fee.Fee!.Value.ToString("#,0", CultureInfo.InvariantCulture)}円</td></tr>");
        }
        sb.Append("</table></div>");
        sb.Append("<p class=\"small\">※手数料は次回のご利用代金とあわせてご請求いたします。</p>");
        if (s.SecurityCode is { } code)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"small\">CVV: {code}</p>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"footer\">{E(s.Issuer.Company)}　{E(s.Issuer.Phone)}</div>");
        return sb.ToString();
    }

    private static string Web(StatementSpec s)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div style=\"background:{s.Issuer.Color}; color:#fff; padding:2mm 4mm; font-weight:bold\">{E(s.Card)}　会員専用サイト</div>");
        sb.Append("<h1>ご利用明細照会</h1>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{E(s.Holder)} 様　{(s.CardNumber.Printed is { } n ? "カード番号 " + E(n) : "")}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>照会日 {E(s.DateText)}</p>");
        sb.Append("<table style=\"width:100%\">");
        foreach (var row in s.Items)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row.Date ?? "")}</td><td>{E(row.Label)}</td><td class=\"num\">{E(row.Amount)}円</td></tr>");
        }
        foreach (var row in s.Fee.Rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{s.Date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)}</td><td>{E(row.Label)}</td><td class=\"num\">{E(row.Amount)}</td></tr>");
        }
        sb.Append("</table>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"small\">このページは{E(s.Issuer.Company)}の会員専用サイトから印刷されました。</p>");
        return sb.ToString();
    }

    // Statement tables print amounts without 円; words (無料, 免除) stay.
    private static string Bare(string amount)
    {
        var text = amount.Replace("円", string.Empty, StringComparison.Ordinal).Replace("¥", string.Empty, StringComparison.Ordinal).Replace("￥", string.Empty, StringComparison.Ordinal);
        return text.Replace("（税込）", string.Empty, StringComparison.Ordinal).Trim();
    }
}
