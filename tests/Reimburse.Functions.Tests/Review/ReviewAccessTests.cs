using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reimburse.Claims;
using Reimburse.Functions.Review;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Tests.Review;

/// <summary>Who may reach the reviewers' API, and the documents behind their short-lived links.</summary>
public sealed class ReviewAccessTests(StaffAppFixture app) : IClassFixture<StaffAppFixture>
{
    [Theory]
    [InlineData("GET", "/api/review/queue")]
    [InlineData("GET", "/api/review/claims/CL-x")]
    [InlineData("POST", "/api/review/claims/CL-x/lease")]
    [InlineData("POST", "/api/review/claims/CL-x/approve")]
    [InlineData("POST", "/api/review/claims/CL-x/confirm")]
    [InlineData("GET", "/api/review/documents/abc.def")]
    public async Task Review_endpoints_answer_401_without_a_staff_token(string method, string path)
    {
        using var client = app.App.CreateClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.Operator)]
    public async Task Staff_without_a_reviewer_role_get_403(string role)
    {
        using var client = app.Staff("not-a-reviewer-" + role, role);
        using var response = await client.GetAsync(new Uri("/api/review/queue", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/review/queue")]
    [InlineData("/api/review/claims/CL-x")]
    [InlineData("/api/finance/batches")]
    [InlineData("/api/finance/reconciliation")]
    public async Task A_cardholder_session_never_reaches_the_staff_apis(string path)
    {
        var sessions = app.Services.GetRequiredService<Reimburse.Functions.Cardholders.CardholderSessions>();
        var (_, token) = sessions.Open("inc-any", "C-any");
        using var bearer = app.App.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var cookie = app.App.CreateClient();
        cookie.DefaultRequestHeaders.Add("Cookie", sessions.Options.CookieName + "=" + token);

        using var byBearer = await bearer.GetAsync(new Uri(path, UriKind.Relative));
        using var byCookie = await cookie.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, byBearer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byCookie.StatusCode);
    }

    [Fact]
    public async Task A_member_who_is_also_finance_may_not_review()
    {
        using var client = app.Staff("both-hats", Roles.Reviewer, Roles.Finance);
        using var response = await client.GetAsync(new Uri("/api/review/queue", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_document_link_downloads_an_attachment_for_the_member_it_was_made_for_only()
    {
        var incident = app.NewIncident();
        var claimId = await app.EscalatedAsync(incident);
        using var reviewer = app.Staff("docs-reviewer", Roles.Reviewer);
        using var colleague = app.Staff("docs-colleague", Roles.Reviewer);
        var claim = await reviewer.GetFromJsonAsync<ReviewClaim>(new Uri("/api/review/claims/" + claimId, UriKind.Relative));
        var link = new Uri(Assert.Single(claim!.Documents).Link!, UriKind.Relative);

        using (var response = await reviewer.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(claimId + "-d1.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            Assert.StartsWith("good|" + claimId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var anonymous = app.App.CreateClient())
        using (var response = await anonymous.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var response = await colleague.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        using (var finance = app.Staff("docs-finance", Roles.Finance))
        using (var response = await finance.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var token = link.OriginalString["/api/review/documents/".Length..];
        var forged = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        using (var response = await reviewer.GetAsync(new Uri("/api/review/documents/" + forged, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_document_link_expires()
    {
        var incident = app.NewIncident();
        var claimId = await app.EscalatedAsync(incident);
        var links = app.Services.GetRequiredService<DocumentLinks>();
        var lifetime = app.Services.GetRequiredService<IOptions<ReviewOptions>>().Value.DocumentLinkLifetime;
        Assert.Equal(TimeSpan.FromMinutes(5), lifetime);
        var stale = links.Create(claimId, "d1", "id-expiry-reviewer", DateTimeOffset.UtcNow - lifetime - TimeSpan.FromSeconds(1));
        using var reviewer = app.Staff("expiry-reviewer", Roles.Reviewer);

        using var response = await reviewer.GetAsync(new Uri("/api/review/documents/" + stale, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var fresh = links.Create(claimId, "d1", "id-expiry-reviewer", DateTimeOffset.UtcNow);
        using var ok = await reviewer.GetAsync(new Uri("/api/review/documents/" + fresh, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public void A_link_is_valid_until_its_lifetime_is_over_and_only_for_its_member()
    {
        var links = new DocumentLinks(Options.Create(new ReviewOptions { DocumentLinkKey = Convert.ToBase64String(new byte[32]) }));
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var token = links.Create("CL-1", "d1", "staff-1", now);

        Assert.Equal(new DocumentLinkTarget("CL-1", "d1"), links.Validate(token, "staff-1", now.AddMinutes(4).AddSeconds(59), out _));
        Assert.Null(links.Validate(token, "staff-1", now.AddMinutes(5), out var expired));
        Assert.Equal(DocumentLinkProblem.Expired, expired);
        Assert.Null(links.Validate(token, "staff-2", now, out var other));
        Assert.Equal(DocumentLinkProblem.OtherStaff, other);
        var otherKey = new DocumentLinks(Options.Create(new ReviewOptions { DocumentLinkKey = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()) }));
        Assert.Null(otherKey.Validate(token, "staff-1", now, out var invalid));
        Assert.Equal(DocumentLinkProblem.Invalid, invalid);
        Assert.Null(links.Validate("not-a-token", "staff-1", now, out _));
        Assert.DoesNotContain("staff-1", System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(0, token.IndexOf('.', StringComparison.Ordinal)))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_deleted_by_the_retention_purge_is_gone()
    {
        var incident = app.NewIncident();
        var claimId = await app.EscalatedAsync(incident);
        var state = await app.LoadAsync(claimId);
        await app.Services.GetRequiredService<Functions.Claims.IClaimDocuments>().DeleteAsync(state.Documents[0].Ref, CancellationToken.None);
        var token = app.Services.GetRequiredService<DocumentLinks>().Create(claimId, "d1", "id-purge-reviewer", DateTimeOffset.UtcNow);
        using var reviewer = app.Staff("purge-reviewer", Roles.Reviewer);

        using var response = await reviewer.GetAsync(new Uri("/api/review/documents/" + token, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal(ClaimStatus.UnderReview, (await app.LoadAsync(claimId)).Status);
    }
}
