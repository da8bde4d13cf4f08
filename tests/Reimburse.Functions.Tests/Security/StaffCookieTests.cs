using Microsoft.AspNetCore.Http;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Tests.Security;

public sealed class StaffCookieTests
{
    [Theory]
    [InlineData("http", false, false)]
    [InlineData("https", false, true)]
    // Under the Functions host requests arrive as plain HTTP on loopback although the caller used HTTPS.
    [InlineData("http", true, true)]
    public void The_staff_token_cookie_is_secure_over_https_and_under_the_functions_host(string scheme, bool underFunctionsHost, bool secure)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;

        var options = StaffCookieHandler.CookieOptions(context.Request, underFunctionsHost);

        Assert.Equal((secure, true, SameSiteMode.Strict, "/staff"), (options.Secure, options.HttpOnly, options.SameSite, options.Path));
    }
}
