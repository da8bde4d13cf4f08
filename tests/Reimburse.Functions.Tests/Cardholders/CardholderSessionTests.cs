using System.Net;
using System.Net.Http.Json;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Tests.Cardholders;

/// <summary>Cardholder sign-in, the session cookie and bearer token, sign-out, anti-forgery, and the wall between cardholder and staff.</summary>
public sealed class CardholderSessionTests(CardholderSessionTests.Fixture fixture) : IClassFixture<CardholderSessionTests.Fixture>
{
    private readonly ShiftedClock _clock = fixture.Clock;
    private readonly ReimburseAppFactory _app = fixture.App;
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory = fixture.Factory;
    private readonly CardholderKit _kit = fixture.Kit;
    private readonly IReadOnlyDictionary<string, Holder> _holders = fixture.Holders;

    public sealed class Fixture : CardholderAppFixture
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Eligibility:AttemptsPerCode"] = "4";
            return settings;
        }

        protected override (Reimburse.Incidents.Incident Incident, IReadOnlyList<string> Customers) World() => (CardholderKit.OpenIncident("session-tests"),
        [
            "S1,山田 太郎,ヤマダ タロウ,100-0001,東京都千代田区1-1,あり,VISA:1234",
            "S2,佐藤 花子,サトウ ハナコ,530-0001,大阪府大阪市北区1-1,あり,JCB:5678",
            "S3,鈴木 一郎,スズキ イチロウ,060-0001,北海道札幌市1-1,あり,VISA:1111",
            "S4,田中 美咲,タナカ ミサキ,810-0001,福岡県福岡市1-1,あり,VISA:2222",
            "S5,伊藤 健一,イトウ ケンイチ,980-0001,宮城県仙台市1-1,あり,VISA:3333",
        ]);
    }

    [Fact]
    public async Task Signing_in_sets_an_http_only_strict_cookie_and_hands_out_no_token()
    {
        var signedIn = await _kit.SignInAsync(_holders["S1"]);

        var cookie = Assert.Single(signedIn.Response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("reimburse_session=rcs1.", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        // Plain HTTP in the test server: a Secure cookie would never come back.
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Null(signedIn.Session.Token);
        Assert.Equal("session-tests", signedIn.Session.Incident.Id);
        Assert.Equal("1234", Assert.Single(signedIn.Session.Cards).Last4);
        Assert.InRange((signedIn.Session.ExpiresAt - _clock.GetUtcNow()).TotalMinutes, 29.9, 30.1);
        Assert.InRange((signedIn.Session.AbsoluteExpiresAt - _clock.GetUtcNow()).TotalMinutes, 119.9, 120.1);

        var me = await signedIn.Client.GetFromJsonAsync<SessionResponse>(new Uri("/api/session", UriKind.Relative));
        Assert.Equal(signedIn.Session.CsrfToken, me!.CsrfToken);
        var raw = await signedIn.Client.GetStringAsync(new Uri("/api/session", UriKind.Relative));
        Assert.DoesNotContain(_holders["S1"].ClaimCode, raw, StringComparison.Ordinal);
        // The customer id never appears as a value (a bare substring check would also match inside the random CSRF token).
        Assert.DoesNotContain("\"S1\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_sign_in_returns_the_token_and_sets_no_cookie()
    {
        var signedIn = await _kit.SignInAsync(_holders["S2"], bearer: true);

        Assert.False(signedIn.Response.Headers.Contains("Set-Cookie"));
        Assert.StartsWith(CardholderSessions.TokenPrefix, signedIn.Session.Token, StringComparison.Ordinal);
        var me = await signedIn.Client.GetAsync(new Uri("/api/session", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task An_unknown_code_and_a_wrong_postal_code_get_the_same_answer()
    {
        using var client = _factory.CreateClient();
        var unknown = await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new SessionRequest(Reimburse.ClaimCodes.ClaimCode.Generate(), "100-0001"));
        var wrongPostal = await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new SessionRequest(_holders["S3"].ClaimCode, "999-9999"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongPostal.StatusCode);
        Assert.Equal(await CardholderKit.ProblemWithoutTraceIdAsync(unknown), await CardholderKit.ProblemWithoutTraceIdAsync(wrongPostal));
        Assert.False(wrongPostal.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Sign_in_and_the_eligibility_check_share_the_per_code_limit()
    {
        using var client = _factory.CreateClient();
        var holder = _holders["S5"];
        for (var i = 0; i < 2; i++)
        {
            var check = await client.PostAsJsonAsync(new Uri("/api/eligibility", UriKind.Relative), new { claimCode = holder.ClaimCode, postalCode = "999-9999" });
            Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
            var signIn = await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new SessionRequest(holder.ClaimCode, "999-9999"));
            Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        }

        var fifth = await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new SessionRequest(holder.ClaimCode, holder.PostalCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        Assert.True(fifth.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task A_cardholder_session_never_passes_a_staff_policy()
    {
        var byCookie = await _kit.SignInAsync(_holders["S4"]);
        var byBearer = await _kit.SignInAsync(_holders["S4"], bearer: true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await byCookie.Client.GetAsync(new Uri("/api/staff/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await byBearer.Client.GetAsync(new Uri("/api/staff/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await byBearer.Client.GetAsync(new Uri("/api/incidents/session-tests", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_staff_token_never_passes_the_cardholder_policy()
    {
        foreach (var role in Roles.All)
        {
            // Minted on the app's clock: other tests move it forward.
            var token = StaffTokens.Mint(_app.StaffKey, new StaffTokenOptions().Issuer, new StaffTokenOptions().Audience, "id-staff", "職員", [role], _clock.GetUtcNow(), TimeSpan.FromHours(1));
            using var staff = CardholderKit.Staff(_factory, token);
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(new Uri("/api/staff/me", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync(new Uri("/api/session", UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task A_cookie_sign_out_needs_the_anti_forgery_token_and_then_ends_the_session()
    {
        var signedIn = await _kit.SignInAsync(_holders["S2"]);
        var client = signedIn.Client;
        client.DefaultRequestHeaders.Remove(CsrfEndpointFilter.HeaderName);

        var forged = await client.DeleteAsync(new Uri("/api/session", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        client.DefaultRequestHeaders.Add(CsrfEndpointFilter.HeaderName, "wrong");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(new Uri("/api/session", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/session", UriKind.Relative))).StatusCode);

        client.DefaultRequestHeaders.Remove(CsrfEndpointFilter.HeaderName);
        client.DefaultRequestHeaders.Add(CsrfEndpointFilter.HeaderName, signedIn.Session.CsrfToken);
        var signOut = await client.DeleteAsync(new Uri("/api/session", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("reimburse_session=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/session", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_signed_out_bearer_token_is_dead_even_if_replayed()
    {
        var signedIn = await _kit.SignInAsync(_holders["S3"], bearer: true);

        Assert.Equal(HttpStatusCode.NoContent, (await signedIn.Client.DeleteAsync(new Uri("/api/session", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.Client.GetAsync(new Uri("/api/session", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_session_slides_with_use_and_lapses_after_half_an_hour_idle()
    {
        var signedIn = await _kit.SignInAsync(_holders["S1"], bearer: true);
        var client = signedIn.Client;

        _clock.Advance(TimeSpan.FromMinutes(20));
        var used = await client.GetAsync(new Uri("/api/session", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        var fresh = Assert.Single(used.Headers.GetValues(CardholderSessionHandler.RefreshedTokenHeader));
        client.DefaultRequestHeaders.Authorization = new("Bearer", fresh);

        _clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/session", UriKind.Relative))).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(31));
        var lapsed = await client.GetAsync(new Uri("/api/session", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, lapsed.StatusCode);
        Assert.Equal("application/problem+json", lapsed.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var signedIn = await _kit.SignInAsync(_holders["S4"], bearer: true);
        var token = signedIn.Session.Token!;
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/') + new string('=', (4 - (parts[1].Length % 4)) % 4)));
        var other = payload.Replace("\"S4\"", "\"S1\"", StringComparison.Ordinal);
        var forged = parts[0] + "." + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(other)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + parts[2];
        Assert.NotEqual(token, forged);

        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/session", UriKind.Relative))).StatusCode);
    }
}
