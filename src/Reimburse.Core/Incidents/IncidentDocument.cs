using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reimburse.Money;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Reimburse.Incidents;

/// <summary>The text formats an incident definition can be written in.</summary>
public enum IncidentFormat
{
    Json,
    Yaml,
}

/// <summary>
/// Reads and writes an incident definition as a JSON or YAML document whose field names are the camelCase names of
/// <see cref="Incident"/> and <see cref="IncidentPolicy"/>. Omitted policy fields take the given defaults
/// (the deployment's, see the app's <c>Incidents:Defaults</c>), else <see cref="IncidentPolicy.Default"/>.
/// </summary>
/// <remarks>
/// Both formats are first turned into the same JSON tree, so that one mapper reports every problem (wrong type,
/// unknown field, bad date, rule violation) with the field's path, instead of a serializer's first exception.
/// </remarks>
public static class IncidentDocument
{
    private static readonly string[] TopLevelFields =
        ["id", "name", "disclosedOn", "exposedFrom", "exposedTo", "claimsOpenOn", "claimsCloseOn", "policy"];

    private static readonly string[] PolicyFields =
    [
        "defaultFeeCap", "issuerFeeCaps", "issuersWaivingFee", "fourEyesThreshold", "minConfidence",
        "declaredTolerance", "reviewSlaHours", "informationRequestDays", "retentionDays",
    ];

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The format implied by a file name (<c>.yaml</c>/<c>.yml</c> → YAML, otherwise JSON).</summary>
    public static IncidentFormat FormatOf(string fileName) =>
        Path.GetExtension(fileName).ToUpperInvariant() is ".YAML" or ".YML" ? IncidentFormat.Yaml : IncidentFormat.Json;

    /// <summary>Parses and validates a definition; throws <see cref="IncidentDefinitionException"/> listing every problem.</summary>
    /// <param name="text">The document.</param>
    /// <param name="format">JSON or YAML.</param>
    /// <param name="defaults">What omitted policy fields take (the deployment's defaults); <see cref="IncidentPolicy.Default"/> when null.</param>
    public static Incident Parse(string text, IncidentFormat format, IncidentPolicy? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = format == IncidentFormat.Yaml ? ReadYaml(text) : ReadJson(text);
        return FromJson(root, defaults);
    }

    /// <summary>Maps an already parsed JSON tree (e.g. an HTTP request body) and validates it.</summary>
    /// <param name="root">The document's tree.</param>
    /// <param name="defaults">What omitted policy fields take; <see cref="IncidentPolicy.Default"/> when null.</param>
    public static Incident FromJson(JsonNode? root, IncidentPolicy? defaults = null)
    {
        if (root is not JsonObject obj)
        {
            throw new IncidentDefinitionException("The document must be an object with the fields " + string.Join(", ", TopLevelFields) + ".");
        }
        var errors = new List<IncidentError>();
        var reader = new FieldReader(errors);
        reader.RejectUnknown(obj, "", TopLevelFields);
        var id = reader.String(obj, "", "id");
        var name = reader.String(obj, "", "name");
        var disclosedOn = reader.Date(obj, "", "disclosedOn");
        var exposedFrom = reader.Date(obj, "", "exposedFrom");
        var exposedTo = reader.Date(obj, "", "exposedTo");
        var claimsOpenOn = reader.Date(obj, "", "claimsOpenOn");
        var claimsCloseOn = reader.Date(obj, "", "claimsCloseOn");
        var policy = ReadPolicy(obj["policy"], reader, defaults ?? IncidentPolicy.Default);
        if (errors.Count > 0)
        {
            // Report the rule violations among the fields that did read, so that one round trip shows every problem.
            IncidentValidation.ValidateRules(id, name, disclosedOn, exposedFrom, exposedTo, claimsOpenOn, claimsCloseOn, policy, errors);
            throw new IncidentDefinitionException(errors);
        }
        var incident = new Incident(id!, name!, disclosedOn!.Value, exposedFrom!.Value, exposedTo!.Value,
            claimsOpenOn!.Value, claimsCloseOn!.Value, policy);
        return IncidentValidation.EnsureValid(incident);
    }

    /// <summary>The definition as a JSON tree in the same shape <see cref="FromJson"/> reads.</summary>
    public static JsonObject ToJsonNode(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var p = incident.Policy;
        var caps = new JsonObject();
        foreach (var (issuer, cap) in p.IssuerFeeCaps.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            caps[issuer] = cap.Amount;
        }
        return new JsonObject
        {
            ["id"] = incident.Id,
            ["name"] = incident.Name,
            ["disclosedOn"] = Iso(incident.DisclosedOn),
            ["exposedFrom"] = Iso(incident.ExposedFrom),
            ["exposedTo"] = Iso(incident.ExposedTo),
            ["claimsOpenOn"] = Iso(incident.ClaimsOpenOn),
            ["claimsCloseOn"] = Iso(incident.ClaimsCloseOn),
            ["policy"] = new JsonObject
            {
                ["defaultFeeCap"] = p.DefaultFeeCap.Amount,
                ["issuerFeeCaps"] = caps,
                ["issuersWaivingFee"] = new JsonArray([.. p.IssuersWaivingFee.Select(i => (JsonNode?)JsonValue.Create(i))]),
                ["fourEyesThreshold"] = p.FourEyesThreshold.Amount,
                ["minConfidence"] = p.MinConfidence,
                ["declaredTolerance"] = p.DeclaredTolerance.Amount,
                ["reviewSlaHours"] = p.ReviewSlaHours,
                ["informationRequestDays"] = p.InformationRequestDays,
                ["retentionDays"] = p.RetentionDays,
            },
        };
    }

