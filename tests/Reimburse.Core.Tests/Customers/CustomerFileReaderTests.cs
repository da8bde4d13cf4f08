using System.Text;
using Reimburse.Customers;

namespace Reimburse.Core.Tests.Customers;

public sealed class CustomerFileReaderTests
{
    private const string Header = "customer_id,name,name_kana,email,phone,postal_code,address,card_leaked,cards\n";

    [Fact]
    public async Task A_card_customer_row_is_normalised()
    {
        var rows = await ReadAsync(Header + "C001,山田  太郎,ﾔﾏﾀﾞ ﾀﾛｳ,Taro@Example.JP,03-1234-5678,１２３−４５６７,東京都千代田区1-1,あり,VISA:1234; jcb 5678\n");

        var c = Assert.Single(rows).Customer!;
        Assert.Equal("C001", c.CustomerId);
        Assert.Equal("inc-1", c.IncidentId);
        Assert.Equal("山田\u3000太郎", c.NameKanji);
        Assert.Equal("ヤマダ\u3000タロウ", c.NameKana);
        Assert.Equal("Taro@example.jp", c.Email);
        Assert.Equal("0312345678", c.Phone);
        Assert.Equal("1234567", c.PostalCode);
        Assert.True(c.CardDataLeaked);
        Assert.Equal([new LeakedCard("VISA", "1234"), new LeakedCard("JCB", "5678")], c.Cards);
        Assert.Equal([DataCategories.Name, DataCategories.Address, DataCategories.Phone, DataCategories.Email, DataCategories.Card], c.DataCategories);
        Assert.Empty(rows[0].Issues);
    }

    [Fact]
    public async Task A_personal_data_only_row_has_no_card_category()
    {
        var rows = await ReadAsync(Header + "C002,佐藤 花子,さとう はなこ,,,100-0001,東京都,なし,\n");

        var c = rows[0].Customer!;
        Assert.False(c.CardDataLeaked);
        Assert.Empty(c.Cards);
        Assert.Equal([DataCategories.Name, DataCategories.Address], c.DataCategories);
        Assert.Equal("サトウ\u3000ハナコ", c.NameKana);
    }

    [Fact]
    public async Task Japanese_headers_map_to_the_same_fields()
    {
        var rows = await ReadAsync("顧客番号,氏名,フリガナ,メールアドレス,電話番号,郵便番号,住所,カード情報流出,流出カード,備考\nC1,鈴木 一郎,スズキ イチロウ,a@b.jp,,1000001,東京都,はい,Master 4444,メモ\n", expectIgnored: ["備考"]);

        Assert.Equal([new LeakedCard("MASTERCARD", "4444")], rows[0].Customer!.Cards);
    }

    [Theory]
    [InlineData("C1,,カナ,a@b.jp,,1000001,東京都,true,", "name", "name is missing")]
    [InlineData(",山田,カナ,a@b.jp,,1000001,東京都,true,", "customer_id", "customer_id is missing")]
    [InlineData("C1,山田,カナ,not-an-email,,1000001,東京都,true,", "email", "email is not a valid address")]
    [InlineData("C1,山田,カナ,a@b.jp,12345,1000001,東京都,true,", "phone", "not a Japanese phone number")]
    [InlineData("C1,山田,カナ,a@b.jp,,100-01,東京都,true,", "postal_code", "7 digits")]
    [InlineData("C1,山田,カナ,a@b.jp,,,東京都,true,", "postal_code", "postal_code is missing")]
    [InlineData("C1,山田,カナ,a@b.jp,,1000001,東京都,maybe,", "card_leaked", "unknown value \"maybe\"")]
    [InlineData("C1,山田,カナ,a@b.jp,,1000001,東京都,true,NICOS:1234", "cards", "unknown card brand \"NICOS\"")]
    [InlineData("C1,山田,カナ,a@b.jp,,1000001,東京都,true,VISA:12", "cards", "no last 4 digits")]
    [InlineData("C1,山田,カナ,a@b.jp,,1000001,東京都,false,VISA:1234", "cards", "card_leaked is false")]
    [InlineData("C1,山田,Yamada,a@b.jp,,1000001,東京都,true,", "name_kana", "katakana or hiragana")]
    [InlineData("C1,山田,カナ,,,1000001,,true,", "address", "neither an address nor an email")]
    [InlineData("C/1,山田,カナ,a@b.jp,,1000001,東京都,true,", "customer_id", "not allowed")]
    [InlineData("4111111111111111,山田,カナ,a@b.jp,,1000001,東京都,true,", "customer_id", "contains a card number")]
    public async Task A_bad_row_is_rejected_with_its_line_column_and_reason(string row, string column, string reason)
    {
        var rows = await ReadAsync(Header + "C0,正常,セイジョウ,ok@b.jp,,1000001,東京都,false,\n" + row + "\n");

        var bad = rows[1];
        Assert.True(bad.IsRejected);
        Assert.Equal(3, bad.Line);
        var issue = bad.Issues.First(i => i.Kind == RowIssueKind.Rejected);
        Assert.Equal(column, CustomerColumns.NameOf(issue.Field!.Value));
        Assert.Contains(reason, issue.Reason, StringComparison.Ordinal);
        Assert.False(rows[0].IsRejected);
    }

