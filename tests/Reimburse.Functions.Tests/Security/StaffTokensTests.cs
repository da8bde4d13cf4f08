using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Tests.Security;

public sealed class StaffTokensTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static string Mint(params string[] roles) =>
        StaffTokens.Mint(Key, "iss", "aud", "u1", "佐藤 花子", roles, Now, TimeSpan.FromHours(1));

    private static (ClaimsPrincipal? Principal, string? Error) Validate(string token, DateTimeOffset? at = null, byte[]? key = null, string audience = "aud") =>
        StaffTokens.Validate(token, key ?? Key, "iss", audience, at ?? Now.AddMinutes(5), TimeSpan.FromSeconds(60), "test");

    [Fact]
    public void A_minted_token_validates_with_its_subject_name_and_roles()
    {
        var (principal, error) = Validate(Mint(Roles.Reviewer, Roles.SeniorReviewer));
        Assert.Null(error);
        Assert.NotNull(principal);
        Assert.Equal("u1", principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("佐藤 花子", principal.Identity!.Name);
        Assert.True(principal.IsInRole(Roles.SeniorReviewer));
        Assert.False(principal.IsInRole(Roles.Finance));
    }

    [Fact]
    public void A_token_signed_with_another_key_is_refused()
    {
        var (principal, error) = Validate(Mint(Roles.Finance), key: RandomNumberGenerator.GetBytes(32));
        Assert.Null(principal);
        Assert.Equal("bad signature", error);
    }

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        var parts = Mint(Roles.Reviewer).Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))).Replace("reviewer", "operator", StringComparison.Ordinal);
        var forged = parts[0] + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + parts[2];
        Assert.Equal("bad signature", Validate(forged).Error);
    }

    [Fact]
    public void An_unsigned_alg_none_token_is_refused()
    {
        var parts = Mint(Roles.Operator).Split('.');
        var none = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}")).TrimEnd('=');
        Assert.Equal("unsupported algorithm", Validate(none + "." + parts[1] + ".").Error);
    }

    [Fact]
    public void An_expired_token_is_refused_after_the_clock_skew()
    {
        var token = Mint(Roles.Reviewer);
        Assert.Null(Validate(token, Now.AddHours(1).AddSeconds(30)).Error);
        Assert.Equal("expired or not yet valid", Validate(token, Now.AddHours(1).AddMinutes(2)).Error);
    }

    [Fact]
    public void A_token_for_another_audience_is_refused()
    {
        Assert.Equal("wrong issuer or audience", Validate(Mint(Roles.Reviewer), audience: "other").Error);
    }

    [Fact]
    public void Unknown_roles_in_a_token_grant_nothing()
    {
        var (principal, _) = Validate(Mint("admin", Roles.Reviewer));
        Assert.Equal([Roles.Reviewer], principal!.FindAll(ClaimTypes.Role).Select(c => c.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("!!!.???.***")]
    public void Malformed_tokens_are_refused_without_exceptions(string token)
    {
        Assert.NotNull(Validate(token).Error);
    }

    private static string Pad(string s) => s.Replace('-', '+').Replace('_', '/') + (s.Length % 4 == 2 ? "==" : s.Length % 4 == 3 ? "=" : "");
}
