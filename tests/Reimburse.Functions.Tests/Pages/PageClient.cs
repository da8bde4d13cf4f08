using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Tests.Pages;

/// <summary>An HTTP client that behaves like a browser on the pages: asks for HTML, keeps cookies, sends antiforgery tokens.</summary>
public sealed partial class PageClient : IDisposable
{
    private PageClient(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    public static PageClient For(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return new PageClient(client);
    }

    /// <summary>A page client signed in as staff with <paramref name="roles"/>.</summary>
    public static async Task<PageClient> SignedInAsync(ReimburseAppFactory factory, string name, params string[] roles)
    {
        var client = For(factory);
        var response = await client.PostFormAsync(StaffCookieHandler.SignInPath, new() { ["Token"] = factory.StaffToken(name, roles) });
        if (response.Headers.Location is null)
        {
            throw new InvalidOperationException("Sign-in failed: " + await response.Content.ReadAsStringAsync());
        }
        return client;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(new Uri(path, UriKind.Relative));

    public Task<string> GetStringAsync(string path) => Http.GetStringAsync(new Uri(path, UriKind.Relative));

    /// <summary>Reads the antiforgery token from <paramref name="formPage"/> (or the page at <paramref name="postPath"/>) and posts the fields with it.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string postPath, Dictionary<string, string> fields, string? formPage = null)
    {
        fields["__rvt"] = await TokenAsync(formPage ?? postPath);
        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync(new Uri(postPath, UriKind.Relative), content);
    }

    /// <summary>Posts a multipart form with one file, like a file input.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string postPath, string fileField, string fileName, byte[] bytes, Dictionary<string, string>? fields = null, string? formPage = null)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(formPage ?? postPath), Encoding.UTF8), "__rvt" },
            { new ByteArrayContent(bytes), fileField, fileName },
        };
        foreach (var (name, value) in fields ?? [])
        {
            content.Add(new StringContent(value, Encoding.UTF8), name);
        }
        return await Http.PostAsync(new Uri(postPath, UriKind.Relative), content);
    }

    /// <summary>Follows a redirect response and returns the page's HTML.</summary>
    public async Task<string> FollowAsync(HttpResponseMessage redirect)
    {
        var location = redirect.Headers.Location ?? throw new InvalidOperationException($"Expected a redirect, got {(int)redirect.StatusCode}: {await redirect.Content.ReadAsStringAsync()}");
        return await Http.GetStringAsync(location);
    }

    public void Dispose() => Http.Dispose();

    private async Task<string> TokenAsync(string formPage)
    {
        var html = await GetStringAsync(formPage);
        return AntiforgeryField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on " + formPage);
    }

    [GeneratedRegex("name=\"__rvt\" type=\"hidden\" value=\"([^\"]+)\"")]
    public static partial Regex AntiforgeryField();
}