    [Fact]
    public async Task Full_card_numbers_are_masked_to_the_last_four_and_reported()
    {
        var rows = await ReadAsync(Header + "C1,山田,ヤマダ,a@b.jp,,1000001,\"東京都 メモ:4111 1111 1111 1111\",true,\"VISA:4111-1111-1111-1111; JCB:3530111333300000\"\n");

        var row = Assert.Single(rows);
        var c = row.Customer!;
        Assert.Equal([new LeakedCard("VISA", "1111"), new LeakedCard("JCB", "0000")], c.Cards);
        Assert.DoesNotContain("4111 1111 1111 1111", c.Address, StringComparison.Ordinal);
        Assert.EndsWith("1111", c.Address, StringComparison.Ordinal);
        Assert.Equal(2, row.Issues.Count(i => i.Kind == RowIssueKind.Masked));
        Assert.Contains(row.Issues, i => i.Field == CustomerField.Cards);
        Assert.Contains(row.Issues, i => i.Field == CustomerField.Address);
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_is_malformed()
    {
        var rows = await ReadAsync(Header + "C1,山田,ヤマダ,a@b.jp,,1000001,東京都,true\n");

        Assert.Contains("8 fields, the header has 9", rows[0].Malformed, StringComparison.Ordinal);
        Assert.False(rows[0].IsRejected);
    }

    [Fact]
    public async Task A_file_without_a_header_fails_on_line_one()
    {
        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAsync("C1,山田,ヤマダ,a@b.jp,,1000001,東京都,true,\n"));

        Assert.Equal(1, ex.Line);
        Assert.Contains("not a header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_without_a_required_column_names_it()
    {
        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAsync("customer_id,name,card_leaked\nC1,a,true\n"));

        Assert.Contains("postal_code", ex.Message, StringComparison.Ordinal);
        Assert.Contains("郵便番号", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_columns_with_the_same_meaning_are_refused()
    {
        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAsync("customer_id,顧客番号,name,postal_code,card_leaked\n"));

        Assert.Contains("both mean customer_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_says_so()
    {
        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAsync(""));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaked_data_column_states_the_categories()
    {
        var rows = await ReadAsync("customer_id,name,postal_code,address,email,card_leaked,leaked_data\nC1,山田,1000001,東京都,a@b.jp,false,氏名;メールアドレス\nC2,佐藤,1000001,東京都,,false,name;blood\n");

        Assert.Equal([DataCategories.Name, DataCategories.Email], rows[0].Customer!.DataCategories);
        Assert.True(rows[1].IsRejected);
        Assert.Contains("\"blood\"", rows[1].Issues[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_digest_changes_with_content_and_only_with_content()
    {
        var rows = await ReadAsync(Header + "C1,山田,ヤマダ,a@b.jp,,1000001,東京都,true,VISA:1234\nC1,山田,ﾔﾏﾀﾞ,a@b.jp,,100-0001,東京都,あり,visa 1234\nC1,山田,ヤマダ,a@b.jp,,1000001,大阪府,true,VISA:1234\n");

        var digests = rows.Select(r => CustomerDigest.Compute(r.Customer!)).ToList();
        Assert.Equal(digests[0], digests[1]);
        Assert.NotEqual(digests[0], digests[2]);
    }

    [Fact]
    public void Buckets_are_stable_and_spread()
    {
        var buckets = Enumerable.Range(0, 25_600).Select(i => CustomerBuckets.Of("C" + i)).ToList();

        Assert.Equal(CustomerBuckets.Of("C42"), buckets[42]);
        Assert.Equal(CustomerBuckets.Count, buckets.Distinct().Count());
        Assert.All(buckets.GroupBy(b => b), g => Assert.InRange(g.Count(), 50, 160));
    }

    private static async Task<List<CustomerRow>> ReadAsync(string text, string[]? expectIgnored = null)
    {
        using var reader = await CustomerFileReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "inc-1", CsvEncoding.Auto, default);
        Assert.Equal(expectIgnored ?? [], reader.Columns.Ignored);
        var rows = new List<CustomerRow>();
        while (await reader.ReadAsync(default) is { } row)
        {
            rows.Add(row);
        }
        return rows;
    }
}
