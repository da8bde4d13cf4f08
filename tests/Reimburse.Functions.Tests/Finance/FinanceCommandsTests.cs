using System.Text;
using Reimburse.Claims;
using Reimburse.Functions.Cli;
using Reimburse.Functions.Security;
using Reimburse.Functions.Tests.Customers;
using Reimburse.Testing;
using Reimburse.Testing.Zengin;
using static Reimburse.Functions.Tests.Finance.FinanceClient;

namespace Reimburse.Functions.Tests.Finance;

/// <summary>`reimburse export` and `reimburse settle` against the app's storage, beside the API.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class FinanceCommandsTests : IClassFixture<StaffAppFixture>, IDisposable
{
    private readonly StaffAppFixture _app;
    private readonly string _folder = RepoPaths.NewTempFolder("finance-cli");
    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public FinanceCommandsTests(StaffAppFixture app)
    {
        _app = app;
        Environment.SetEnvironmentVariable("Storage__ConnectionString", app.ConnectionString);
        Console.SetOut(_stdout);
        Console.SetError(_stderr);
    }

    [Fact]
    public async Task Finance_exports_a_batch_and_records_the_banks_result_from_the_command_line()
    {
        var incident = _app.NewIncident();
        var claims = await _app.ApprovedAsync(incident, 2);
        var (paid, returned) = (claims.Min(StringComparer.Ordinal)!, claims.Max(StringComparer.Ordinal)!);

        await ExpectAsync(0, "export", "--incident", incident, "--transfer-date", TransferDate, "--out", _folder, "--as", "経理 花子");

        var batchId = (await _app.LoadAsync(paid)).BatchId!;
        var zengin = await File.ReadAllBytesAsync(Path.Combine(_folder, batchId + ".zengin.txt"));
        var file = ZenginFileReader.Parse(zengin);
        Assert.Equal((2, 2_200L), (file.Trailer.CountValue, file.Trailer.TotalValue));
        var journal = await File.ReadAllBytesAsync(Path.Combine(_folder, batchId + ".journal.csv"));
        Assert.Equal([paid, returned], await JournalClaimsAsync(journal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, batchId + ".zengin.txt")));
        }
        Assert.Contains($"Batch {batchId}", _stdout.ToString(), StringComparison.Ordinal);
        var joined = (await _app.Store.ReadHistoryAsync(paid, CancellationToken.None)).Select(e => e.Event).OfType<AddedToBatch>().Single();
        Assert.Equal(Actor.Finance("cli:経理 花子"), joined.Actor);

        // The API serves the very bytes the command wrote; the command writes them again on request, never over a file.
        using var finance = _app.Staff("cli-finance", Roles.Finance);
        Assert.Equal(zengin, await DownloadAsync(finance, $"/api/finance/batches/{batchId}/zengin"));
        await ExpectAsync(1, "export", "--batch", batchId, "--out", _folder);
        Assert.Contains("already exists", _stderr.ToString(), StringComparison.Ordinal);
        var again = Directory.CreateDirectory(Path.Combine(_folder, "again")).FullName;
        await ExpectAsync(0, "export", "--batch", batchId, "--out", again);
        Assert.Equal(zengin, await File.ReadAllBytesAsync(Path.Combine(again, batchId + ".zengin.txt")));

        var bad = Write("bad.csv", $"請求ID,結果,不能事由\r\n{paid},振込済,\r\n{returned},不能,口座が変\r\nCL-nothing,振込済,\r\n");
        await ExpectAsync(1, "settle", bad, "--batch", batchId);
        Assert.Contains("bad.csv: Line 3:", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.InPayment, (await _app.LoadAsync(paid)).Status);

        var result = Write("result.csv", $"請求ID,結果,不能事由,備考\r\n{paid},振込済,,\r\n{returned},組戻し,口座なし,窓口で確認\r\n", CodePagesEncodingProvider.Instance.GetEncoding(932));
        await ExpectAsync(0, "settle", result, "--batch", batchId, "--as", "経理 花子");
        Assert.Contains("paid 1, returned 1", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.Paid, (await _app.LoadAsync(paid)).Status);
        var back = await _app.LoadAsync(returned);
        Assert.Equal(ClaimStatus.InformationRequested, back.Status);
        var recorded = (await _app.Store.ReadHistoryAsync(returned, CancellationToken.None)).Select(e => e.Event).OfType<PaymentReturned>().Single();
        Assert.Equal((ReturnCode.NoSuchAccount, "窓口で確認"), (recorded.Code, recorded.Note));
        Assert.Equal(Actor.Finance("cli:経理 花子"), recorded.Actor);
    }

    [Fact]
    public async Task Bad_input_exits_with_1_and_a_message()
    {
        var incident = _app.NewIncident();

        await ExpectAsync(1, "export", "--incident", incident, "--out", _folder);
        Assert.Contains($"No approved claims of incident {incident}", _stderr.ToString(), StringComparison.Ordinal);
        await ExpectAsync(1, "export", "--transfer-date", "2020-01-06", "--out", _folder);
        Assert.Contains("between today", _stderr.ToString(), StringComparison.Ordinal);
        await ExpectAsync(1, "export", "--max", "0", "--out", _folder);
        await ExpectAsync(1, "export", "--out", Path.Combine(_folder, "missing"));
        await ExpectAsync(1, "settle", Path.Combine(_folder, "none.csv"), "--batch", "B000001");
        Assert.Contains("no such file", _stderr.ToString(), StringComparison.Ordinal);
        await ExpectAsync(1, "settle", Write("x.csv", "請求ID,結果,不能事由\r\nCL-1,振込済,\r\n"), "--batch", "B999999");
        Assert.Contains("There is no batch \"B999999\"", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reindex_rebuilds_the_status_index()
    {
        var incident = _app.NewIncident();
        var claimId = await _app.EscalatedAsync(incident);
        var index = (Reimburse.Functions.Claims.ClaimStatusIndex)_app.Services.GetService(typeof(Reimburse.Functions.Claims.ClaimStatusIndex))!;
        await index.Table.DeleteEntityAsync("UnderReview", claimId);

        await ExpectAsync(0, "reindex");

        Assert.True((await index.Table.GetEntityIfExistsAsync("UnderReview", claimId)).HasValue);
        Assert.Contains("Claim status index rebuilt", _stdout.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
        Environment.SetEnvironmentVariable("Storage__ConnectionString", null);
        _stdout.Dispose();
        _stderr.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task ExpectAsync(int exitCode, params string[] args)
    {
        var actual = await ReimburseCli.RunAsync(args);
        Assert.True(actual == exitCode, $"reimburse {string.Join(' ', args)} exited with {actual}, not {exitCode}:\n{_stderr}");
    }

    private string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }
}
