using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Hosting;
using Reimburse.Functions.Pages.Portal;
using Reimburse.Functions.Security;
using Reimburse.Testing;
using Xunit.Abstractions;

namespace Reimburse.Functions.Tests.Security;

/// <summary>
/// The product's security stance, enforced mechanically: every route of the real app is either anonymous by design
/// (a short, explicit list), host-only, staff-only or cardholder-only, never a mix; and the source holds no shell,
/// no tool process outside the tool runner, no string-built Table filter and no log call that is not a
/// source-generated <c>[LoggerMessage]</c> with a reviewed placeholder. Each scan also asserts it found the known
/// usages, so that it cannot pass by finding nothing.
/// </summary>
public sealed partial class SecurityStanceTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IDisposable
{
    // Routes that need no sign-in, on purpose. A new one must be added here deliberately (and reviewed).
    private static readonly HashSet<string> AnonymousByDesign =
    [
        "ANY /healthz",
        "GET /openapi/{documentName}.json",
        "GET /openapi/{documentName}.yaml",
        "GET /assets/{name}",
        "POST /api/eligibility",
        "POST /api/session",
        // The public Zengin bank and branch code list, for the account fields' lookup: no personal data.
        "GET /api/banks",
        "GET /api/banks/{bankCode}/branches",
    ];

    // Cardholder pages check the session themselves (CardholderPageModel redirects a visitor without one to the
    // check instead of answering 401), so they carry no authorization metadata; each must derive from that base.
    private static readonly HashSet<string> CardholderPages =
    [
        "/Portal/Eligibility",
        "/Portal/Claims/Index",
        "/Portal/Claims/New",
        "/Portal/Claims/Detail",
        "/Portal/Claims/SignOut",
    ];

    // Razor pages without sign-in: the cardholder portal (which signs in through the API) and the staff sign-in flow.
    private static readonly HashSet<string> AnonymousPages =
    [
        "/Error",
        "/Portal/Index",
        "/Portal/Check",
        "/Staff/SignIn",
        "/Staff/SignOut",
        "/Staff/Forbidden",
    ];

    private static readonly HashSet<string> StaffSchemes = [StaffTokenHandler.SchemeName, StaffCookieHandler.SchemeName];

    // The trigger endpoints are mapped as under the Functions host, so that their protection is checked too.
    private readonly ReimburseAppFactory _factory = new(azurite.ConnectionString, new Dictionary<string, string?> { ["Claims:MapTriggerEndpoints"] = "true" });

    private enum Access
    {
        Anonymous,
        HostOnly,
        Staff,
        Cardholder,
        Unclear,
    }