    /// <summary>The definition as indented JSON (used for storage and for <c>incident show</c>).</summary>
    public static string ToJson(Incident incident) => ToJsonNode(incident).ToJsonString(WriteOptions);

    /// <summary>An ISO calendar date (<c>yyyy-MM-dd</c>), the only date form the document uses.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IncidentPolicy ReadPolicy(JsonNode? node, FieldReader reader, IncidentPolicy d)
    {
        if (node is null)
        {
            return d;
        }
        if (node is not JsonObject obj)
        {
            reader.Add("policy", "must be an object.");
            return d;
        }
        const string at = "policy";
        reader.RejectUnknown(obj, at, PolicyFields);
        var caps = new Dictionary<string, Yen>(StringComparer.Ordinal);
        if (obj["issuerFeeCaps"] is JsonObject capsNode)
        {
            foreach (var (issuer, _) in capsNode)
            {
                if (reader.Yen(capsNode, "policy.issuerFeeCaps", issuer, required: true) is { } cap)
                {
                    caps[issuer] = cap;
                }
            }
        }
        else if (obj["issuerFeeCaps"] is not null)
        {
            reader.Add("policy.issuerFeeCaps", "must be an object of issuer id → yen (e.g. { \"jcb\": 1100 }).");
        }
        var waived = new List<string>();
        if (obj["issuersWaivingFee"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (FieldReader.Scalar(list[i]) is { } s)
                {
                    waived.Add(s);
                }
                else
                {
                    reader.Add($"policy.issuersWaivingFee[{i}]", "must be an issuer id (e.g. \"rakuten\").");
                }
            }
        }
        else if (obj["issuersWaivingFee"] is not null)
        {
            reader.Add("policy.issuersWaivingFee", "must be a list of issuer ids (e.g. [\"rakuten\"]).");
        }
        return new IncidentPolicy(
            DefaultFeeCap: reader.Yen(obj, at, "defaultFeeCap", required: false) ?? d.DefaultFeeCap,
            IssuerFeeCaps: caps,
            IssuersWaivingFee: waived,
            FourEyesThreshold: reader.Yen(obj, at, "fourEyesThreshold", required: false) ?? d.FourEyesThreshold,
            MinConfidence: reader.Number(obj, at, "minConfidence") ?? d.MinConfidence,
            DeclaredTolerance: reader.Yen(obj, at, "declaredTolerance", required: false) ?? d.DeclaredTolerance,
            ReviewSlaHours: reader.Integer(obj, at, "reviewSlaHours") ?? d.ReviewSlaHours,
            InformationRequestDays: reader.Integer(obj, at, "informationRequestDays") ?? d.InformationRequestDays,
            RetentionDays: reader.Integer(obj, at, "retentionDays") ?? d.RetentionDays);
    }

    private static JsonNode? ReadJson(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $"line {line + 1}: " : "";
            throw new IncidentDefinitionException($"{where}the file is not valid JSON ({FirstSentence(ex.Message)})");
        }
    }

    private static JsonNode? ReadYaml(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new IncidentDefinitionException($"line {ex.Start.Line}: the file is not valid YAML ({FirstSentence(ex.Message)})");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way, without a position, on some unterminated flow collections.
            throw new IncidentDefinitionException("the file is not valid YAML (is a '[' or '{' not closed?)");
        }
        if (stream.Documents.Count != 1)
        {
            throw new IncidentDefinitionException("The YAML file must hold exactly one document.");
        }
        return ToJson(stream.Documents[0].RootNode);
    }

    // YAML scalars become JSON strings; the mapper accepts numbers written as strings, so the YAML author need not
    // care about quoting and the JSON author need not care about types.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain } => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    private sealed class FieldReader(List<IncidentError> errors)
    {
        public void Add(string path, string message) => errors.Add(new IncidentError(path, message));

        public void RejectUnknown(JsonObject obj, string at, string[] known)
        {
            foreach (var (name, _) in obj)
            {
                if (!known.Contains(name, StringComparer.Ordinal))
                {
                    Add(Join(at, name), "is not a known field; expected one of " + string.Join(", ", known) + ".");
                }
            }
        }

        public string? String(JsonObject obj, string at, string name)
        {
            var value = Scalar(obj[name]);
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(Join(at, name), "is required.");
                return null;
            }
            return value.Trim();
        }

        public DateOnly? Date(JsonObject obj, string at, string name)
        {
            var text = String(obj, at, name);
            if (text is null)
            {
                return null;
            }
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            Add(Join(at, name), $"\"{text}\" is not a date in the form yyyy-MM-dd (e.g. 2016-03-28).");
            return null;
        }

        public Yen? Yen(JsonObject obj, string at, string name, bool required)
        {
            var node = obj[name];
            if (node is null)
            {
                if (required)
                {
                    Add(Join(at, name), "is required.");
                }
                return null;
            }
            var text = Scalar(node)?.Replace(",", "", StringComparison.Ordinal).TrimStart('¥', '￥');
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
            {
                return new Yen(amount);
            }
            Add(Join(at, name), "must be a whole number of yen (e.g. 1100).");
            return null;
        }

        public int? Integer(JsonObject obj, string at, string name)
        {
            var node = obj[name];
            if (node is null)
            {
                return null;
            }
            if (int.TryParse(Scalar(node), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            Add(Join(at, name), "must be a whole number.");
            return null;
        }

        public double? Number(JsonObject obj, string at, string name)
        {
            var node = obj[name];
            if (node is null)
            {
                return null;
            }
            if (double.TryParse(Scalar(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            Add(Join(at, name), "must be a number (e.g. 0.8).");
            return null;
        }

        public static string? Scalar(JsonNode? node) => node is JsonValue value
            ? value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number => value.ToJsonString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

        private static string Join(string at, string name) => at.Length == 0 ? name : at + "." + name;
    }
}
