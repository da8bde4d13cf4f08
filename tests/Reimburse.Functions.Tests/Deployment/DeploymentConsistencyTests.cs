using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reimburse.Azure.DocumentIntelligence;
using Reimburse.Azure.Storage.Queues;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Cli;
using Reimburse.Functions.Deployment;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Security;
using Reimburse.LocalReader;
using YamlDotNet.RepresentationModel;

namespace Reimburse.Functions.Tests.Deployment;

/// <summary>
/// The deployment files agree with the code, read from the files and the code themselves (no list kept here), so that
/// they keep agreeing as features add options: the app starts with exactly the settings the Bicep and
/// local.settings.json.example give it (every option validated on start is provided), every setting given is one the
/// app or the Functions host reads, every binding's connection is configured, and host.json matches the local runner.
/// </summary>
public sealed partial class DeploymentConsistencyTests
{
    // Suffixes of an identity-based connection (https://learn.microsoft.com/azure/azure-functions/functions-reference#configure-an-identity-based-connection).
    private static readonly string[] IdentityConnectionSuffixes = ["serviceUri", "blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId", "accountName"];

    // Settings the platform or the Functions host reads, not the app.
    private static readonly string[] PlatformPrefixes = ["AzureWebJobsStorage", "APPLICATIONINSIGHTS_", "AZURE_CLIENT_ID", "FUNCTIONS_", "WEBSITE_"];

    [Fact]
    public async Task The_app_starts_with_exactly_the_settings_the_bicep_gives_it()
    {
        var example = DeploymentFiles.LocalSettingsExample();
        var parameters = BicepParameters();
        var settings = DeploymentFiles.BicepAppSettings().ToDictionary(s => ConfigKey(s.Name), s => (string?)Evaluate(s.Name, s.Expression, parameters, example));

        await AssertStartsAsync(settings, "The Bicep app settings");
    }

    [Fact]
    public async Task The_app_starts_with_exactly_the_settings_of_local_settings_json_example()
    {
        // "<…>" marks a value the developer makes (a key): it stands for one here.
        var settings = DeploymentFiles.LocalSettingsExample().ToDictionary(
            p => ConfigKey(p.Key),
            p => (string?)(p.Value.StartsWith('<') && p.Value.EndsWith('>') ? NewKey() : p.Value));

        await AssertStartsAsync(settings, "local.settings.json.example");
    }

    [Fact]
    public async Task Leaving_out_any_setting_the_app_validates_on_start_stops_the_start()
    {
        // The start check above is only worth something if it fails when a required setting is missing.
        var example = DeploymentFiles.LocalSettingsExample();
        var parameters = BicepParameters();
        var settings = DeploymentFiles.BicepAppSettings().ToDictionary(s => ConfigKey(s.Name), s => (string?)Evaluate(s.Name, s.Expression, parameters, example));
        foreach (var required in new[] { "ClaimCodes:HmacKey", "Payouts:Requester:BankCode", "Storage:tableServiceUri" })
        {
            var without = settings.Where(s => !string.Equals(s.Key, required, StringComparison.OrdinalIgnoreCase)).ToDictionary();
            Assert.NotNull(await StartFailureAsync(without));
        }
    }

