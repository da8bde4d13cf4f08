using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Intake;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Hosting;

/// <summary>The generated OpenAPI description: every cardholder route, its security and the headers it needs.</summary>
public sealed class OpenApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Every_cardholder_route_is_described_with_its_security()
    {
        using var factory = new ReimburseAppFactory(azurite.ConnectionString, new Dictionary<string, string?> { ["Claims:RunLocalQueues"] = "false" });
        using var client = factory.CreateClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var root = json.RootElement;
        Assert.StartsWith("3.1", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("paths");

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == CardholderAuthentication.Policy)
                || e.RoutePattern.RawText == "/api/session")
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: e.RoutePattern.RawText!.TrimEnd('/'), Method: m)))
            .ToList();
        Assert.True(routes.Count >= 8, string.Join(", ", routes));
        foreach (var (path, method) in routes)
        {
            Assert.True(paths.TryGetProperty(path, out var item), path + " is not described");
            Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not described");
            if (path != "/api/session" || method != "POST")
            {
                var schemes = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
                Assert.Equal(["cardholderCookie", "cardholderBearer"], schemes);
            }
        }

        var submit = paths.GetProperty("/api/claims").GetProperty("post");
        var headers = submit.GetProperty("parameters").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToList();
        Assert.Contains((ClaimEndpoints.IdempotencyKeyHeader, "header"), headers);
        Assert.Contains((CsrfEndpointFilter.HeaderName, "header"), headers);
        Assert.True(submit.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(submit.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(submit.GetProperty("responses").TryGetProperty("413", out _));
        var schemesDefined = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("cookie", schemesDefined.GetProperty("cardholderCookie").GetProperty("in").GetString());

        var yaml = await client.GetStringAsync(new Uri("/openapi/v1.yaml", UriKind.Relative));
        Assert.StartsWith("openapi: '3.1", yaml.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("/api/claims/{claimId}/documents", yaml, StringComparison.Ordinal);
        Assert.Contains("Idempotency-Key", yaml, StringComparison.Ordinal);
    }
}
