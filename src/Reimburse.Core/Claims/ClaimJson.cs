using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Reimburse.Money;

namespace Reimburse.Claims;

/// <summary>
/// The JSON form of claim events, state and steps as stored in Table rows and queue messages: camelCase, enums by
/// name, yen as a plain integer, Japanese text unescaped, and the event type discriminator <c>type</c>.
/// </summary>
public static class ClaimJson
{
    /// <summary>The options every reader and writer of claim JSON must use.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(ClaimEvent claimEvent) => JsonSerializer.Serialize(claimEvent, Options);

    /// <exception cref="JsonException">Not a known event.</exception>
    public static ClaimEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize<ClaimEvent>(json, Options) ?? throw new JsonException("A claim event cannot be null.");

    public static string Serialize(ClaimState state) => JsonSerializer.Serialize(state, Options);

    public static ClaimState DeserializeState(string json) =>
        JsonSerializer.Deserialize<ClaimState>(json, Options) ?? throw new JsonException("A claim state cannot be null.");

    public static string Serialize(ClaimStep step) => JsonSerializer.Serialize(step, Options);

    public static ClaimStep DeserializeStep(string json) =>
        JsonSerializer.Deserialize<ClaimStep>(json, Options) ?? throw new JsonException("A claim step cannot be null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Stored rows are read back by us only; keeping kana readable halves their size.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            AllowOutOfOrderMetadataProperties = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new YenConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class YenConverter : JsonConverter<Yen>
    {
        public override Yen Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, Yen value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Amount);
    }
}