    [Fact]
    public void Every_setting_the_bicep_gives_is_read_by_the_app_or_the_functions_host()
    {
        var unknown = DeploymentFiles.BicepAppSettings().Select(s => s.Name).Where(n => !IsKnownSetting(n)).ToList();
        Assert.True(unknown.Count == 0, "Settings no option, connection or platform reads (typo, or a removed option?): " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_setting_of_local_settings_json_example_is_read_by_the_app_or_the_functions_host()
    {
        var unknown = DeploymentFiles.LocalSettingsExample().Keys.Where(n => !IsKnownSetting(n)).ToList();
        Assert.True(unknown.Count == 0, "Settings no option, connection or platform reads: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Secrets_come_from_key_vault_in_azure_and_the_post_provision_hook_creates_each_of_them()
    {
        var bicep = DeploymentFiles.BicepAppSettings();
        var secretSettings = bicep.Where(s => s.Name.EndsWith("Key", StringComparison.Ordinal) || s.Name.Contains("Secret", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(secretSettings);
        Assert.All(secretSettings, s => Assert.True(s.KeyVaultSecret is not null, $"{s.Name} must be a Key Vault reference, not {s.Expression}"));
        // The hook seeds every secret main.bicep names (it reads them from there); it must exist and keep that rule.
        var hook = DeploymentFiles.Text("infra", "hooks", "seed-secrets.sh");
        Assert.Contains("SecretName=", hook, StringComparison.Ordinal);
        Assert.Contains("infra/main.bicep", hook, StringComparison.Ordinal);
        Assert.Contains("./infra/hooks/seed-secrets.sh", DeploymentFiles.Text("azure.yaml"), StringComparison.Ordinal);
        // No literal secret, storage key or connection string anywhere in the Bicep settings.
        Assert.DoesNotContain(bicep, s => s.Expression.Contains("AccountKey", StringComparison.OrdinalIgnoreCase) || s.Expression.Contains("listKeys", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_setting_the_app_binds_is_in_the_readme_configuration_table_and_every_row_names_a_real_one()
    {
        var bindable = BindableSettings();
        var documented = DeploymentFiles.ReadmeConfigurationKeys();

        var missing = bindable.Where(k => !documented.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var stale = documented.Where(k => !bindable.Contains(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "README.md's Configuration table lacks: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "README.md's Configuration table names settings no option binds (typo, or a removed option?): " + string.Join(", ", stale));
    }

    [Fact]
    public void Entra_app_roles_of_the_staff_registration_are_the_apps_roles()
    {
        using var roles = JsonDocument.Parse(DeploymentFiles.Text("infra", "entra", "app-roles.json"));
        var values = roles.RootElement.EnumerateArray().Select(r => r.GetProperty("value").GetString()!).ToList();
        var ids = roles.RootElement.EnumerateArray().Select(r => Guid.Parse(r.GetProperty("id").GetString()!)).ToList();

        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), values.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(roles.RootElement.EnumerateArray(), r => Assert.Equal(["User"], r.GetProperty("allowedMemberTypes").EnumerateArray().Select(t => t.GetString()!)));
    }

    [Fact]
    public void Every_binding_connection_uses_the_managed_identity_in_azure_and_a_connection_string_locally()
    {
        var bicep = DeploymentFiles.BicepAppSettings().ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var example = DeploymentFiles.LocalSettingsExample();
        var connections = DeploymentFiles.Functions().Values.SelectMany(b => b)
            .Where(b => b.TryGetProperty("connection", out _))
            .Select(b => (Connection: b.GetProperty("connection").GetString()!, Type: b.GetProperty("type").GetString()!))
            .Append((Connection: "AzureWebJobsStorage", Type: "host"))
            .Distinct()
            .ToList();
        Assert.Contains(connections, c => c.Type == "queueTrigger");
        foreach (var (connection, type) in connections)
        {
            // Shared keys are disabled on the account: a connection string would not work in Azure.
            Assert.False(bicep.ContainsKey(connection), $"{connection} must not be a connection string in Azure");
            var services = type switch
            {
                "queueTrigger" or "queue" => ["queueServiceUri"],
                "blobTrigger" or "blob" => ["blobServiceUri"],
                "host" => new[] { "blobServiceUri", "queueServiceUri" },
                _ => throw new InvalidOperationException($"Binding type {type}: add the service URI it needs here."),
            };
            foreach (var service in services)
            {
                Assert.True(bicep.ContainsKey(connection + "__" + service), $"Bicep lacks {connection}__{service} for the {type} binding");
            }
            Assert.Equal("managedidentity", bicep[connection + "__credential"].Literal);
            Assert.True(bicep.ContainsKey(connection + "__clientId"), $"Bicep lacks {connection}__clientId (the user-assigned identity)");
            Assert.True(example.ContainsKey(connection), $"local.settings.json.example lacks the {connection} connection");
        }
    }

    [Fact]
    public void Every_queue_and_timer_function_has_its_endpoint_in_the_app_and_uses_the_apps_names()
    {
        var functions = DeploymentFiles.Functions();
        var routes = MappedPostRoutes();
        foreach (var (name, bindings) in functions)
        {
            var trigger = Assert.Single(bindings, b => b.GetProperty("direction").GetString() == "in" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            switch (trigger.GetProperty("type").GetString())
            {
                case "httpTrigger":
                    continue;
                case "queueTrigger":
                    Assert.Equal(ClaimTriggerEndpoints.StepBinding, trigger.GetProperty("name").GetString());
                    Assert.Equal(name switch
                    {
                        ClaimTriggerEndpoints.StepsFunction => ClaimStorage.StepsQueue,
                        ClaimTriggerEndpoints.PoisonFunction => ClaimStorage.PoisonQueue,
                        _ => "(a queue function the test does not know: map it to its queue here)",
                    }, trigger.GetProperty("queueName").GetString());
                    break;
                case "timerTrigger":
                    DeploymentFiles.Period(trigger.GetProperty("schedule").GetString()!);
                    break;
                case var other:
                    Assert.Fail($"{name}: trigger {other} has no endpoint convention yet");
                    break;
            }
            Assert.True(routes.Contains("/" + name), $"function {name}: the app maps no POST /{name} for the host to call");
        }
    }

    [Fact]
    public void The_timer_schedules_are_the_local_runners_intervals()
    {
        var defaults = new ClaimsOptions();
        var expected = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
        {
            [ClaimTriggerEndpoints.SweeperFunction] = defaults.SweepInterval,
            [ClaimTriggerEndpoints.TimersFunction] = defaults.TimerCheckInterval,
            [ClaimTriggerEndpoints.RetentionFunction] = defaults.RetentionCheckInterval,
        };
        var timers = DeploymentFiles.Functions().Where(f => f.Value.Any(b => b.GetProperty("type").GetString() == "timerTrigger")).ToList();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), timers.Select(t => t.Key).Order(StringComparer.Ordinal));
        foreach (var (name, bindings) in timers)
        {
            var schedule = bindings.Single(b => b.GetProperty("type").GetString() == "timerTrigger").GetProperty("schedule").GetString()!;
            Assert.Equal(expected[name], DeploymentFiles.Period(schedule));
        }
    }

    [Fact]
    public void The_http_function_forwards_every_route_and_method_to_the_app_which_does_its_own_auth()
    {
        var http = Assert.Single(DeploymentFiles.Functions(), f => f.Value.Any(b => b.GetProperty("type").GetString() == "httpTrigger"));
        // The host forwards the request as it is only for a function with just an HTTP trigger and an HTTP output.
        Assert.Equal(2, http.Value.Length);
        var trigger = http.Value.Single(b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("{*route}", trigger.GetProperty("route").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Superset(new HashSet<string>(["get", "head", "post", "put", "patch", "delete", "options"]), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToHashSet());
        var output = http.Value.Single(b => b.GetProperty("direction").GetString() == "out");
        Assert.Equal("http", output.GetProperty("type").GetString());
        var host = DeploymentFiles.HostJson();
        Assert.True(host.GetProperty("customHandler").GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void Host_json_queue_settings_and_time_limit_equal_the_local_runners()
    {
        var defaults = new ClaimsOptions();
        var host = DeploymentFiles.HostJson();
        var queues = host.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(defaults.BatchSize, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(defaults.NewBatchThreshold, queues.GetProperty("newBatchThreshold").GetInt32());
        Assert.Equal(defaults.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(5, defaults.MaxDequeueCount);
        Assert.Equal(defaults.RetryDelay, TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(defaults.MaxPollingInterval, TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new QueueClientOptions().MessageEncoding.ToString(), queues.GetProperty("messageEncoding").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(defaults.VisibilityTimeout, TimeSpan.Parse(host.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Host_json_runs_the_published_executable_with_the_serve_command()
    {
        var description = DeploymentFiles.HostJson().GetProperty("customHandler").GetProperty("description");
        Assert.Equal(typeof(ReimburseApp).Assembly.GetName().Name, description.GetProperty("defaultExecutablePath").GetString());
        var arguments = description.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToArray();
        Assert.Equal(["serve"], arguments);
        Assert.True(ReimburseCli.IsCommand(arguments));
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", DeploymentFiles.HostJson().GetProperty("extensionBundle").GetProperty("id").GetString());
    }

    [Fact]
    public void Azure_yaml_deploys_the_package_publish_builds_to_the_function_app_the_bicep_tags()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(DeploymentFiles.Text("azure.yaml")));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        var (name, node) = Assert.Single(services.Children);
        var service = (YamlMappingNode)node;
        Assert.Equal("function", service["host"].ToString());
        var dist = Path.GetFullPath(Path.Combine(DeploymentFiles.Root, service["project"].ToString(), service["dist"].ToString()));
        Assert.Equal(Path.GetFullPath(Path.Combine(DeploymentFiles.Root, "artifacts", "publish", DeploymentPackage.PackageFolderName)), dist);
        Assert.Equal("./reimburse publish", ((YamlMappingNode)((YamlMappingNode)service["hooks"])["prepackage"])["run"].ToString());
        Assert.Contains("artifacts/publish", DeploymentFiles.Text("reimburse"), StringComparison.Ordinal);
        Assert.Contains($"'azd-service-name': '{name}'", DeploymentFiles.Text("infra", "main.bicep"), StringComparison.Ordinal);
    }

    // ---- helpers ----

    private static async Task AssertStartsAsync(Dictionary<string, string?> settings, string source)
    {
        var failure = await StartFailureAsync(settings);
        Assert.True(failure is null, source + " do not give the app what it validates on start: " + failure);
    }

    // Builds the app with exactly these settings (no appsettings files, no environment) and runs the start-up
    // validation of every option; the reason it would not start, or null.
    private static async Task<string?> StartFailureAsync(Dictionary<string, string?> settings)
    {
        var app = ReimburseApp.Build(["--environment", "Production"], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
        });
        await using (app)
        {
            try
            {
                app.Services.GetRequiredService<IStartupValidator>().Validate();
                return null;
            }
            catch (OptionsValidationException ex)
            {
                return string.Join(" ", ex.Failures);
            }
            catch (AggregateException ex)
            {
                return string.Join(" ", ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures));
            }
        }
    }

    private static HashSet<string> MappedPostRoutes()
    {
        var app = ReimburseApp.Build(["--environment", "Production"], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(DeploymentFiles.LocalSettingsExample().ToDictionary(
                p => ConfigKey(p.Key), p => (string?)(p.Value.StartsWith('<') ? NewKey() : p.Value)));
            builder.Configuration.AddInMemoryCollection([new("Claims:MapTriggerEndpoints", "true")]);
        });
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => e.RoutePattern.RawText ?? "")
            .ToHashSet(StringComparer.Ordinal);
    }

    // Whether the platform, a binding connection or an option reads this app setting.
    private static bool IsKnownSetting(string name)
    {
        if (PlatformPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            return true;
        }
        var connections = DeploymentFiles.Functions().Values.SelectMany(b => b).Where(b => b.TryGetProperty("connection", out _)).Select(b => b.GetProperty("connection").GetString()!).ToHashSet();
        if (connections.Contains(name) || connections.Any(c => IdentityConnectionSuffixes.Any(s => string.Equals(name, c + "__" + s, StringComparison.Ordinal))))
        {
            return true;
        }
        var key = ConfigKey(name);
        return OptionSections().Any(o => key.StartsWith(o.Section + ":", StringComparison.OrdinalIgnoreCase)
            && o.Properties.Contains(key[(o.Section.Length + 1)..].Split(':')[0]));
    }

    // Every options class of the app (a public const SectionName) and its public properties.
    private static IEnumerable<(string Section, HashSet<string> Properties)> OptionSections() =>
        OptionTypes().Select(o => (o.Section, o.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)));

    // Every options class of the app: a type with a public const SectionName.
    private static IEnumerable<(string Section, Type Type)> OptionTypes() =>
        new[] { typeof(ReimburseApp).Assembly, typeof(DocumentIntelligenceReaderOptions).Assembly, typeof(LocalReaderOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type));

    // "Section:Property" of every property configuration binding sets: a public setter, or a collection it fills.
    private static HashSet<string> BindableSettings() =>
        OptionTypes()
            .SelectMany(o => o.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod?.IsPublic == true || (p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(IList<>)))
                .Select(p => o.Section + ":" + p.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, string?> BicepParameters()
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (Match m in ParameterLine().Matches(DeploymentFiles.Text("infra", "main.bicep")))
        {
            parameters[m.Groups[1].Value] = m.Groups[2].Success ? m.Groups[2].Value.Trim() : null;
        }
        return parameters;
    }

    // A value for a Bicep setting as Azure would give it, for the start check: Key Vault references resolve to a key;
    // literals are themselves; a conditional takes its non-empty branch (the deployer gave every optional parameter);
    // a parameter its literal default, or — for the deployer's own inputs — the example's value; outputs (endpoints,
    // identities) a well-formed stand-in.
    private static string Evaluate(string name, string expression, Dictionary<string, string?> parameters, IReadOnlyDictionary<string, string> example)
    {
        if (expression.StartsWith("'@Microsoft.KeyVault(", StringComparison.Ordinal))
        {
            return NewKey();
        }
        if (Regex.Match(expression, @"^'([^'$]*)'$") is { Success: true } literal)
        {
            return literal.Groups[1].Value;
        }
        if (Regex.Match(expression, @"^[^?]+\?\s*(.+?)\s*:\s*(.+)$") is { Success: true } conditional)
        {
            return Evaluate(name, conditional.Groups[1].Value.Trim() == "''" ? conditional.Groups[2].Value.Trim() : conditional.Groups[1].Value.Trim(), parameters, example);
        }
        if (Regex.Match(expression, @"^string\((\w+)\)$") is { Success: true } converted)
        {
            return Evaluate(name, converted.Groups[1].Value, parameters, example);
        }
        if (parameters.TryGetValue(expression, out var defaultValue))
        {
            if (defaultValue is not null && Regex.Match(defaultValue, @"^'([^']+)'$|^(\d+)$") is { Success: true } d)
            {
                return d.Groups[1].Success ? d.Groups[1].Value : d.Groups[2].Value;
            }
            if (example.TryGetValue(name, out var given) && given.Length > 0 && !given.StartsWith('<'))
            {
                return given;
            }
        }
        return name.EndsWith("Uri", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase) ? "https://placeholder.example.net/"
            : name.EndsWith("clientId", StringComparison.OrdinalIgnoreCase) || name.EndsWith("TenantId", StringComparison.OrdinalIgnoreCase) ? Guid.NewGuid().ToString()
            : "placeholder";
    }

    private static string ConfigKey(string setting) => setting.Replace("__", ":", StringComparison.Ordinal);

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [GeneratedRegex(@"^param (\w+) \w+(?: = (.+))?$", RegexOptions.Multiline)]
    private static partial Regex ParameterLine();
}
