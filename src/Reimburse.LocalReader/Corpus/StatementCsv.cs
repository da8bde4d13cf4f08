using System.Globalization;
using System.Text;

namespace Reimburse.LocalReader.Corpus;

/// <summary>Card-company CSV statements in four shapes: with a header, with a member preamble, headerless, tab-separated.</summary>
internal static class StatementCsv
{
    public static byte[] Render(StatementSpec s, bool shiftJis, Random random)
    {
        var text = s.Layout switch
        {
            "csv-header" => WithHeader(s),
            "csv-preamble" => WithPreamble(s),
            "csv-plain" => Plain(s),
            _ => Tabbed(s),
        };
        if (shiftJis)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(932).GetBytes(text);
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(2) == 0 ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    /// <summary>Whether the layout prints the holder and card number (so the truth can say what the reader should find).</summary>
    public static bool PrintsCardAndHolder(string layout) => layout is "csv-preamble" or "csv-plain";

    private static IEnumerable<(string Date, string Label, long Amount)> Rows(StatementSpec s)
    {
        foreach (var item in s.Items)
        {
            yield return (item.Date!, item.Label, item.Charge);
        }
        if (s.Fee.Fee is { } fee)
        {
            yield return (s.Date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture), s.Fee.CsvLabel, fee);
        }
    }

    private static string Q(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string WithHeader(StatementSpec s)
    {
        var sb = new StringBuilder();
        sb.Append("\"利用日\",\"利用店名・商品名\",\"利用者\",\"支払方法\",\"利用金額\",\"支払手数料\",\"購入金額\",\"支払総額\"\r\n");
        foreach (var (date, label, amount) in Rows(s))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{Q(date)},{Q(label)},{Q("本人")},{Q("1回払い")},{Q(N(amount))},{Q("0")},{Q(N(amount))},{Q(N(amount))}\r\n");
        }
        return sb.ToString();
    }

    private static string WithPreamble(StatementSpec s)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"カード名称,{s.Card}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"会員名,{s.Holder} 様\r\n");
        if (s.CardNumber.Printed is { } number)
        {
            sb.Append(CultureInfo.InvariantCulture, $"カード番号,{number}\r\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"お支払日,{s.Date.AddMonths(1).ToString("yyyy/MM/", CultureInfo.InvariantCulture)}10\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"今回のお支払金額,\"{Rows(s).Sum(r => r.Amount).ToString("#,0", CultureInfo.InvariantCulture)}\"\r\n\r\n");
        sb.Append("ご利用者,ご利用日,ご利用先など,ご利用金額(￥),支払区分,備考\r\n");
        foreach (var (date, label, amount) in Rows(s))
        {
            sb.Append(CultureInfo.InvariantCulture, $"本人,{date},{label},\"{amount.ToString("#,0", CultureInfo.InvariantCulture)}\",1回払い,\r\n");
        }
        return sb.ToString();
    }

    private static string Plain(StatementSpec s)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{s.Holder} 様,{s.CardNumber.Printed ?? ""},{s.Card}\r\n");
        foreach (var (date, label, amount) in Rows(s))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{date},{label},{N(amount)},1,1,{N(amount)},\r\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $",,,,,{N(Rows(s).Sum(r => r.Amount))},\r\n");
        return sb.ToString();
    }

    private static string Tabbed(StatementSpec s)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{s.Issuer.Company}\t{s.Card}\n");
        sb.Append("日付\t摘要\t金額\n");
        foreach (var (date, label, amount) in Rows(s))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{date}\t{label}\t{N(amount)}\n");
        }
        return sb.ToString();
    }
}
