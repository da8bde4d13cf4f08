using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Customers;
using Reimburse.Functions.Intake;
using Reimburse.Functions.Security;
using Reimburse.Incidents;

namespace Reimburse.Functions.Local;

/// <summary>A claim as the claim form takes it (the demo data and the pipeline benchmark fill it in).</summary>
internal sealed record ClaimFormInput(DateOnly ReissuedOn, long DeclaredFee, string CardLast4, string AccountNumber, string AccountHolder, string BankCode = "0001", string BranchCode = "001");

/// <summary>
/// The app's HTTP API as an operator and cardholders use it, for `reimburse up`'s demo data and the pipeline
/// benchmark: an incident, an affected-customer CSV, claim codes from the mail-merge file, sign-in, claim submission.
/// </summary>
internal sealed class ReimburseApiClient(HttpClient http, string operatorToken)
{
    /// <summary>An operator token signed with the app's staff key.</summary>
    public static string OperatorToken(byte[] staffKey, DateTimeOffset now)
    {
        var staff = new StaffTokenOptions();
        return StaffTokens.Mint(staffKey, staff.Issuer, staff.Audience, "local-operator", "ローカル 運用", [Roles.Operator], now, TimeSpan.FromHours(8));
    }

    public async Task<bool> IncidentExistsAsync(string incidentId, CancellationToken ct)
    {
        using var request = Operator(HttpMethod.Get, $"/api/incidents/{incidentId}", null);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureAsync(response, "reading the incident", ct).ConfigureAwait(false);
        return true;
    }

    public Task PutIncidentAsync(Incident incident, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"/api/incidents/{incident.Id}", new StringContent(IncidentDocument.ToJson(incident), Encoding.UTF8, "application/json"), ct);

    /// <summary>Imports customer rows (<c>customer_id,name,name_kana,postal_code,address,card_leaked,cards</c>; addresses without commas).</summary>
    public Task ImportCustomersAsync(string incidentId, IEnumerable<string> rows, CancellationToken ct)
    {
        var csv = "customer_id,name,name_kana,postal_code,address,card_leaked,cards\n" + string.Join("\n", rows) + "\n";
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return SendAsync(HttpMethod.Post, $"/api/incidents/{incidentId}/customers/imports", file, ct);
    }

    /// <summary>Issues codes (to everyone without one, or re-issues to the named customers) and reads the mail-merge file: customer id → (code, postal code).</summary>
    public async Task<Dictionary<string, (string Code, string PostalCode)>> IssueCodesAsync(string incidentId, IReadOnlyList<string>? customerIds, CancellationToken ct)
    {
        HttpContent? body = customerIds is null ? null : JsonContent.Create(new IssueCodesRequest(customerIds, null));
        var issued = await SendAsync(HttpMethod.Post, $"/api/incidents/{incidentId}/claim-codes", body, ct).ConfigureAwait(false);
        var run = (await issued.Content.ReadFromJsonAsync<IssueCodesResponse>(ct).ConfigureAwait(false))!;
        var codes = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (run.Mailing is null)
        {
            return codes;
        }
        var mailing = await (await SendAsync(HttpMethod.Get, run.Mailing, null, ct).ConfigureAwait(false)).Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        foreach (var line in mailing.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            // customer_id,name,postal_code,address,email,claim_code — these customers' addresses hold no commas.
            var fields = line.Split(',');
            codes[fields[0]] = (fields[^1], fields[2]);
        }
        return codes;
    }

    /// <summary>Signs in as the holder of a code; returns the bearer token.</summary>
    public async Task<string> SignInAsync(string code, string postalCode, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync("/api/session", new SessionRequest(code, postalCode, Bearer: true), ct).ConfigureAwait(false);
        await EnsureAsync(response, "sign-in", ct).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<SessionResponse>(ct).ConfigureAwait(false))!.Token!;
    }

    /// <summary>Submits a claim with one statement file as the signed-in cardholder.</summary>
    public async Task<ClaimView> SubmitClaimAsync(string sessionToken, ClaimFormInput input, byte[] statement, string contentType, string fileName, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(input.ReissuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ClaimForms.ReissueDate },
            { new StringContent(input.DeclaredFee.ToString(CultureInfo.InvariantCulture)), ClaimForms.DeclaredFee },
            { new StringContent(input.CardLast4), ClaimForms.CardLast4 },
            { new StringContent(input.BankCode), ClaimForms.BankCode },
            { new StringContent(input.BranchCode), ClaimForms.BranchCode },
            { new StringContent("普通"), ClaimForms.AccountType },
            { new StringContent(input.AccountNumber), ClaimForms.AccountNumber },
            { new StringContent(input.AccountHolder), ClaimForms.AccountHolder },
        };
        var file = new ByteArrayContent(statement);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "files", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/claims") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sessionToken);
        request.Headers.Add(ClaimEndpoints.IdempotencyKeyHeader, Guid.NewGuid().ToString());
        var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        await EnsureAsync(response, "claim submission", ct).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<ClaimView>(ct).ConfigureAwait(false))!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = Operator(method, path, content);
        var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        await EnsureAsync(response, method + " " + path, ct).ConfigureAwait(false);
        return response;
    }

    private HttpRequestMessage Operator(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The {what} failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
        }
    }
}
