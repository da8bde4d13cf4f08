using System.Net;
using System.Text.RegularExpressions;
using Reimburse.ClaimCodes;
using Reimburse.Functions.Pages;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Pages;

/// <summary>The pages' frame over HTTP (no browser): headers, languages, error pages, antiforgery, assets.</summary>
public sealed partial class PageFoundationTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ReimburseAppFactory _factory;

    public PageFoundationTests(AzuriteFixture azurite)
    {
        _factory = new ReimburseAppFactory(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Eligibility:MinimumResponseMilliseconds"] = "0",
        });
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Pages_carry_a_strict_content_security_policy_and_no_inline_script_or_style()
    {
        using var browser = Browser();

        var response = await browser.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Matches("<html lang=\"ja\">", html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_renders_english_and_remembers_the_choice()
    {
        using var browser = Browser();

        var switched = await browser.GetAsync(new Uri("/check?lang=en", UriKind.Relative));
        var later = await browser.GetStringAsync(new Uri("/", UriKind.Relative));
        var back = await browser.GetStringAsync(new Uri("/?lang=ja", UriKind.Relative));

        Assert.Contains(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith(Ui.LanguageCookie + "=en", StringComparison.Ordinal));
        Assert.Contains("<html lang=\"en\">", await switched.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", later, StringComparison.Ordinal);
        Assert.Contains("Check whether you are affected", later, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ja\">", back, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_gets_an_html_error_page_and_an_api_client_keeps_problem_details()
    {
        using var browser = Browser();
        using var api = _factory.CreateClient();

        var page = await browser.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        var json = await api.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ページが見つかりません", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        using var browser = Browser();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["ClaimCode"] = ClaimCode.Generate(), ["PostalCode"] = "100-0001" });

        var response = await browser.PostAsync(new Uri("/check", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("送信を受け付けられませんでした", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_code_gets_the_neutral_no_match_and_a_malformed_one_a_field_error()
    {
        using var browser = Browser();

        var unknown = await PostFormAsync(browser, "/check", new() { ["ClaimCode"] = ClaimCode.Generate(), ["PostalCode"] = "100-0001" });
        var malformed = await PostFormAsync(browser, "/check", new() { ["ClaimCode"] = "ABCD-0000", ["PostalCode"] = "1000" });

        Assert.Contains("該当するお客様が見つかりませんでした", unknown, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", malformed, StringComparison.Ordinal);
        Assert.Contains("href=\"#f-claim-code\"", malformed, StringComparison.Ordinal);
        Assert.Contains("href=\"#f-postal-code\"", malformed, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"f-postal-code-hint f-postal-code-error\"", malformed, StringComparison.Ordinal);
        Assert.DoesNotContain("該当するお客様が見つかりませんでした", malformed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_are_served_with_long_caching_at_their_versioned_address()
    {
        using var browser = Browser();
        var html = await browser.GetStringAsync(new Uri("/", UriKind.Relative));
        var css = AssetAddress().Match(html).Groups[1].Value;

        var response = await browser.GetAsync(new Uri(css, UriKind.Relative));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(css, UriKind.Relative));
        request.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var again = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    private HttpClient Browser() => PageClient.For(_factory).Http;

    private static async Task<string> PostFormAsync(HttpClient browser, string path, Dictionary<string, string> fields)
    {
        var html = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        fields["__rvt"] = PageClient.AntiforgeryField().Match(html).Groups[1].Value;
        using var content = new FormUrlEncodedContent(fields);
        return await (await browser.PostAsync(new Uri(path, UriKind.Relative), content)).Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex("href=\"(/assets/site\\.css\\?v=[0-9a-f]+)\"")]
    private static partial Regex AssetAddress();
}
