using System.Net;
using System.Text;
using Reimburse.Functions.Intake;
using Reimburse.Functions.Tests.Cardholders;
using Reimburse.Functions.Tests.Intake;

namespace Reimburse.Functions.Tests.Pages;

/// <summary>
/// The cardholder's claim form over HTTP, as a browser without scripts posts it: every refusal comes back as the
/// form with the reason beside the field (never a 500), and nothing is accepted without the antiforgery token.
/// </summary>
public sealed class ClaimFormPageTests(ClaimFormPageTests.Fixture fixture) : IClassFixture<ClaimFormPageTests.Fixture>
{
    private const string FormPath = "/claims/new";

    public sealed class Fixture : CardholderAppFixture
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            // Small limits, so that "too large" needs only a few hundred kilobytes.
            settings["Intake:MaxFileBytes"] = "200000";
            settings["Intake:MaxFiles"] = "2";
            return settings;
        }

        protected override (Reimburse.Incidents.Incident Incident, IReadOnlyList<string> Customers) World() => (CardholderKit.OpenIncident("form-pages"),
        [
            "F01,山田 太郎,ヤマダ タロウ,100-0001,東京都千代田区1,あり,VISA:1234",
        ]);
    }

    private static Dictionary<string, string> ValidFields() => new()
    {
        [ClaimForms.ReissueDate] = "2026-07-10",
        [ClaimForms.DeclaredFee] = "1100",
        [ClaimForms.CardLast4] = "1234",
        [ClaimForms.BankCode] = "0001",
        [ClaimForms.BranchCode] = "001",
        [ClaimForms.AccountType] = "ordinary",
        [ClaimForms.AccountNumber] = "1234567",
        [ClaimForms.AccountHolder] = "ヤマダ タロウ",
        ["IdempotencyKey"] = "0123456789abcdef",
    };

    /// <summary>A page client with the cardholder's session, from the eligibility check as a person does it.</summary>
    private async Task<PageClient> SignedInAsync()
    {
        var holder = fixture.Holders["F01"];
        var client = PageClient.For(fixture.Factory);
        var checkedIn = await client.PostFormAsync("/check", new() { ["ClaimCode"] = holder.ClaimCode, ["PostalCode"] = holder.PostalCode });
        Assert.Equal(HttpStatusCode.Redirect, checkedIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task A_file_that_is_no_statement_comes_back_with_what_to_attach_instead()
    {
        using var client = await SignedInAsync();

        var response = await client.PostFileAsync(FormPath, NewFiles, "statement.pdf", Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00 not a statement"), ValidFields());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("1つ目のファイル「statement.pdf」は受け付けられない形式です。PDF、写真(JPEG・PNG・HEIC・TIFF)、またはカード会社のCSV明細を添付してください。", html, StringComparison.Ordinal);
        Assert.Contains("id=\"f-files\"", html, StringComparison.Ordinal);
        Assert.Matches("id=\"f-files\"[^>]*aria-invalid=\"true\"", html);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_comes_back_with_the_limit()
    {
        using var client = await SignedInAsync();
        var large = new byte[300_000];
        "%PDF-1.7\n"u8.CopyTo(large);

        var response = await client.PostFileAsync(FormPath, NewFiles, "large.pdf", large, ValidFields());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("が大きすぎます(0.3 MB)。0.2 MB以下にしてください。", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_larger_than_any_claim_is_refused_as_bad_input_not_a_server_error()
    {
        using var client = await SignedInAsync();

        var response = await client.PostFileAsync(FormPath, NewFiles, "huge.pdf", new byte[3_000_000], ValidFields());

        var html = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is 400 or 413, $"got {(int)response.StatusCode}: {html}");
        // The error page tells the status it was given, not "page not found" (it once re-read the failed body).
        Assert.DoesNotContain("ページが見つかりません", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_fields_are_shown_beside_their_inputs_in_the_visitors_language()
    {
        using var client = await SignedInAsync();
        var fields = ValidFields();
        fields[ClaimForms.DeclaredFee] = "千百";
        fields[ClaimForms.AccountNumber] = "12-34";
        client.Http.DefaultRequestHeaders.Add("Cookie", Reimburse.Functions.Pages.Ui.LanguageCookie + "=en");

        var response = await client.PostFileAsync(FormPath, NewFiles, "photo.png", Claimant.PngHeader(480, 320), fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("id=\"f-declared-fee\"[^>]*aria-invalid=\"true\"", html);
        Assert.Matches("id=\"f-account-number\"[^>]*aria-invalid=\"true\"", html);
        Assert.DoesNotMatch("id=\"f-files\"[^>]*aria-invalid", html);
        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_posted_without_the_antiforgery_token_is_refused()
    {
        using var client = await SignedInAsync();
        using var content = new MultipartFormDataContent { { new ByteArrayContent(Claimant.PngHeader(480, 320)), NewFiles, "photo.png" } };
        foreach (var (name, value) in ValidFields())
        {
            content.Add(new StringContent(value, Encoding.UTF8), name);
        }

        var response = await client.Http.PostAsync(new Uri(FormPath, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private const string NewFiles = Reimburse.Functions.Pages.Portal.Claims.NewModel.FilesField;
}
