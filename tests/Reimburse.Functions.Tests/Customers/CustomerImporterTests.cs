using System.Text;
using Reimburse.Customers;
using Reimburse.Functions.Benchmarks;
using Reimburse.Functions.Customers;
using Reimburse.Privacy;

namespace Reimburse.Functions.Tests.Customers;

public sealed class CustomerImporterTests
{
    private static readonly Encoding ShiftJis = CsvRecordReader.StrictShiftJis;
    private readonly CustomerServicesInMemory _services = new();

    [Fact]
    public async Task A_generated_file_imports_completely_with_an_exact_error_report()
    {
        var (bytes, expected) = await GenerateAsync(new CustomerFileSpec(6_000), new UTF8Encoding(false));

        var result = await ImportAsync(bytes);

        Assert.Equal(6_000, result.Rows);
        Assert.Equal(expected.ValidCustomers, result.Accepted);
        Assert.Equal(0, result.Updated);
        Assert.Equal(expected.Rejections.Count, result.Rejected);
        Assert.Equal(expected.MaskedRows, result.CardNumbersMasked);
        Assert.True(expected.MaskedRows > 0);
        Assert.Equal("UTF-8", result.Encoding);
        Assert.Equal(expected.ValidCustomers, _services.Stores.Customers(CustomerServicesInMemory.IncidentId).Count());
        var report = await ReadReportAsync(result);
        var rejected = report.Where(r => r.Outcome == "rejected").Select(r => (r.Line, r.CustomerId, r.Column)).ToList();
        Assert.Equal(expected.Rejections.Select(r => (r.Line, r.CustomerId, r.Column)), rejected);
        Assert.Equal(report.OrderBy(r => r.Line).Select(r => r.Line), report.Select(r => r.Line));
        Assert.Contains(report, r => r.Outcome == "rejected" && r.Reason.Contains("appears again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        var (bytes, expected) = await GenerateAsync(new CustomerFileSpec(3_000), new UTF8Encoding(false));
        await ImportAsync(bytes);
        var writes = _services.Stores.Writes;

        var again = await ImportAsync(bytes);

        Assert.Equal(0, again.Accepted);
        Assert.Equal(0, again.Updated);
        Assert.Equal(expected.ValidCustomers, again.Unchanged);
        Assert.Equal(expected.Rejections.Count, again.Rejected);
        Assert.Equal(writes, _services.Stores.Writes);
    }

    [Fact]
    public async Task A_corrected_file_updates_changed_rows_and_adds_corrected_ones_without_duplicates()
    {
        var (original, first) = await GenerateAsync(new CustomerFileSpec(3_000), new UTF8Encoding(false));
        var (corrected, second) = await GenerateAsync(new CustomerFileSpec(3_000, ChangedEvery: 100, CorrectBadRows: true), new UTF8Encoding(false));
        await ImportAsync(original);

        var result = await ImportAsync(corrected);

        var formerlyBad = first.Rejections.Count - second.Rejections.Count;
        // A changed row that was bad in the original file is new now, not updated.
        var changedAndFormerlyBad = first.Rejections.Count(r => r.Column != "customer_id" && int.Parse(r.CustomerId[1..], System.Globalization.CultureInfo.InvariantCulture) % 100 == 0);
        Assert.Equal(formerlyBad, result.Accepted);
        Assert.Equal(second.ChangedRows - changedAndFormerlyBad, result.Updated);
        Assert.Equal(second.ValidCustomers - formerlyBad - result.Updated, result.Unchanged);
        Assert.Equal(second.ValidCustomers, _services.Stores.Customers(CustomerServicesInMemory.IncidentId).Count());
        var moved = _services.Stores.Customers(CustomerServicesInMemory.IncidentId).Single(c => c.Customer.CustomerId == "V0000100").Customer;
        Assert.EndsWith("（転居）", moved.Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shift_jis_file_imports_the_same_as_its_utf8_twin()
    {
        var spec = new CustomerFileSpec(2_000, FullCardEvery: 100);
        var (utf8, _) = await GenerateAsync(spec, new UTF8Encoding(true));
        var (sjis, _) = await GenerateAsync(spec, ShiftJis);
        var other = new CustomerServicesInMemory();

        var fromUtf8 = await ImportAsync(utf8);
        var fromSjis = await other.Importer.ImportAsync(CustomerServicesInMemory.IncidentId, new MemoryStream(sjis), CsvEncoding.Auto, default);

        Assert.Equal("Shift_JIS", fromSjis.Encoding);
        Assert.Equal(Counts(fromUtf8), Counts(fromSjis));
        Assert.Equal(Digests(_services), Digests(other));
        Assert.Contains(_services.Stores.Customers(CustomerServicesInMemory.IncidentId), c => c.Customer.NameKanji.StartsWith("髙橋", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_with_ragged_rows_fails_naming_each_line_and_writes_nothing()
    {
        var text = CustomerFileGenerator.Header + "\nV1,山田 太郎,ヤマダ タロウ,a@example.jp,,100-0001,東京都,あり,VISA:1234\nV2,佐藤,サトウ,b@example.jp,,100-0001,東京都,なし\nV3,鈴木,スズキ,c@example.jp,,100-0001,東京都,なし,,extra\n";

        var ex = await Assert.ThrowsAsync<CustomerFileException>(() => ImportAsync(Encoding.UTF8.GetBytes(text)));

        Assert.Equal([3L, 4L], ex.Problems.Select(p => p.Line));
        Assert.Contains("line 3: has 8 fields, the header has 9", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_services.Stores.Customers(CustomerServicesInMemory.IncidentId));
    }

    [Fact]
    public async Task A_file_in_a_broken_encoding_fails_naming_the_line_and_writes_nothing()
    {
        var bytes = Encoding.UTF8.GetBytes(CustomerFileGenerator.Header + "\nV1,山田 太郎,ヤマダ タロウ,a@example.jp,,100-0001,東京都,あり,VISA:1234\n")
            .Concat(ShiftJis.GetBytes("V2,佐藤,サトウ,b@example.jp,,100-0001,東京都,なし,\n")).ToArray();

        var ex = await Assert.ThrowsAsync<CustomerFileException>(() => ImportAsync(bytes));

        Assert.Equal(3, Assert.Single(ex.Problems).Line);
        Assert.Empty(_services.Stores.Customers(CustomerServicesInMemory.IncidentId));
    }

    [Fact]
    public async Task No_full_card_number_reaches_the_store_or_the_report()
    {
        var (bytes, expected) = await GenerateAsync(new CustomerFileSpec(3_000, FullCardEvery: 50), new UTF8Encoding(false));

        var result = await ImportAsync(bytes);

        Assert.True(expected.MaskedRows >= 20, expected.MaskedRows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var stored in _services.Stores.Customers(CustomerServicesInMemory.IncidentId))
        {
            var c = stored.Customer;
            var text = string.Join("|", c.CustomerId, c.NameKanji, c.NameKana, c.Email, c.Phone, c.PostalCode, c.Address,
                string.Join(";", c.Cards.Select(card => card.Brand + card.Last4)));
            Assert.False(CardNumbers.ContainsCardNumber(text), c.CustomerId);
            Assert.All(c.Cards, card => Assert.Matches("^[0-9]{4}$", card.Last4));
        }
        using var report = await _services.Runs.OpenImportReportAsync(CustomerServicesInMemory.IncidentId, result.ImportId, default);
        Assert.False(CardNumbers.ContainsCardNumber(await new StreamReader(report!).ReadToEndAsync()));
    }

    [Fact]
    public async Task An_unknown_incident_is_refused()
    {
        var ex = await Assert.ThrowsAsync<Reimburse.Functions.Hosting.InputException>(() =>
            _services.Importer.ImportAsync("no-such-incident", new MemoryStream([]), CsvEncoding.Auto, default));

        Assert.Contains("no-such-incident", ex.Message, StringComparison.Ordinal);
    }

    internal static async Task<(byte[] Bytes, GeneratedCustomerFile File)> GenerateAsync(CustomerFileSpec spec, Encoding encoding)
    {
        using var stream = new MemoryStream();
        if (encoding.GetPreamble().Length > 0)
        {
            stream.Write(encoding.GetPreamble());
        }
        var file = await CustomerFileGenerator.WriteAsync(stream, spec, encoding, default);
        return (stream.ToArray(), file);
    }

    private Task<ImportResult> ImportAsync(byte[] bytes) =>
        _services.Importer.ImportAsync(CustomerServicesInMemory.IncidentId, new MemoryStream(bytes), CsvEncoding.Auto, default);

    private async Task<List<(long Line, string CustomerId, string Outcome, string Column, string Reason)>> ReadReportAsync(ImportResult result)
    {
        using var stream = await _services.Runs.OpenImportReportAsync(CustomerServicesInMemory.IncidentId, result.ImportId, default);
        using var csv = await CsvRecordReader.OpenAsync(stream!, CsvEncoding.Auto, default);
        var header = await csv.ReadAsync(default);
        Assert.Equal(ImportReportLine.Header, header!.Value.Fields);
        var lines = new List<(long, string, string, string, string)>();
        while (await csv.ReadAsync(default) is { } r)
        {
            lines.Add((long.Parse(r.Fields[0], System.Globalization.CultureInfo.InvariantCulture), r.Fields[1], r.Fields[2], r.Fields[3], r.Fields[4]));
        }
        return lines;
    }

    private static (long, long, long, long, long, long) Counts(ImportResult r) =>
        (r.Rows, r.Accepted, r.Updated, r.Unchanged, r.Rejected, r.CardNumbersMasked);

    private static List<string> Digests(CustomerServicesInMemory services) =>
        [.. services.Stores.Customers(CustomerServicesInMemory.IncidentId).Select(c => CustomerDigest.Compute(c.Customer)).Order(StringComparer.Ordinal)];
}
