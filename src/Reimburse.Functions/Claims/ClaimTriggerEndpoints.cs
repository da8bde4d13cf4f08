using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Reimburse.Functions.Claims;

/// <summary>
/// The endpoints the Azure Functions host calls for the claim workflow's non-HTTP triggers (custom handler
/// invocations: <c>{"Data": {binding: value}, "Metadata": {...}}</c>). A 200 completes the invocation; any failure
/// answers 500 so that the host retries and, after host.json's maxDequeueCount, moves the message to the poison queue.
/// </summary>
internal static class ClaimTriggerEndpoints
{
    /// <summary>The binding name in the function.json files.</summary>
    public const string StepBinding = "step";

    private static readonly object Completed = new Dictionary<string, object?> { ["Outputs"] = new Dictionary<string, object?>(), ["Logs"] = Array.Empty<string>(), ["ReturnValue"] = null };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/ClaimSteps", async (HttpRequest request, ClaimStorage storage, ClaimStepHandler handler, CancellationToken cancellationToken) =>
        {
            var (message, dequeueCount) = await ReadQueueInvocationAsync(request, cancellationToken).ConfigureAwait(false);
            await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await handler.HandleAsync(message, dequeueCount, cancellationToken).ConfigureAwait(false);
            return Results.Json(Completed);
        }).ExcludeFromDescription();

        endpoints.MapPost("/ClaimStepsPoison", async (HttpRequest request, ClaimStorage storage, ClaimStepHandler handler, IOptions<ClaimsOptions> options, CancellationToken cancellationToken) =>
        {
            var (message, _) = await ReadQueueInvocationAsync(request, cancellationToken).ConfigureAwait(false);
            await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await handler.HandlePoisonAsync(message, options.Value.MaxDequeueCount, null, cancellationToken).ConfigureAwait(false);
            return Results.Json(Completed);
        }).ExcludeFromDescription();

        endpoints.MapPost("/ClaimSweeper", async (ClaimStorage storage, ClaimSweeper sweeper, CancellationToken cancellationToken) =>
        {
            await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
            return Results.Json(Completed);
        }).ExcludeFromDescription();
    }

    /// <summary>Reads the queue message text and its dequeue count from a custom-handler invocation.</summary>
    internal static async Task<(string Message, long DequeueCount)> ReadQueueInvocationAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        if (Property(root, "Data") is not { } data || Property(data, StepBinding) is not { } item)
        {
            throw new FormatException($"The invocation has no Data.{StepBinding}.");
        }
        // The host passes the message as a JSON string; a JSON body may also arrive already parsed.
        var message = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
        long dequeueCount = 1;
        if (Property(root, "Metadata") is { } metadata && Property(metadata, "DequeueCount") is { } count)
        {
            dequeueCount = count.ValueKind == JsonValueKind.Number
                ? count.GetInt64()
                : long.Parse(count.GetString() ?? "1", NumberStyles.None, CultureInfo.InvariantCulture);
        }
        return (message, dequeueCount);
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }
}
