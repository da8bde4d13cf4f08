using System.Text;
using Reimburse.Customers;
using Reimburse.Functions.Benchmarks;

namespace Reimburse.Functions.Tests.Customers;

/// <summary>
/// Vector's 261,161 rows through the real importer over in-memory stores: complete, exact report, idempotent,
/// Shift_JIS equal to UTF-8. The same size against Azurite runs in `reimburse bench import` (≈ 2.5 min for the import
/// alone on the 2-core machine, too slow for every test run).
/// </summary>
public sealed class VectorSizedImportTests
{
    [Fact]
    public async Task A_Vector_sized_file_imports_exactly_reimports_idempotently_and_reads_the_same_in_shift_jis()
    {
        var spec = new CustomerFileSpec(ImportBenchmark.VectorRows);
        var utf8 = new CustomerServicesInMemory();
        var sjis = new CustomerServicesInMemory();
        var (utf8Bytes, expected) = await CustomerImporterTests.GenerateAsync(spec, new UTF8Encoding(true));

        var first = await utf8.Importer.ImportAsync(CustomerServicesInMemory.IncidentId, new MemoryStream(utf8Bytes), CsvEncoding.Auto, default);
        var again = await utf8.Importer.ImportAsync(CustomerServicesInMemory.IncidentId, new MemoryStream(utf8Bytes), CsvEncoding.Auto, default);
        utf8Bytes = [];
        var (sjisBytes, _) = await CustomerImporterTests.GenerateAsync(spec, CsvRecordReader.StrictShiftJis);
        var fromSjis = await sjis.Importer.ImportAsync(CustomerServicesInMemory.IncidentId, new MemoryStream(sjisBytes), CsvEncoding.Auto, default);

        Assert.Equal(261_161, first.Rows);
        Assert.Equal(expected.ValidCustomers, first.Accepted);
        Assert.Equal(expected.Rejections.Count, first.Rejected);
        Assert.Equal(expected.MaskedRows, first.CardNumbersMasked);
        Assert.Equal(expected.Rejections.Select(r => (r.Line, r.Column)), await RejectedLinesAsync(utf8, first.ImportId));
        Assert.Equal((0L, 0L, expected.ValidCustomers, (long)expected.Rejections.Count), (again.Accepted, again.Updated, again.Unchanged, again.Rejected));
        Assert.Equal(expected.ValidCustomers, utf8.Stores.Customers(CustomerServicesInMemory.IncidentId).Count());
        Assert.Equal("Shift_JIS", fromSjis.Encoding);
        Assert.Equal((first.Accepted, first.Rejected, first.CardNumbersMasked), (fromSjis.Accepted, fromSjis.Rejected, fromSjis.CardNumbersMasked));
        Assert.Equal(Fingerprint(utf8), Fingerprint(sjis));
    }

    private static async Task<List<(long, string)>> RejectedLinesAsync(CustomerServicesInMemory services, string importId)
    {
        using var stream = await services.Runs.OpenImportReportAsync(CustomerServicesInMemory.IncidentId, importId, default);
        using var csv = await CsvRecordReader.OpenAsync(stream!, CsvEncoding.Auto, default);
        await csv.ReadAsync(default);
        var lines = new List<(long, string)>();
        while (await csv.ReadAsync(default) is { } r)
        {
            if (r.Fields[2] == "rejected")
            {
                lines.Add((long.Parse(r.Fields[0], System.Globalization.CultureInfo.InvariantCulture), r.Fields[3]));
            }
        }
        return lines;
    }

    // One hash over every stored customer's digest, in id order: equal lists, equal fingerprints.
    private static string Fingerprint(CustomerServicesInMemory services)
    {
        var digests = services.Stores.Customers(CustomerServicesInMemory.IncidentId)
            .Select(c => c.Customer.CustomerId + "=" + CustomerDigest.Compute(c.Customer))
            .Order(StringComparer.Ordinal);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", digests))));
    }
}