    [Fact]
    public async Task Every_route_is_anonymous_by_design_host_only_staff_only_or_cardholder_only()
    {
        var routes = await ClassifyRoutesAsync();
        foreach (var (route, (access, why)) in routes.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{access,-10} {route}  {why}");
        }

        Assert.Empty(routes.Where(r => r.Value.Access == Access.Unclear).Select(r => r.Key + ": " + r.Value.Why));
        var anonymous = routes.Where(r => r.Value.Access == Access.Anonymous).Select(r => r.Key).ToHashSet();
        Assert.Empty(anonymous.Where(r => !AnonymousByDesign.Contains(r) && !AnonymousPages.Contains(PageOf(r)) && !CardholderPages.Contains(PageOf(r))).ToList());
        Assert.Empty(CardholderPages.Where(page => !anonymous.Contains("PAGE " + page)
            || typeof(CardholderPageModel).Assembly.GetType("Reimburse.Functions.Pages" + page.Replace('/', '.') + "Model") is not { } model
            || !model.IsSubclassOf(typeof(CardholderPageModel))).ToList());
        // The lists name real routes (a stale entry would hide nothing, but says the list is not kept).
        Assert.Empty(AnonymousByDesign.Where(r => !anonymous.Contains(r)).ToList());

        // Not vacuous: the known routes of each kind are where they belong.
        Assert.Equal(Access.Staff, routes["GET /api/staff/me"].Access);
        Assert.Equal(Access.Staff, routes["GET /api/review/queue"].Access);
        Assert.Equal(Access.Staff, routes["POST /api/finance/batches"].Access);
        Assert.Equal(Access.Staff, routes["PUT /api/incidents/{incidentId}"].Access);
        Assert.Equal(Access.Cardholder, routes["POST /api/claims"].Access);
        Assert.Equal(Access.Cardholder, routes["GET /api/session"].Access);
        Assert.Equal(Access.Cardholder, routes["PUT /api/claims/{claimId}/bank-account"].Access);
        Assert.Equal(
            new[] { ClaimTriggerEndpoints.PoisonFunction, ClaimTriggerEndpoints.RetentionFunction, ClaimTriggerEndpoints.SweeperFunction, ClaimTriggerEndpoints.StepsFunction, ClaimTriggerEndpoints.TimersFunction }
                .Select(f => "POST /" + f).Order(StringComparer.Ordinal),
            routes.Where(r => r.Value.Access == Access.HostOnly).Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.True(routes.Count(r => r.Value.Access == Access.Staff) >= 30, "fewer staff routes than the API has");
        Assert.True(routes.Count(r => r.Value.Access == Access.Cardholder) >= 7, "fewer cardholder routes than the API has");
        Assert.Contains(routes, r => r.Key.StartsWith("PAGE /Staff/Operator", StringComparison.Ordinal) && r.Value.Access == Access.Staff);
    }

    [Fact]
    public void Only_the_tool_runner_and_the_local_emulator_start_processes_directly_never_through_a_shell()
    {
        var starts = Matches(ProcessStart());
        Assert.Equal(
            ["src/Reimburse.Azure/Emulator/AzuriteEmulator.cs", "src/Reimburse.LocalReader/Tools/ToolRunner.cs"],
            starts.Select(m => m.File).Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(Matches(ShellExecuteOn()));
        Assert.Empty(Matches(ShellProgram()));
        foreach (var file in starts.Select(m => m.File).Distinct())
        {
            var code = Code(file);
            Assert.Matches(ShellExecuteOff(), code);
            Assert.Contains("ArgumentList.Add(", code, StringComparison.Ordinal);
            Assert.DoesNotMatch(ArgumentString(), code);
        }

        // The tool runner kills the process tree at its time limit, and gives it a private environment.
        var runner = Code("src/Reimburse.LocalReader/Tools/ToolRunner.cs");
        Assert.Contains("CancelAfter(timeout)", runner, StringComparison.Ordinal);
        Assert.Contains("Kill(entireProcessTree: true)", runner, StringComparison.Ordinal);
        Assert.Contains("start.Environment.Clear()", runner, StringComparison.Ordinal);
        // Every run happens in a private temp folder with the configured time limit.
        var runs = Matches(ToolRun());
        Assert.True(runs.Count >= 4, $"expected the known tool runs (poppler, chromium), found {runs.Count}");
        Assert.All(runs, run => Assert.Matches(PrivateFolderAndTimeout(), run.Text));
    }

    [Fact]
    public void Table_filters_are_built_only_by_the_escaping_helper_from_an_interpolated_string()
    {
        var calls = Matches(FilterHelperCall());
        Assert.True(calls.Count >= 15, $"expected the known filters (claims, customers, finance, intake), found {calls.Count}");
        Assert.Contains(calls, c => c.File.EndsWith("Claims/ClaimStore.cs", StringComparison.Ordinal));
        // The helper escapes the arguments of a FormattableString; a prebuilt string or a variable would bypass it.
        Assert.All(calls, c => Assert.StartsWith("CreateQueryFilter($\"", c.Text, StringComparison.Ordinal));

        // No OData comparison typed into a string by hand: quoted, concatenated, or interpolated outside the helper.
        Assert.Empty(Matches(QuotedComparison()));
        Assert.Empty(Matches(ConcatenatedComparison()));
        var interpolated = Matches(InterpolatedComparison());
        Assert.Equal(calls.Count, interpolated.Count);
        Assert.All(interpolated, m => Assert.EndsWith("CreateQueryFilter(", Code(m.File)[..m.Index].TrimEnd(), StringComparison.Ordinal));

        // The $filter query parameter is set by the two Table clients only.
        Assert.Equal(
            ["src/Reimburse.Azure/Storage/Tables/TableClient.cs", "src/Reimburse.Azure/Storage/Tables/TableServiceClient.cs"],
            Matches(FilterParameter()).Select(m => m.File).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Logs_come_only_from_source_generated_log_methods_whose_placeholders_carry_no_personal_data()
    {
        Assert.Empty(Matches(LoggerExtensionCall()));
        var methods = Matches(LogMethod());
        Assert.True(methods.Count >= 40, $"expected the known [LoggerMessage] methods, found {methods.Count}");
        var placeholders = methods
            .SelectMany(m => Placeholder().Matches(m.Groups["message"].Value).Select(p => (Name: p.Groups[1].Value, m.File)))
            .ToList();
        Assert.NotEmpty(placeholders);
        // Ids, counts, times and type names only. A new placeholder is reviewed here: never a name, address, phone,
        // e-mail, account, claim code, card number, note, file name or document text.
        Assert.Empty(placeholders.Where(p => !SafePlaceholders.Contains(p.Name)).Select(p => p.File + ": {" + p.Name + "}").ToList());
        // An exception's message may hold anything: only the two last-resort handlers (which answer a 500) log one.
        Assert.Equal(
            ["src/Reimburse.Functions/Hosting/ErrorHandling.cs", "src/Reimburse.Functions/Pages/PagesRegistration.cs"],
            methods.Where(m => ExceptionParameter().IsMatch(m.Groups["signature"].Value)).Select(m => m.File).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_route_value_that_breaks_the_key_rules_is_answered_without_a_server_error_on_every_route()
    {
        var routes = await ClassifyRoutesAsync();
        var sessions = _factory.Services.GetRequiredService<CardholderSessions>();
        var (_, cardholderToken) = sessions.Open("inc-probe", "C-probe");
        // Characters Table keys refuse (#, ?, \, a control character), a key too long, and a blob-path climb.
        string[] values = ["x%23y", "x%3Fy", "x%5Cy", "x%01y", new string('a', 600), "..%2F..%2Fx"];
        var probed = 0;
        var reached = 0;
        var failures = new List<string>();
        foreach (var (route, (access, _)) in routes)
        {
            if (access == Access.HostOnly || route.StartsWith("PAGE ", StringComparison.Ordinal) || !route.Contains('{', StringComparison.Ordinal))
            {
                continue;
            }
            var method = route[..route.IndexOf(' ', StringComparison.Ordinal)];
            var template = route[(method.Length + 1)..];
            using var client = _factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", access == Access.Cardholder ? cardholderToken : StaffTokenFor(template));
            client.DefaultRequestHeaders.Add("Idempotency-Key", "probe-1");
            foreach (var value in values)
            {
                var path = RouteParameter().Replace(template, value);
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }
                using var response = await client.SendAsync(request);
                probed++;
                reached += response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? 0 : 1;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{method} {path}: {(int)response.StatusCode}");
                }
            }
        }
        Assert.True(probed >= 25 * values.Length, $"probed only {probed} requests");
        // Signed in with the right role: the requests reach the endpoints rather than stopping at the door.
        Assert.True(reached >= probed * 3 / 4, $"only {reached} of {probed} requests got past authorization");
        Assert.Empty(failures);
    }

    // The role each API area needs (finance and reviewers are kept apart by the policies).
    private string StaffTokenFor(string template) => template switch
    {
        _ when template.StartsWith("/api/review", StringComparison.Ordinal) => _factory.StaffToken("probe", Roles.Reviewer, Roles.SeniorReviewer),
        _ when template.StartsWith("/api/finance", StringComparison.Ordinal) => _factory.StaffToken("probe", Roles.Finance),
        _ => _factory.StaffToken("probe", Roles.Operator),
    };

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    private static readonly HashSet<string> SafePlaceholders =
    [
        "Accepted", "ActorId", "Attempt", "Attempts", "BatchId", "BatchSize", "Banks", "Branches", "ClaimId", "Containers", "Copies",
        "Count", "DequeueCount", "DocumentId", "Documents", "DueAt", "ElapsedMs", "Error", "Errors", "ExceptionType", "Function",
        "ImportId", "IncidentId", "Invalidated", "Issued", "Loop", "MarkerVersion", "MessageId", "Milliseconds", "Minutes",
        "NewBatchThreshold", "Outcome", "Paid", "Path", "Queues", "Reason", "Rejected", "Returned", "Rows", "RunId", "StaffId",
        "Status", "StepKey", "StepVersion", "Tables", "TenantId", "Total", "Unchanged", "Updated", "Version", "Workers",
        "WaitingSince",
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Sources = new(() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'), f => WithoutComments(File.ReadAllText(f)), StringComparer.Ordinal));

    private static string Code(string file) => Sources.Value[file];

    private static List<SourceMatch> Matches(Regex pattern)
    {
        Assert.True(Sources.Value.Count > 200, "the source tree was not found");
        return [.. Sources.Value.OrderBy(s => s.Key, StringComparer.Ordinal)
            .SelectMany(s => pattern.Matches(s.Value).Select(m => new SourceMatch(s.Key, m.Index, m.Value, m.Groups)))];
    }

    // Comment lines (// and ///) blanked, so that docs showing an example do not count; positions are kept.
    private static string WithoutComments(string text) => CommentLine().Replace(text, m => new string(' ', m.Length));

    private sealed record SourceMatch(string File, int Index, string Text, GroupCollection Groups)
    {
        public override string ToString() => $"{File} at {Index}: {Text}";
    }

    [GeneratedRegex(@"^[ \t]*//.*$", RegexOptions.Multiline)]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"new\s+ProcessStartInfo\b|new\s+Process\s*[({]|Process\.Start\s*\(")]
    private static partial Regex ProcessStart();

    [GeneratedRegex(@"UseShellExecute\s*=\s*true")]
    private static partial Regex ShellExecuteOn();

    [GeneratedRegex(@"UseShellExecute\s*=\s*false")]
    private static partial Regex ShellExecuteOff();

    [GeneratedRegex(@"""(?:/bin/)?(?:sh|bash|zsh|dash)""|""(?:cmd|cmd\.exe|powershell|pwsh)""|/bin/sh\b|/bin/bash\b", RegexOptions.IgnoreCase)]
    private static partial Regex ShellProgram();

    [GeneratedRegex(@"\.Arguments\s*=")]
    private static partial Regex ArgumentString();

    [GeneratedRegex(@"ToolRunner\.RunAsync\((?:[^;]|\n)*?\);")]
    private static partial Regex ToolRun();

    [GeneratedRegex(@"\b(?:scratch|folder)\.Path,\s*options\.ToolTimeout,")]
    private static partial Regex PrivateFolderAndTimeout();

    [GeneratedRegex(@"(?<!static string )CreateQueryFilter\((?!FormattableString)\s*\S{0,2}")]
    private static partial Regex FilterHelperCall();

    [GeneratedRegex(@"""[^""\n]*\b(?:eq|ne|gt|ge|lt|le)\s+'")]
    private static partial Regex QuotedComparison();

    [GeneratedRegex(@"""[^""\n]*\b(?:eq|ne|gt|ge|lt|le)\s*""\s*\+")]
    private static partial Regex ConcatenatedComparison();

    [GeneratedRegex(@"\$""[^""\n]*\s(?:eq|ne|gt|ge|lt|le)\s+\{")]
    private static partial Regex InterpolatedComparison();

    [GeneratedRegex(@"""\$filter""")]
    private static partial Regex FilterParameter();

    [GeneratedRegex(@"\.Log(?:Trace|Debug|Information|Warning|Error|Critical)\s*\(|\b\w*[Ll]ogger\.Log\s*\(|LoggerMessage\.Define|\.BeginScope\s*\(")]
    private static partial Regex LoggerExtensionCall();

    [GeneratedRegex(@"\[LoggerMessage\([^\]]*?Message\s*=\s*""(?<message>[^""]*)""[^\]]*\)\]\s*(?<signature>[^;{]*)[;{]")]
    private static partial Regex LogMethod();

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bException\s+\w+\s*[,)]")]
    private static partial Regex ExceptionParameter();

    private async Task<Dictionary<string, (Access Access, string Why)>> ClassifyRoutesAsync()
    {
        var provider = _factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var routes = new Dictionary<string, (Access, string)>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var classified = await ClassifyAsync(endpoint, provider);
            foreach (var name in RouteNames(endpoint))
            {
                // One route mapped twice with different protection would be a defect too.
                Assert.False(routes.TryGetValue(name, out var earlier) && earlier.Item1 != classified.Item1, $"{name} is mapped twice with different protection.");
                routes[name] = classified;
            }
        }
        return routes;
    }

    private static async Task<(Access, string)> ClassifyAsync(RouteEndpoint endpoint, IAuthorizationPolicyProvider provider)
    {
        var metadata = endpoint.Metadata;
        if (metadata.GetMetadata<HostInvocationOnly>() is not null)
        {
            return metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0
                ? (Access.HostOnly, "host invocations only")
                : (Access.Unclear, "host-only and signed in at once");
        }
        if (metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return (Access.Anonymous, "AllowAnonymous");
        }
        var policy = await AuthorizationPolicy.CombineAsync(provider, metadata.GetOrderedMetadata<IAuthorizeData>(), metadata.GetOrderedMetadata<AuthorizationPolicy>());
        if (policy is null)
        {
            return (Access.Anonymous, "no authorization metadata");
        }
        var schemes = policy.AuthenticationSchemes.ToHashSet(StringComparer.Ordinal);
        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().ToList();
        var customer = policy.Requirements.OfType<ClaimsAuthorizationRequirement>().Any(r => r.ClaimType == Cardholder.CustomerClaim);
        var why = $"schemes [{string.Join(", ", schemes)}], roles [{string.Join(" & ", roles.Select(r => string.Join("|", r.AllowedRoles)))}]{(customer ? ", customer claim" : "")}";
        if (schemes.Count > 0 && schemes.IsSubsetOf(StaffSchemes) && roles.Count > 0 && !customer
            && roles.All(r => r.AllowedRoles.Any() && r.AllowedRoles.All(Roles.All.Contains)))
        {
            return (Access.Staff, why);
        }
        if (schemes.SetEquals([CardholderSessionHandler.SchemeName]) && customer && roles.Count == 0)
        {
            return (Access.Cardholder, why);
        }
        return (Access.Unclear, why);
    }

    // "GET /api/x" per method for API routes; "PAGE /Folder/Page" for Razor pages (which answer GET and POST).
    private static IEnumerable<string> RouteNames(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is { } page)
        {
            return ["PAGE " + page.ViewEnginePath];
        }
        var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
        return methods.Select(m => m + " " + pattern);
    }

    private static string PageOf(string route) => route.StartsWith("PAGE ", StringComparison.Ordinal) ? route["PAGE ".Length..] : "";

    public void Dispose() => _factory.Dispose();
}
