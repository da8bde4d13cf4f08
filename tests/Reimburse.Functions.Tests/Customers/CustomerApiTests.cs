using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Azure.Storage.Blobs;
using Reimburse.Azure.Storage.Tables;
using Reimburse.ClaimCodes;
using Reimburse.Customers;
using Reimburse.Functions.Benchmarks;
using Reimburse.Functions.Customers;
using Reimburse.Functions.Security;
using Reimburse.Privacy;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Customers;

/// <summary>The operator and eligibility API end to end, against Azurite.</summary>
public sealed class CustomerApiTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string IncidentYaml = """
        id: {0}
        name: ベクター 不正アクセス (2012)
        disclosedOn: 2012-06-29
        exposedFrom: 2012-03-01
        exposedTo: 2012-06-15
        claimsOpenOn: 2012-07-01
        claimsCloseOn: 2012-12-31
        policy:
          issuersWaivingFee: [rakuten]
        """;

    private readonly AzuriteFixture _azurite;
    private readonly ReimburseAppFactory _factory;
    private readonly HttpClient _operator;
    private readonly HttpClient _public;

    public CustomerApiTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _factory = new ReimburseAppFactory(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Eligibility:MinimumResponseMilliseconds"] = "20",
            ["Eligibility:AttemptsPerCode"] = "3",
            ["Eligibility:PermitsPerClientPerMinute"] = "1000",
        });
        _operator = _factory.CreateStaffClient("運用 花子", Roles.Operator);
        _public = _factory.CreateClient();
    }

    [Fact]
    public async Task An_operator_defines_an_incident_in_yaml_and_reads_it_back_as_json()
    {
        var put = await PutIncidentAsync("incident-roundtrip");
        var again = await PutIncidentAsync("incident-roundtrip");
        var got = await _operator.GetFromJsonAsync<JsonElement>(new Uri("/api/incidents/incident-roundtrip", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("2012-12-31", got.GetProperty("claimsCloseOn").GetString());
        Assert.Equal("rakuten", got.GetProperty("policy").GetProperty("issuersWaivingFee")[0].GetString());
    }

    [Fact]
    public async Task An_invalid_incident_is_refused_with_every_problem()
    {
        using var content = new StringContent("""{ "id": "bad-1", "name": "x", "disclosedOn": "2012-13-01", "exposedFrom": "2012-03-01", "exposedTo": "2012-02-01", "claimsOpenOn": "2012-07-01", "claimsCloseOn": "2012-12-31", "policy": { "issuerFeeCaps": { "nicos": 1100 } } }""", Encoding.UTF8, "application/json");

        var response = await _operator.PutAsync(new Uri("/api/incidents/bad-1", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("disclosedOn", out _));
        Assert.True(errors.TryGetProperty("policy.issuerFeeCaps.nicos", out _));
    }

    [Fact]
    public async Task Only_operators_may_import_or_issue()
    {
        using var reviewer = _factory.CreateStaffClient("審査 太郎", Roles.Reviewer);

        var anonymous = await _public.PostAsync(new Uri("/api/incidents/x/claim-codes", UriKind.Relative), null);
        var wrongRole = await reviewer.PostAsync(new Uri("/api/incidents/x/claim-codes", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
    }

    [Fact]
    public async Task Import_issue_codes_and_check_eligibility_end_to_end()
    {
        const string incident = "vector-e2e";
        await PutIncidentAsync(incident);
        var (bytes, expected) = await CustomerImporterTests.GenerateAsync(new CustomerFileSpec(3_000, FullCardEvery: 50), CsvRecordReaderShiftJis);

        var import = await ImportAsync(incident, bytes);
        var report = await _operator.GetStringAsync(new Uri($"/api/incidents/{incident}/customers/imports/{import.ImportId}/errors.csv", UriKind.Relative));
        var fetched = await _operator.GetFromJsonAsync<ImportResponse>(new Uri($"/api/incidents/{incident}/customers/imports/{import.ImportId}", UriKind.Relative));
        var reimport = await ImportAsync(incident, bytes);

        Assert.Equal("Shift_JIS", import.Encoding);
        Assert.Equal(import.Accepted, fetched!.Import.Accepted);
        Assert.Equal(expected.ValidCustomers, import.Accepted);
        Assert.Equal(expected.Rejections.Count, import.Rejected);
        Assert.Equal(expected.MaskedRows, import.CardNumbersMasked);
        Assert.Equal(expected.Rejections.Count, report.Split("\r\n").Count(l => l.Contains(",rejected,", StringComparison.Ordinal)));
        Assert.Equal(expected.ValidCustomers, reimport.Unchanged);
        Assert.Equal(0, reimport.Accepted + reimport.Updated);

        var issued = await _operator.PostAsync(new Uri($"/api/incidents/{incident}/claim-codes", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var run = (await issued.Content.ReadFromJsonAsync<IssueCodesResponse>())!;
        Assert.Equal(expected.ValidCustomers, run.Issued);
        var mailingResponse = await _operator.GetAsync(new Uri(run.Mailing!, UriKind.Relative));
        var mailing = ParseMailing(await mailingResponse.Content.ReadAsStringAsync());
        var secondDownload = await _operator.GetAsync(new Uri(run.Mailing!, UriKind.Relative));
        Assert.Equal("text/csv", mailingResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected.ValidCustomers, mailing.Count);
        Assert.Equal(HttpStatusCode.Gone, secondDownload.StatusCode);

        var store = _factory.Services.GetRequiredService<IAffectedCustomerStore>();
        var cardHolder = await FindAsync(store, incident, mailing, c => c.CardDataLeaked);
        var personalOnly = await FindAsync(store, incident, mailing, c => !c.CardDataLeaked);

        var cardAnswer = await CheckAsync(cardHolder.Code, cardHolder.Postal);
        Assert.Equal(HttpStatusCode.OK, cardAnswer.StatusCode);
        var card = await cardAnswer.Content.ReadFromJsonAsync<EligibilityResponse>();
        Assert.True(card!.Affected && card.CardDataLeaked);
        Assert.Equal(cardHolder.Customer.Cards.Select(c => (c.Brand, c.Last4)), card.Cards.Select(c => (c.Brand, c.Last4)));
        Assert.Contains(DataCategories.Card, card.DataCategories);
        Assert.Equal(new ClaimWindow(new(2012, 7, 1), new(2012, 12, 31)), card.ClaimWindow);
        Assert.Equal(incident, card.Incident.Id);
        var cardJson = await cardAnswer.Content.ReadAsStringAsync();
        Assert.DoesNotContain(cardHolder.Customer.NameKanji, cardJson, StringComparison.Ordinal);
        Assert.DoesNotContain(cardHolder.Customer.Address, cardJson, StringComparison.Ordinal);

        var personal = await (await CheckAsync(personalOnly.Code, personalOnly.Postal.Replace("-", "", StringComparison.Ordinal))).Content.ReadFromJsonAsync<EligibilityResponse>();
        Assert.True(personal!.Affected);
        Assert.False(personal.CardDataLeaked);
        Assert.Empty(personal.Cards);
        Assert.DoesNotContain(DataCategories.Card, personal.DataCategories);

        var unknown = await CheckAsync(ClaimCode.Generate(), cardHolder.Postal);
        var wrongPostal = await CheckAsync(personalOnly.Code, "999-9999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongPostal.StatusCode);
        Assert.Equal(await WithoutTraceIdAsync(unknown), await WithoutTraceIdAsync(wrongPostal));
        Assert.Equal(unknown.Content.Headers.ContentType, wrongPostal.Content.Headers.ContentType);

        await AssertNothingSensitiveIsStoredAsync(mailing.Select(m => m.Code), expected.FullCardNumbers);
    }

    [Fact]
    public async Task A_code_tried_too_often_is_refused_whether_it_exists_or_not()
    {
        const string incident = "vector-brute";
        await PutIncidentAsync(incident);
        await ImportAsync(incident, Encoding.UTF8.GetBytes("customer_id,name,postal_code,address,card_leaked,cards\nB1,山田 太郎,100-0001,東京都千代田区1-1,あり,VISA:1234\n"));
        var run = (await (await _operator.PostAsync(new Uri($"/api/incidents/{incident}/claim-codes", UriKind.Relative), null)).Content.ReadFromJsonAsync<IssueCodesResponse>())!;
        var real = Assert.Single(ParseMailing(await _operator.GetStringAsync(new Uri(run.Mailing!, UriKind.Relative))));
        var madeUp = ClaimCode.Generate();

        var realAttempts = new List<HttpStatusCode>();
        var madeUpAttempts = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            realAttempts.Add((await CheckAsync(real.Code, "999-0000")).StatusCode);
            madeUpAttempts.Add((await CheckAsync(madeUp, "999-0000")).StatusCode);
        }
        var realAfterLimit = await CheckAsync(real.Code, real.Postal);
        var madeUpAfterLimit = await CheckAsync(madeUp, real.Postal);

        Assert.All(realAttempts.Concat(madeUpAttempts), s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, realAfterLimit.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, madeUpAfterLimit.StatusCode);
        Assert.Equal(await WithoutTraceIdAsync(realAfterLimit), await WithoutTraceIdAsync(madeUpAfterLimit));
        Assert.NotNull(realAfterLimit.Headers.RetryAfter);
    }

    [Fact]
    public async Task One_client_is_limited_across_codes()
    {
        using var strict = new ReimburseAppFactory(_azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Eligibility:MinimumResponseMilliseconds"] = "0",
            ["Eligibility:PermitsPerClientPerMinute"] = "5",
        });
        using var client = strict.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var content = JsonContent.Create(new EligibilityRequest(ClaimCode.Generate(), "100-0001"));
            statuses.Add((await client.PostAsync(new Uri("/api/eligibility", UriKind.Relative), content)).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 5), statuses.Take(5));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2), statuses.Skip(5));
    }

    [Fact]
    public async Task Under_the_functions_host_each_forwarded_client_has_its_own_budget()
    {
        // Under the host every request comes from loopback; the front end's X-Forwarded-For names the caller.
        using var strict = TwoChecksPerClient();

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            first.Add(await CheckFromAsync(strict, IPAddress.Loopback, "203.0.113.7:" + (50_000 + i)));
        }
        var second = await CheckFromAsync(strict, IPAddress.Loopback, "203.0.113.8:50100");
        // The first client cannot start afresh by putting another address in front of the platform's entry.
        var firstSpoofing = await CheckFromAsync(strict, IPAddress.Loopback, "198.51.100.99, 203.0.113.7:50200");

        // 400: the made-up code is refused after the client's permit was taken; 429: the client's budget is spent.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.BadRequest, second);
        Assert.Equal(HttpStatusCode.TooManyRequests, firstSpoofing);
    }

    [Fact]
    public async Task A_caller_reaching_the_app_directly_cannot_choose_its_budget_with_x_forwarded_for()
    {
        using var strict = TwoChecksPerClient();
        var caller = IPAddress.Parse("192.0.2.10");

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            statuses.Add(await CheckFromAsync(strict, caller, "203.0.113." + i));
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Every_answer_waits_for_the_response_time_floor()
    {
        using var slow = new ReimburseAppFactory(_azurite.ConnectionString, new Dictionary<string, string?> { ["Eligibility:MinimumResponseMilliseconds"] = "250" });
        using var client = slow.CreateClient();
        using (var warmUp = JsonContent.Create(new EligibilityRequest(ClaimCode.Generate(), "100-0001")))
        {
            await client.PostAsync(new Uri("/api/eligibility", UriKind.Relative), warmUp);
        }

        var elapsed = new List<TimeSpan>();
        foreach (var code in new[] { ClaimCode.Generate(), "not a code" })
        {
            using var content = JsonContent.Create(new EligibilityRequest(code, "100-0001"));
            var started = System.Diagnostics.Stopwatch.StartNew();
            await client.PostAsync(new Uri("/api/eligibility", UriKind.Relative), content);
            elapsed.Add(started.Elapsed);
        }

        Assert.All(elapsed, e => Assert.True(e >= TimeSpan.FromMilliseconds(245), e.ToString()));
    }

    [Fact]
    public async Task A_mistyped_code_is_a_400_that_says_so()
    {
        var code = ClaimCode.Generate();
        var typo = (code[0] == 'A' ? 'B' : 'A') + code[1..];

        var response = await CheckAsync(typo, "100-0001");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no 0, O, 1 or I", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_file_is_a_400_that_names_the_lines_and_writes_nothing()
    {
        const string incident = "vector-malformed";
        await PutIncidentAsync(incident);
        var text = CustomerFileGenerator.Header + "\nM1,山田,ヤマダ,a@example.jp,,100-0001,東京都,あり,VISA:1234\nM2,佐藤,サトウ,b@example.jp,,100-0001,東京都\n";

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await _operator.PostAsync(new Uri($"/api/incidents/{incident}/customers/imports", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, problem.GetProperty("problems")[0].GetProperty("line").GetInt32());
        var store = _factory.Services.GetRequiredService<IAffectedCustomerStore>();
        Assert.Null(await store.FindAsync(incident, "M1", default));
    }

    [Fact]
    public async Task Importing_into_an_unknown_incident_is_a_404()
    {
        using var content = new ByteArrayContent("customer_id\n1\n"u8.ToArray());
        var response = await _operator.PostAsync(new Uri("/api/incidents/never-defined/customers/imports", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_incident_without_these_policy_fields_takes_the_deployments_defaults()
    {
        using var configured = new ReimburseAppFactory(_azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Incidents:Defaults:FourEyesThresholdYen"] = "550",
            ["Incidents:Defaults:RetentionDays"] = "90",
        });
        using var client = configured.CreateStaffClient("運用 花子", Roles.Operator);
        using var content = new StringContent(string.Format(System.Globalization.CultureInfo.InvariantCulture, IncidentYaml, "incident-defaults"), Encoding.UTF8, "application/yaml");

        var put = await client.PutAsync(new Uri("/api/incidents/incident-defaults", UriKind.Relative), content);
        var policy = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("policy");

        Assert.True(put.IsSuccessStatusCode);
        Assert.Equal((550, 90, 48), (policy.GetProperty("fourEyesThreshold").GetInt32(), policy.GetProperty("retentionDays").GetInt32(), policy.GetProperty("reviewSlaHours").GetInt32()));
    }

    public void Dispose()
    {
        _operator.Dispose();
        _public.Dispose();
        _factory.Dispose();
    }

    private static System.Text.Encoding CsvRecordReaderShiftJis => CsvRecordReader.StrictShiftJis;

    private async Task<HttpResponseMessage> PutIncidentAsync(string id)
    {
        using var content = new StringContent(string.Format(System.Globalization.CultureInfo.InvariantCulture, IncidentYaml, id), Encoding.UTF8, "application/yaml");
        var response = await _operator.PutAsync(new Uri($"/api/incidents/{id}", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response;
    }

    private async Task<ImportResult> ImportAsync(string incident, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await _operator.PostAsync(new Uri($"/api/incidents/{incident}/customers/imports", UriKind.Relative), content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<ImportResponse>())!;
        Assert.Equal($"/api/incidents/{incident}/customers/imports/{body.Import.ImportId}/errors.csv", body.ErrorReport);
        Assert.Equal(response.Headers.Location?.OriginalString, $"/api/incidents/{incident}/customers/imports/{body.Import.ImportId}");
        return body.Import;
    }

    private ReimburseAppFactory TwoChecksPerClient() => new(_azurite.ConnectionString, new Dictionary<string, string?>
    {
        ["Eligibility:MinimumResponseMilliseconds"] = "0",
        ["Eligibility:PermitsPerClientPerMinute"] = "2",
    });

    // An eligibility check with a made-up code, on a connection from remote (TestServer leaves the address unset).
    private static async Task<HttpStatusCode> CheckFromAsync(ReimburseAppFactory app, IPAddress remote, string forwardedFor)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = remote;
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/eligibility";
            c.Request.ContentType = "application/json";
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            c.Request.Body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new EligibilityRequest("not a code", "100-0001")));
        });
        return (HttpStatusCode)context.Response.StatusCode;
    }

    private async Task<HttpResponseMessage> CheckAsync(string code, string postal)
    {
        using var content = JsonContent.Create(new EligibilityRequest(code, postal));
        return await _public.PostAsync(new Uri("/api/eligibility", UriKind.Relative), content);
    }

    private static async Task<string> WithoutTraceIdAsync(HttpResponseMessage response)
    {
        var json = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
        json.Remove("traceId");
        return json.ToJsonString();
    }

    private static List<(string CustomerId, string Postal, string Code)> ParseMailing(string csv)
    {
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", MailMergeLine.Header), lines[0]);
        // Mail-merge fields hold no line breaks; only quoted addresses may hold commas, and the code is always last.
        return [.. lines.Skip(1).Select(l => (l[..l.IndexOf(',', StringComparison.Ordinal)], PostalOf(l), l[(l.LastIndexOf(',') + 1)..]))];

        static string PostalOf(string line)
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, ",([0-9]{3}-[0-9]{4}),");
            return m.Groups[1].Value;
        }
    }

    private static async Task<(string Code, string Postal, AffectedCustomer Customer)> FindAsync(
        IAffectedCustomerStore store, string incident, List<(string CustomerId, string Postal, string Code)> mailing, Func<AffectedCustomer, bool> predicate)
    {
        foreach (var line in mailing)
        {
            var customer = await store.FindAsync(incident, line.CustomerId, default);
            if (customer is not null && predicate(customer))
            {
                return (line.Code, line.Postal, customer);
            }
        }
        throw new InvalidOperationException("no such customer in the mailing");
    }

    // Every stored text is scanned for the file's own full card numbers and the issued codes, and for anything
    // Luhn-valid outside the hash columns (hex HMACs and digests contain long digit runs by chance).
    private async Task AssertNothingSensitiveIsStoredAsync(IEnumerable<string> printedCodes, IReadOnlyList<string> fullCardNumbers)
    {
        Assert.NotEmpty(fullCardNumbers);
        string[] hashColumns = ["ClaimCodeHash", "Digest"];
        var codes = printedCodes.SelectMany(c => new[] { c, c.Replace("-", "", StringComparison.Ordinal) })
            .Concat(fullCardNumbers).Concat(fullCardNumbers.Select(n => n[^8..]))
            .ToList();
        var tables = new TableServiceClient(_azurite.ConnectionString);
        var rows = 0;
        foreach (var table in new[] { CustomerStorage.IncidentsTable, CustomerStorage.CustomersTable, CustomerStorage.ClaimCodesTable, CustomerStorage.RunsTable })
        {
            await foreach (var entity in tables.GetTableClient(table).QueryAsync())
            {
                rows++;
                var all = string.Join("|", entity.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
                var plain = string.Join("|", entity.Where(p => !hashColumns.Contains(p.Key)).Select(p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
                Assert.False(table != CustomerStorage.ClaimCodesTable && CardNumbers.ContainsCardNumber(plain), $"{table}: a full card number");
                Assert.DoesNotContain(codes, c => all.Contains(c, StringComparison.Ordinal) || entity.RowKey.Contains(c, StringComparison.Ordinal));
            }
        }
        Assert.True(rows > 3_000);
        var blobs = new BlobServiceClient(_azurite.ConnectionString);
        foreach (var container in new[] { CustomerStorage.ImportsContainer, CustomerStorage.MailingsContainer })
        {
            var client = blobs.GetBlobContainerClient(container);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var text = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.ToString();
                Assert.False(CardNumbers.ContainsCardNumber(text), $"{container}/{blob.Name}: a full card number");
                Assert.DoesNotContain(codes, c => text.Contains(c, StringComparison.Ordinal));
            }
        }
    }
}
