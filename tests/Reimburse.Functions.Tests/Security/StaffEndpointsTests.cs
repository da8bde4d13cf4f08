using System.Net;
using System.Net.Http.Json;
using Reimburse.Functions.Security;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Security;

public sealed class StaffEndpointsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ReimburseAppFactory _factory = new(azurite.ConnectionString);

    [Fact]
    public async Task Staff_endpoints_answer_401_without_a_token()
    {
        using var client = _factory.CreateClient();
        var response = await client.GetAsync(new Uri("/api/staff/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Staff_endpoints_answer_401_for_a_forged_token()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl");
        var response = await client.GetAsync(new Uri("/api/staff/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_staff_token_identifies_the_member_and_roles()
    {
        using var client = _factory.CreateStaffClient("審査 太郎", Roles.Reviewer);
        var me = await client.GetFromJsonAsync<StaffIdentity>(new Uri("/api/staff/me", UriKind.Relative));
        Assert.Equal("審査 太郎", me!.Name);
        Assert.Equal([Roles.Reviewer], me.Roles);
    }

    [Fact]
    public async Task Unknown_routes_answer_problem_details_not_html()
    {
        using var client = _factory.CreateClient();
        var response = await client.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _factory.Dispose();
}
