using System.Globalization;
using System.Text.Json.Nodes;

namespace Reimburse.Azure.Tests.DocumentIntelligence;

/// <summary>
/// Response bodies shaped like Document Intelligence 2024-11-30's: the operation envelope (status, createdDateTime,
/// lastUpdatedDateTime, analyzeResult | error) and an analyzeResult with content, pages (words with span and
/// confidence, lines with spans), and documents with typed fields (valueString, valueDate, valueCurrency, valueArray,
/// valueObject). Spans are computed from the lines so they always index the content correctly.
/// </summary>
public static class ServiceResponses
{
    public const string Created = "2024-05-10T01:02:03Z";

    public static string Running() => new JsonObject
    {
        ["status"] = "running",
        ["createdDateTime"] = Created,
        ["lastUpdatedDateTime"] = Created,
    }.ToJsonString();

    public static string Failed(string code, string message, string? innerCode = null) => new JsonObject
    {
        ["status"] = "failed",
        ["createdDateTime"] = Created,
        ["lastUpdatedDateTime"] = Created,
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["innererror"] = innerCode is null ? null : new JsonObject { ["code"] = innerCode, ["message"] = "The file is corrupted or format is unsupported." },
        },
    }.ToJsonString();

    public static string Error(string code, string message, string? innerCode = null) => new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["innererror"] = innerCode is null ? null : new JsonObject { ["code"] = innerCode, ["message"] = "The file is corrupted or format is unsupported." },
        },
    }.ToJsonString();

    public static string Succeeded(string modelId, IReadOnlyList<(string Text, double Confidence)> lines, JsonObject? fields = null, double angle = 0) => new JsonObject
    {
        ["status"] = "succeeded",
        ["createdDateTime"] = Created,
        ["lastUpdatedDateTime"] = Created,
        ["analyzeResult"] = AnalyzeResult(modelId, lines, fields, angle),
    }.ToJsonString();

    public static JsonObject AnalyzeResult(string modelId, IReadOnlyList<(string Text, double Confidence)> lines, JsonObject? fields, double angle)
    {
        var content = string.Join("\n", lines.Select(l => l.Text));
        var words = new JsonArray();
        var lineNodes = new JsonArray();
        var offset = 0;
        foreach (var (text, confidence) in lines)
        {
            // Japanese text: one word per character; runs of ASCII (numbers, amounts) are one word.
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == ' ')
                {
                    i++;
                    continue;
                }
                var start = i;
                if (text[i] < 128)
                {
                    while (i < text.Length && text[i] < 128 && text[i] != ' ')
                    {
                        i++;
                    }
                    if (i < text.Length && text[i] == '円')
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                }
                words.Add(new JsonObject
                {
                    ["content"] = text[start..i],
                    ["polygon"] = new JsonArray(0.5, 1.0, 0.6, 1.0, 0.6, 1.1, 0.5, 1.1),
                    ["span"] = Span(offset + start, i - start),
                    ["confidence"] = confidence,
                });
            }
            lineNodes.Add(new JsonObject
            {
                ["content"] = text,
                ["polygon"] = new JsonArray(0.5, 1.0, 6.0, 1.0, 6.0, 1.2, 0.5, 1.2),
                ["spans"] = new JsonArray(Span(offset, text.Length)),
            });
            offset += text.Length + 1;
        }
        var result = new JsonObject
        {
            ["apiVersion"] = "2024-11-30",
            ["modelId"] = modelId,
            ["stringIndexType"] = "utf16CodeUnit",
            ["content"] = content,
            ["pages"] = new JsonArray(new JsonObject
            {
                ["pageNumber"] = 1,
                ["angle"] = angle,
                ["width"] = 8.2639,
                ["height"] = 11.6806,
                ["unit"] = "inch",
                ["spans"] = new JsonArray(Span(0, content.Length)),
                ["words"] = words,
                ["lines"] = lineNodes,
            }),
            ["paragraphs"] = new JsonArray(),
            ["styles"] = new JsonArray(),
            ["contentFormat"] = "text",
        };
        if (fields is not null)
        {
            result["documents"] = new JsonArray(new JsonObject
            {
                ["docType"] = modelId == "prebuilt-receipt" ? "receipt.retailMeal" : "invoice",
                ["boundingRegions"] = new JsonArray(new JsonObject { ["pageNumber"] = 1, ["polygon"] = new JsonArray(0, 0, 8.2, 0, 8.2, 11.6, 0, 11.6) }),
                ["spans"] = new JsonArray(Span(0, content.Length)),
                ["fields"] = fields,
                ["confidence"] = 0.98,
            });
        }
        return result;
    }

    public static JsonObject StringField(string value, double confidence = 0.95) => new()
    {
        ["type"] = "string",
        ["valueString"] = value,
        ["content"] = value,
        ["confidence"] = confidence,
    };

    public static JsonObject DateField(string isoDate, string content, double confidence = 0.95) => new()
    {
        ["type"] = "date",
        ["valueDate"] = isoDate,
        ["content"] = content,
        ["confidence"] = confidence,
    };

    public static JsonObject CurrencyField(long amount, double confidence = 0.95) => new()
    {
        ["type"] = "currency",
        ["valueCurrency"] = new JsonObject { ["currencySymbol"] = "¥", ["amount"] = amount, ["currencyCode"] = "JPY" },
        ["content"] = "¥" + amount.ToString("#,0", CultureInfo.InvariantCulture),
        ["confidence"] = confidence,
    };

    public static JsonObject Items(params (string Description, long Amount)[] items)
    {
        var array = new JsonArray();
        foreach (var (description, amount) in items)
        {
            array.Add(new JsonObject
            {
                ["type"] = "object",
                ["valueObject"] = new JsonObject
                {
                    ["Description"] = StringField(description),
                    ["Amount"] = CurrencyField(amount),
                },
                ["content"] = description + " " + amount.ToString(CultureInfo.InvariantCulture),
                ["confidence"] = 0.93,
            });
        }
        return new JsonObject { ["type"] = "array", ["valueArray"] = array };
    }

    private static JsonObject Span(int offset, int length) => new() { ["offset"] = offset, ["length"] = length };
}
