using System.Net;
using System.Net.Http.Headers;
using Reimburse.Functions.Pages.Staff;
using Reimburse.Functions.Security;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Pages;

/// <summary>Staff sign-in to the pages: the cookie scheme, its isolation from the API, and sign-out.</summary>
public sealed class StaffSignInTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ReimburseAppFactory _factory;

    public StaffSignInTests(AzuriteFixture azurite) => _factory = new ReimburseAppFactory(azurite.ConnectionString);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_staff_page_sends_a_visitor_without_the_cookie_to_sign_in_and_back()
    {
        using var browser = PageClient.For(_factory).Http;

        var response = await browser.GetAsync(new Uri("/staff?x=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/sign-in?returnUrl=%2Fstaff%3Fx%3D1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_in_sets_an_httponly_strict_cookie_scoped_to_the_staff_pages()
    {
        using var browser = PageClient.For(_factory).Http;

        var response = await SignInAsync(browser, _factory.StaffToken("運用 花子", Roles.Operator), "/staff");
        var home = await browser.GetStringAsync(new Uri("/staff", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff", response.Headers.Location?.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(StaffCookieHandler.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("path=/staff", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("ようこそ、運用 花子さん", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_token_does_not_open_a_page_and_the_page_cookie_does_not_open_the_api()
    {
        var token = _factory.StaffToken("審査 太郎", Roles.Reviewer);
        using var bearerBrowser = PageClient.For(_factory).Http;
        bearerBrowser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var api = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/staff/me", UriKind.Relative));
        request.Headers.Add("Cookie", StaffCookieHandler.CookieName + "=" + token);

        var page = await bearerBrowser.GetAsync(new Uri("/staff", UriKind.Relative));
        var apiWithCookie = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(StaffCookieHandler.SignInPath, page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, apiWithCookie.StatusCode);
    }

    [Fact]
    public async Task Expired_tampered_and_roleless_tokens_are_refused_with_a_reason()
    {
        using var browser = PageClient.For(_factory).Http;
        var options = new StaffTokenOptions();
        var expired = StaffTokens.Mint(_factory.StaffKey, options.Issuer, options.Audience, "id-x", "x", [Roles.Reviewer], DateTimeOffset.UtcNow.AddDays(-2), TimeSpan.FromHours(1));
        var tampered = _factory.StaffToken("x", Roles.Reviewer)[..^4] + "AAAA";
        var roleless = _factory.StaffToken("x");

        var expiredPage = await (await SignInAsync(browser, expired)).Content.ReadAsStringAsync();
        var tamperedPage = await (await SignInAsync(browser, tampered)).Content.ReadAsStringAsync();
        var rolelessPage = await (await SignInAsync(browser, roleless)).Content.ReadAsStringAsync();

        Assert.Contains("有効期限が切れているか", expiredPage, StringComparison.Ordinal);
        Assert.Contains("トークンを確認できませんでした", tamperedPage, StringComparison.Ordinal);
        Assert.Contains("職員の役割がありません", rolelessPage, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", tamperedPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_forgets_the_cookie()
    {
        using var browser = PageClient.For(_factory).Http;
        await SignInAsync(browser, _factory.StaffToken("経理 次郎", Roles.Finance));

        var home = await browser.GetStringAsync(new Uri("/staff", UriKind.Relative));
        var token = PageClient.AntiforgeryField().Match(home).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__rvt"] = token });
        var signOut = await browser.PostAsync(new Uri("/staff/sign-out", UriKind.Relative), form);
        var after = await browser.GetAsync(new Uri("/staff", UriKind.Relative));

        Assert.Equal("/staff/sign-in?signedOut=true", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Theory]
    [InlineData("/staff/operator?x=1", "/staff/operator?x=1")]
    [InlineData("https://evil.example/staff/", "/staff")]
    [InlineData("//evil.example/staff/x", "/staff")]
    [InlineData("/staff//evil.example", "/staff")]
    [InlineData("/staff/\\evil", "/staff")]
    [InlineData("/check", "/staff")]
    [InlineData("/staff/sign-in", "/staff")]
    [InlineData(null, "/staff")]
    public void After_sign_in_only_staff_pages_are_returned_to(string? returnUrl, string expected) =>
        Assert.Equal(expected, SignInModel.SafeReturnUrl(returnUrl));

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token, string? returnUrl = null)
    {
        var form = await browser.GetStringAsync(new Uri(StaffCookieHandler.SignInPath, UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__rvt"] = PageClient.AntiforgeryField().Match(form).Groups[1].Value,
            ["Token"] = token,
            ["ReturnUrl"] = returnUrl ?? "",
        });
        return await browser.PostAsync(new Uri(StaffCookieHandler.SignInPath, UriKind.Relative), content);
    }
}
