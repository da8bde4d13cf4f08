using System.Security.Cryptography;
using System.Text;
using Reimburse.ClaimCodes;
using Reimburse.Functions.Benchmarks;
using Reimburse.Functions.Cli;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Customers;

/// <summary>Runs alone: the commands write to the process's console and read the process's environment.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console and environment";
}

/// <summary>The operator's command line end to end against Azurite: incident set/show, import-customers, issue-codes.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CustomerCommandsTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _folder = RepoPaths.NewTempFolder("cli");
    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public CustomerCommandsTests(AzuriteFixture azurite)
    {
        Environment.SetEnvironmentVariable("Storage__ConnectionString", azurite.ConnectionString);
        Environment.SetEnvironmentVariable("ClaimCodes__HmacKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Console.SetOut(_stdout);
        Console.SetError(_stderr);
    }

    [Fact]
    public async Task An_operator_defines_an_incident_imports_the_list_and_issues_codes_from_the_command_line()
    {
        var incidentFile = Write("kagoya.yaml", "id: kagoya-cli\nname: カゴヤ・ジャパン (2016)\ndisclosedOn: 2016-03-28\nexposedFrom: 2015-12-01\nexposedTo: 2016-03-10\nclaimsOpenOn: 2016-04-01\nclaimsCloseOn: 2016-09-30\n");
        var (customers, expected) = await GenerateAsync("customers.csv", new CustomerFileSpec(600, BadEvery: 100, FullCardEvery: 30));
        var mailing = Path.Combine(_folder, "mailing.csv");

        Assert.Equal(0, await RunAsync("incident", "set", incidentFile));
        Assert.Equal(0, await RunAsync("incident", "show", "kagoya-cli"));
        Assert.Equal(0, await RunAsync("import-customers", "--incident", "kagoya-cli", customers));
        var report = await File.ReadAllTextAsync(Path.ChangeExtension(customers, ".errors.csv"));
        Assert.Equal(0, await RunAsync("issue-codes", "--incident", "kagoya-cli", "--out", mailing));
        Assert.Equal(1, await RunAsync("issue-codes", "--incident", "kagoya-cli", "--out", mailing));
        Assert.Equal(0, await RunAsync("issue-codes", "--incident", "kagoya-cli"));

        var output = _stdout.ToString();
        Assert.Contains("Created incident kagoya-cli", output, StringComparison.Ordinal);
        Assert.Contains("\"claimsCloseOn\": \"2016-09-30\"", output, StringComparison.Ordinal);
        Assert.Contains($"accepted (new)       {expected.ValidCustomers,9:#,0}", output, StringComparison.Ordinal);
        Assert.Equal(expected.Rejections.Count, report.Split("\r\n").Count(l => l.Contains(",rejected,", StringComparison.Ordinal)));
        Assert.Contains($"Issued {expected.ValidCustomers:#,0} claim codes", output, StringComparison.Ordinal);
        Assert.Contains("already holds a code; nothing was issued", output, StringComparison.Ordinal);
        Assert.Contains("never overwritten", _stderr.ToString(), StringComparison.Ordinal);
        var lines = (await File.ReadAllLinesAsync(mailing)).Skip(1).ToList();
        Assert.Equal(expected.ValidCustomers, lines.Count);
        Assert.All(lines, l => Assert.True(ClaimCode.TryNormalize(l[(l.LastIndexOf(',') + 1)..], out _), l));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(mailing));
        }
    }

    [Fact]
    public async Task A_malformed_file_exits_with_1_and_the_lines_and_an_invalid_incident_with_every_problem()
    {
        var incidentFile = Write("bad.json", """{ "id": "Bad Id", "name": "", "disclosedOn": "2016-03-28", "exposedFrom": "2015-12-01", "exposedTo": "2016-03-10", "claimsOpenOn": "2016-04-01", "claimsCloseOn": "2016-03-30" }""");
        var ragged = Write("ragged.csv", CustomerFileGenerator.Header + "\nR1,山田,ヤマダ,a@example.jp,,100-0001,東京都,あり\n");

        Assert.Equal(1, await RunAsync("incident", "set", incidentFile));
        Assert.Equal(1, await RunAsync("import-customers", "--incident", "no-such-incident", ragged));

        var errors = _stderr.ToString();
        Assert.Contains("id: must be", errors, StringComparison.Ordinal);
        Assert.Contains("name: is required", errors, StringComparison.Ordinal);
        Assert.Contains("claimsCloseOn:", errors, StringComparison.Ordinal);
        Assert.Contains("no incident \"no-such-incident\"", errors, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
        Environment.SetEnvironmentVariable("Storage__ConnectionString", null);
        Environment.SetEnvironmentVariable("ClaimCodes__HmacKey", null);
        _stdout.Dispose();
        _stderr.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static Task<int> RunAsync(params string[] args) => ReimburseCli.RunAsync(args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private async Task<(string Path, GeneratedCustomerFile File)> GenerateAsync(string name, CustomerFileSpec spec)
    {
        var path = Path.Combine(_folder, name);
        await using var stream = File.Create(path);
        return (path, await CustomerFileGenerator.WriteAsync(stream, spec, new UTF8Encoding(false), default));
    }
}
