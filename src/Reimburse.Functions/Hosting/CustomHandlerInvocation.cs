using System.Globalization;
using System.Text.Json;

namespace Reimburse.Functions.Hosting;

/// <summary>
/// A non-HTTP function invocation as the Azure Functions host posts it to a custom handler at <c>/{FunctionName}</c>:
/// <c>{"Data": {"&lt;binding&gt;": value}, "Metadata": {"DequeueCount": 1, "Id": "…", …, "sys": {…}}}</c>. The
/// handler answers <see cref="Completed"/> (HTTP 200) or any non-success status, which fails the invocation: the host
/// then retries a queue message (and moves it to the poison queue after host.json's maxDequeueCount).
/// </summary>
/// <remarks>Member names are matched case-insensitively: the host writes them in PascalCase, tools sometimes do not.</remarks>
public sealed class CustomHandlerInvocation
{
    private readonly JsonElement _data;
    private readonly JsonElement? _metadata;

    private CustomHandlerInvocation(JsonElement data, JsonElement? metadata)
    {
        _data = data;
        _metadata = metadata;
    }

    /// <summary>Reads the invocation from the request body.</summary>
    /// <exception cref="FormatException">The body is not an invocation (no JSON object with a Data object).</exception>
    public static async Task<CustomHandlerInvocation> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonElement root;
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            root = json.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new FormatException("The invocation is not JSON.", ex);
        }
        if (Property(root, "Data") is not { ValueKind: JsonValueKind.Object } data)
        {
            throw new FormatException("The invocation has no Data object.");
        }
        return new CustomHandlerInvocation(data, Property(root, "Metadata"));
    }

    /// <summary>
    /// The trigger's value for <paramref name="binding"/> as text. The host passes a queue message decoded (host.json
    /// messageEncoding) as a JSON string — or, when the message itself is JSON, sometimes already parsed; both give the
    /// message's JSON text here.
    /// </summary>
    /// <exception cref="FormatException">The invocation has no value for the binding.</exception>
    public string Text(string binding)
    {
        if (Property(_data, binding) is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            throw new FormatException($"The invocation has no Data.{binding}.");
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }

    /// <summary>A trigger metadata value as text (e.g. the queue message's <c>Id</c>), or null.</summary>
    public string? Metadata(string name) =>
        _metadata is { } metadata && Property(metadata, name) is { } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>A numeric trigger metadata value (e.g. <c>DequeueCount</c>), or null; the host writes numbers, some tools strings.</summary>
    /// <exception cref="FormatException">The value is not a whole number.</exception>
    public long? MetadataNumber(string name)
    {
        if (_metadata is not { } metadata || Property(metadata, name) is not { } value)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new FormatException($"Metadata.{name} is not a whole number."),
        };
    }

    /// <summary>The answer that completes an invocation without outputs; <paramref name="logs"/> appear in the function's invocation log.</summary>
    public static IResult Completed(params string[] logs) => Answer(StatusCodes.Status200OK, logs);

    /// <summary>The answer that fails an invocation (the host retries a queue message); the body is for people reading traces.</summary>
    public static IResult Failed(params string[] logs) => Answer(StatusCodes.Status500InternalServerError, logs);

    private static IResult Answer(int status, string[] logs) => Results.Json(
        new Dictionary<string, object?>
        {
            ["Outputs"] = new Dictionary<string, object?>(),
            ["Logs"] = logs,
            ["ReturnValue"] = null,
        },
        statusCode: status);

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
