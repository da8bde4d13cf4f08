using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Reimburse.ClaimCodes;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Customers;
using Reimburse.Functions.Security;
using Reimburse.Incidents;

namespace Reimburse.Functions.Tests.Cardholders;

/// <summary>A customer of the test incident with the claim code from the mail-merge file.</summary>
internal sealed record Holder(string CustomerId, string PostalCode, string ClaimCode);

/// <summary>
/// Puts the world in place through the operator API, as an operator would: an incident, its affected-customer list
/// (CSV), claim codes from the mail-merge file; then signs cardholders in.
/// </summary>
internal sealed class CardholderKit(WebApplicationFactory<Program> factory, string staffToken)
{
    /// <summary>An incident whose claim window is open today (2026-11 and for a year).</summary>
    public static Incident OpenIncident(string id, IncidentPolicy? policy = null) => new(
        id, "テスト通販 不正アクセス (2026)",
        DisclosedOn: new DateOnly(2026, 7, 1),
        ExposedFrom: new DateOnly(2026, 1, 5),
        ExposedTo: new DateOnly(2026, 6, 30),
        ClaimsOpenOn: new DateOnly(2026, 7, 1),
        ClaimsCloseOn: new DateOnly(2027, 12, 31),
        policy ?? IncidentPolicy.Default);

    public HttpClient Operator { get; } = Staff(factory, staffToken);

    public static HttpClient Staff(WebApplicationFactory<Program> factory, string token)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public static string OperatorToken(ReimburseAppFactory factory) => factory.StaffToken("運用 花子", Roles.Operator);

    /// <summary>Creates the incident, imports the CSV rows (header added) and issues codes; returns the holders by customer id.</summary>
    public async Task<IReadOnlyDictionary<string, Holder>> PrepareAsync(Incident incident, IEnumerable<string> customerRows)
    {
        ArgumentNullException.ThrowIfNull(incident);
        using (var content = new StringContent(IncidentDocument.ToJson(incident), Encoding.UTF8, "application/json"))
        {
            var put = await Operator.PutAsync(new Uri($"/api/incidents/{incident.Id}", UriKind.Relative), content);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        var csv = "customer_id,name,name_kana,postal_code,address,card_leaked,cards\n" + string.Join("\n", customerRows) + "\n";
        using (var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv)))
        {
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var import = await Operator.PostAsync(new Uri($"/api/incidents/{incident.Id}/customers/imports", UriKind.Relative), file);
            Assert.True(import.StatusCode == HttpStatusCode.Created, await import.Content.ReadAsStringAsync());
            var imported = (await import.Content.ReadFromJsonAsync<ImportResponse>())!;
            Assert.Equal(0, imported.Import.Rejected);
        }
        var issued = await Operator.PostAsync(new Uri($"/api/incidents/{incident.Id}/claim-codes", UriKind.Relative), null);
        Assert.True(issued.StatusCode == HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var run = (await issued.Content.ReadFromJsonAsync<IssueCodesResponse>())!;
        var mailing = await Operator.GetStringAsync(new Uri(run.Mailing!, UriKind.Relative));
        return ParseMailing(mailing).ToDictionary(h => h.CustomerId, StringComparer.Ordinal);
    }

    /// <summary>A client signed in as the holder: by cookie (with the anti-forgery header set), or by bearer token.</summary>
    public async Task<SignedIn> SignInAsync(Holder holder, bool bearer = false)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new SessionRequest(holder.ClaimCode, holder.PostalCode, bearer));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var session = (await response.Content.ReadFromJsonAsync<SessionResponse>())!;
        if (bearer)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", session.Token);
        }
        else
        {
            client.DefaultRequestHeaders.Add(CsrfEndpointFilter.HeaderName, session.CsrfToken);
        }
        return new SignedIn(client, session, response);
    }

    public static List<Holder> ParseMailing(string csv)
    {
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", MailMergeLine.Header), lines[0]);
        // The customer id is first and the code last; the postal code is the only 3-4 digit field.
        return [.. lines.Skip(1).Select(l => new Holder(
            l[..l.IndexOf(',', StringComparison.Ordinal)],
            System.Text.RegularExpressions.Regex.Match(l, ",([0-9]{3}-[0-9]{4}),").Groups[1].Value,
            l[(l.LastIndexOf(',') + 1)..]))];
    }

    /// <summary>The ProblemDetails body without its per-request trace id, to compare answers.</summary>
    public static async Task<string> ProblemWithoutTraceIdAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var json = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
        json.Remove("traceId");
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}

/// <summary>A signed-in client and what sign-in answered.</summary>
internal sealed record SignedIn(HttpClient Client, SessionResponse Session, HttpResponseMessage Response);

/// <summary>Real time plus an offset the test moves: sessions, deadlines and timers see the future at once.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
