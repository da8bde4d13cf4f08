using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reimburse.Functions.Security;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Security;

/// <summary>
/// Staff sign-in in Azure: Entra ID access tokens whose app roles are the staff roles, checked against the tenant's
/// published signing keys — here a local fake of the tenant's OpenID metadata and JWKS endpoints.
/// </summary>
public sealed class EntraStaffTokenTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ClientId = "3c9d1a52-8e1f-4b7a-9d2c-0e5f6a7b8c9d";
    private const string AppIdUri = "api://reimburse-test";
    private static readonly string TenantId = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";

    [Fact]
    public async Task An_entra_access_token_with_app_roles_signs_staff_in_with_those_roles_only()
    {
        await using var tenant = await FakeTenant.StartAsync(TenantId);
        using var app = App(tenant);
        using var client = Client(app, tenant.Mint(Claims(tenant.Issuer, ClientId, roles: [Roles.Reviewer, Roles.Finance, "Global.Admin"])));

        var me = await client.GetFromJsonAsync<StaffIdentity>(new Uri("/api/staff/me", UriKind.Relative));

        Assert.Equal(("oid-sato", "佐藤 花子"), (me!.Id, me.Name));
        Assert.Equal([Roles.Reviewer, Roles.Finance], me.Roles);
    }

    [Fact]
    public async Task A_v1_token_issued_for_the_application_id_uri_is_accepted_too()
    {
        await using var tenant = await FakeTenant.StartAsync(TenantId);
        using var app = App(tenant);
        using var client = Client(app, tenant.Mint(Claims($"https://sts.windows.net/{TenantId}/", AppIdUri, roles: [Roles.Operator])));

        var me = await client.GetFromJsonAsync<StaffIdentity>(new Uri("/api/staff/me", UriKind.Relative));

        Assert.Equal([Roles.Operator], me!.Roles);
    }

    [Theory]
    [InlineData("audience")]
    [InlineData("tenant")]
    [InlineData("issuer")]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    [InlineData("foreign-key")]
    [InlineData("altered")]
    [InlineData("hs256-header")]
    [InlineData("no-kid")]
    public async Task A_token_that_is_not_the_tenants_for_this_app_is_refused(string flaw)
    {
        await using var tenant = await FakeTenant.StartAsync(TenantId);
        using var app = App(tenant);
        var claims = Claims(tenant.Issuer, ClientId, roles: [Roles.SeniorReviewer]);
        var now = DateTimeOffset.UtcNow;
        switch (flaw)
        {
            case "audience": claims["aud"] = "00000003-0000-0000-c000-000000000000"; break;
            case "tenant": claims["tid"] = Guid.NewGuid().ToString(); break;
            case "issuer": claims["iss"] = "https://login.microsoftonline.com/" + Guid.NewGuid() + "/v2.0"; break;
            case "expired": claims["exp"] = now.AddMinutes(-10).ToUnixTimeSeconds(); break;
            case "not-yet-valid": claims["nbf"] = now.AddMinutes(10).ToUnixTimeSeconds(); break;
        }
        var token = flaw switch
        {
            "foreign-key" => FakeTenant.MintWith(RSA.Create(2048), "k1", claims),
            "altered" => Alter(tenant.Mint(claims)),
            "hs256-header" => FakeTenant.MintWith(tenant.Key, "k1", claims, algorithm: "HS256"),
            "no-kid" => FakeTenant.MintWith(tenant.Key, null, claims),
            _ => tenant.Mint(claims),
        };
        using var client = Client(app, token);

        using var response = await client.GetAsync(new Uri("/api/staff/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_any_staff_role_is_forbidden()
    {
        await using var tenant = await FakeTenant.StartAsync(TenantId);
        using var app = App(tenant);
        using var client = Client(app, tenant.Mint(Claims(tenant.Issuer, ClientId, roles: [])));

        using var response = await client.GetAsync(new Uri("/api/staff/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Rolled_over_keys_are_fetched_again_but_made_up_key_ids_do_not_make_the_app_hammer_the_tenant()
    {
        await using var tenant = await FakeTenant.StartAsync(TenantId);
        using var app = App(tenant);
        using (var first = Client(app, tenant.Mint(Claims(tenant.Issuer, ClientId, roles: [Roles.Reviewer]))))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(new Uri("/api/staff/me", UriKind.Relative))).StatusCode);
        }
        Assert.Equal(1, tenant.KeyFetches);

        // The tenant starts signing with a new key: the unknown key id fetches the keys again.
        using var next = RSA.Create(2048);
        tenant.Publish("k2", next);
        using (var rolled = Client(app, FakeTenant.MintWith(next, "k2", Claims(tenant.Issuer, ClientId, roles: [Roles.Reviewer]))))
        {
            Assert.Equal(HttpStatusCode.OK, (await rolled.GetAsync(new Uri("/api/staff/me", UriKind.Relative))).StatusCode);
        }
        Assert.Equal(2, tenant.KeyFetches);

        // Made-up key ids right after a fetch are refused without asking the tenant again.
        for (var i = 0; i < 3; i++)
        {
            using var forged = Client(app, FakeTenant.MintWith(next, "forged-" + i, Claims(tenant.Issuer, ClientId, roles: [Roles.Reviewer])));
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(new Uri("/api/staff/me", UriKind.Relative))).StatusCode);
        }
        Assert.Equal(2, tenant.KeyFetches);
    }

    [Fact]
    public async Task Without_a_signing_key_as_in_azure_development_tokens_are_refused()
    {
        await using var tenant = await FakeTenant.StartAsync(TenantId);
        using var app = App(tenant);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", StaffTokens.Mint(app.StaffKey, "reimburse-dev", "reimburse-staff", "x", "x", [Roles.Finance], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));

        using var response = await client.GetAsync(new Uri("/api/staff/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("not-a-guid", ClientId, "https://login.microsoftonline.com/")]
    [InlineData("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", null, "https://login.microsoftonline.com/")]
    [InlineData("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", ClientId, "http://login.example.com/")]
    public void Entra_settings_need_a_tenant_id_and_a_client_id_together_and_https(string tenantId, string? clientId, string instance)
    {
        var options = new EntraStaffOptions { TenantId = tenantId, ClientId = clientId, Instance = new Uri(instance) };
        Assert.NotEmpty(options.Validate(new ValidationContext(options)));
    }

    private ReimburseAppFactory App(FakeTenant tenant) => new(azurite.ConnectionString, new Dictionary<string, string?>
    {
        // As in Azure: no development signing key, Entra configured.
        ["StaffTokens:SigningKey"] = "",
        ["StaffTokens:Entra:TenantId"] = TenantId,
        ["StaffTokens:Entra:ClientId"] = ClientId,
        ["StaffTokens:Entra:ApplicationIdUri"] = AppIdUri,
        ["StaffTokens:Entra:Instance"] = tenant.Instance,
    });

    private static HttpClient Client(ReimburseAppFactory app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    // The claims of an Entra access token for a signed-in user with app roles.
    private static JsonObject Claims(string issuer, string audience, string[] roles)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = issuer,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["name"] = "佐藤 花子",
            ["oid"] = "oid-sato",
            ["preferred_username"] = "sato@example.co.jp",
            ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode?)JsonValue.Create(r))]),
            ["sub"] = "pairwise-subject",
            ["tid"] = TenantId,
            ["ver"] = issuer.Contains("sts.windows.net", StringComparison.Ordinal) ? "1.0" : "2.0",
        };
    }

    // Flips a claim after signing.
    private static string Alter(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        payload["roles"] = new JsonArray(Roles.All.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
        return parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2];
    }

    /// <summary>A tenant's OpenID metadata and signing keys on a loopback port, counting how often the keys are fetched.</summary>
    private sealed class FakeTenant : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Dictionary<string, RSA> _keys = new(StringComparer.Ordinal);
        private int _keyFetches;

        private FakeTenant(WebApplication app, string tenantId)
        {
            _app = app;
            TenantId = tenantId;
        }

        public string TenantId { get; }

        public string Instance => _app.Urls.First() + "/";

        public string Issuer => Instance + TenantId + "/v2.0";

        public RSA Key { get; } = RSA.Create(2048);

        public int KeyFetches => Volatile.Read(ref _keyFetches);

        public static async Task<FakeTenant> StartAsync(string tenantId)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var tenant = new FakeTenant(app, tenantId);
            tenant.Publish("k1", tenant.Key);
            app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => tenant == tenantId
                ? Results.Json(new Dictionary<string, string> { ["issuer"] = app.Urls.First() + "/" + tenantId + "/v2.0", ["jwks_uri"] = app.Urls.First() + "/" + tenantId + "/discovery/v2.0/keys" })
                : Results.NotFound());
            app.MapGet("/{tenant}/discovery/v2.0/keys", () =>
            {
                Interlocked.Increment(ref tenant._keyFetches);
                lock (tenant._keys)
                {
                    return Results.Json(new Dictionary<string, object>
                    {
                        ["keys"] = tenant._keys.Select(k =>
                        {
                            var p = k.Value.ExportParameters(false);
                            return new Dictionary<string, string> { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = k.Key, ["n"] = Base64Url.EncodeToString(p.Modulus), ["e"] = Base64Url.EncodeToString(p.Exponent) };
                        }).ToArray(),
                    });
                }
            });
            await app.StartAsync();
            return tenant;
        }

        public void Publish(string keyId, RSA key)
        {
            lock (_keys)
            {
                _keys[keyId] = key;
            }
        }

        public string Mint(JsonObject claims) => MintWith(Key, "k1", claims);

        public static string MintWith(RSA key, string? keyId, JsonObject claims, string algorithm = "RS256")
        {
            var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT" };
            if (keyId is not null)
            {
                header["kid"] = keyId;
            }
            var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
            var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return input + "." + Base64Url.EncodeToString(signature);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            Key.Dispose();
        }
    }
}
