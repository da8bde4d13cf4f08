using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reimburse.Azure.DocumentIntelligence;

/// <summary>A region of <see cref="AnalyzeResult.Content"/> (UTF-16 code units: the client asks for that index type).</summary>
public sealed record DocumentSpan(int Offset, int Length)
{
    public bool Contains(DocumentSpan other) => other is not null && other.Offset >= Offset && other.Offset + other.Length <= Offset + Length;
}

/// <summary>A recognised word (for Japanese, usually one character) with its confidence (0–1).</summary>
public sealed record DocumentWord(string Content, DocumentSpan Span, double Confidence);

/// <summary>A line of text on a page.</summary>
public sealed record DocumentLine(string Content, IReadOnlyList<DocumentSpan> Spans);

/// <summary>One analysed page.</summary>
/// <param name="PageNumber">1-based.</param>
/// <param name="Angle">General orientation of the content in degrees, clockwise, (-180, 180].</param>
/// <param name="Words">Words with their confidence.</param>
/// <param name="Lines">Lines in reading order.</param>
public sealed record DocumentPage(
    int PageNumber,
    double? Angle,
    IReadOnlyList<DocumentWord>? Words,
    IReadOnlyList<DocumentLine>? Lines);

/// <summary>An amount of money a field holds.</summary>
public sealed record CurrencyValue(double Amount, string? CurrencySymbol, string? CurrencyCode);

/// <summary>A field of a prebuilt model (receipt: MerchantName, Total, Items …; invoice: VendorName, InvoiceTotal, Items …).</summary>
public sealed record DocumentField(
    string Type,
    string? Content,
    double? Confidence,
    string? ValueString,
    string? ValueDate,
    double? ValueNumber,
    CurrencyValue? ValueCurrency,
    IReadOnlyList<DocumentField>? ValueArray,
    IReadOnlyDictionary<string, DocumentField>? ValueObject);

/// <summary>A document the model found, with its fields.</summary>
public sealed record AnalyzedDocument(string DocType, double Confidence, IReadOnlyDictionary<string, DocumentField>? Fields);

/// <summary>The parts of a 2024-11-30 analyzeResult the readers use.</summary>
/// <param name="ModelId">The model that produced it.</param>
/// <param name="Content">All text in reading order.</param>
/// <param name="Pages">Pages with words and lines.</param>
/// <param name="Documents">Documents with fields (receipt, invoice models); none for layout.</param>
public sealed record AnalyzeResult(
    string ModelId,
    string Content,
    IReadOnlyList<DocumentPage> Pages,
    IReadOnlyList<AnalyzedDocument>? Documents)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The analyze operation's status document (GET on Operation-Location).</summary>
internal sealed record AnalyzeOperation(string Status, AnalyzeResult? AnalyzeResult, ServiceError? Error);

/// <summary>The service's error object.</summary>
internal sealed record ServiceError(string? Code, string? Message, ServiceError? Innererror);
