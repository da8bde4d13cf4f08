using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Reimburse.Functions.Extraction;
using Reimburse.Japanese;
using Reimburse.LocalReader;
using Reimburse.Statements;

namespace Reimburse.Functions.Cli;

/// <summary>
/// <c>reimburse extract FILE [--json] [--reader local|azure]</c>: reads one fee statement and prints the facts.
/// </summary>
/// <remarks>
/// Exit codes: 0 the facts were printed; 1 wrong usage (System.CommandLine's parse errors); 2 the file cannot be
/// opened; 3 the document was refused (unsupported type, empty, too large, password-protected, unreadable);
/// 4 the reader failed (service error, time-out, or the azure reader is not configured).
/// </remarks>
public static class ExtractCommand
{
    public const int Ok = 0;
    public const int FileError = 2;
    public const int DocumentRefused = 3;
    public const int ReaderFailed = 4;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The command, reading with the readers <see cref="StatementReaderRegistration.AddStatementReaders"/> registers from <paramref name="configuration"/>.</summary>
    /// <param name="configuration">App configuration (LocalReader, DocumentIntelligence sections).</param>
    /// <param name="output">Where facts go (default: standard output).</param>
    /// <param name="error">Where failures go (default: standard error).</param>
    public static Command Create(IConfiguration configuration, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var file = new Argument<FileInfo>("file") { Description = "The statement: PDF, JPEG, PNG, TIFF, HEIC, or the card company's CSV." };
        var json = new Option<bool>("--json") { Description = "Print the facts as JSON." };
        var reader = new Option<string>("--reader")
        {
            Description = "local (embedded OCR/PDF/CSV reader) or azure (Document Intelligence; needs DocumentIntelligence:Endpoint). Default: azure when configured, else local.",
        };
        reader.AcceptOnlyFromAmong(StatementReaderRegistration.Local, StatementReaderRegistration.Azure);

        var command = new Command("extract", "Reads a fee statement and prints the reissue fee and the facts to check it. Exit codes: 0 ok, 1 usage, 2 file cannot be opened, 3 document refused (unsupported, empty, too large, encrypted, unreadable), 4 reader failed.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(reader);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            configuration,
            parseResult.GetValue(file)!,
            parseResult.GetValue(json),
            parseResult.GetValue(reader),
            output ?? Console.Out,
            error ?? Console.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Reads <paramref name="file"/> and prints the facts; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        IConfiguration configuration,
        FileInfo file,
        bool json,
        string? readerName,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var azureConfigured = StatementReaderRegistration.IsDocumentIntelligenceConfigured(configuration);
        var name = readerName ?? (azureConfigured ? StatementReaderRegistration.Azure : StatementReaderRegistration.Local);
        if (name == StatementReaderRegistration.Azure && !azureConfigured)
        {
            await error.WriteLineAsync("extract: --reader azure needs DocumentIntelligence:Endpoint (environment variable DocumentIntelligence__Endpoint) and a key or a managed identity.");
            return ReaderFailed;
        }
        if (!file.Exists)
        {
            await error.WriteLineAsync($"extract: {file.FullName}: no such file.");
            return FileError;
        }

        var services = new ServiceCollection().AddLogging().AddStatementReaders(configuration);
        await using var provider = services.BuildServiceProvider();
        var limit = provider.GetRequiredService<IOptions<LocalReaderOptions>>().Value.MaxDocumentBytes;
        if (file.Length > limit)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"extract: {file.Name}: the file is {file.Length / 1024.0 / 1024.0:F1} MB; the limit is {limit / 1024.0 / 1024.0:F0} MB (LocalReader:MaxDocumentBytes)."));
            return DocumentRefused;
        }
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"extract: {file.FullName}: {ex.Message}");
            return FileError;
        }

        // Local by name reads CSV too; azure goes through the router so a CSV still reaches the local reader.
        var statementReader = name == StatementReaderRegistration.Local
            ? provider.GetRequiredKeyedService<IStatementReader>(StatementReaderRegistration.Local)
            : provider.GetRequiredService<IStatementReader>();
        var format = DocumentFormats.Detect(bytes);
        var result = await statementReader.ReadAsync(new StatementInput(bytes, DocumentFormats.ContentType(format), file.Name), cancellationToken);
        if (result.Facts is not { } facts)
        {
            await error.WriteLineAsync($"extract: {file.Name}: {result.Message} ({result.Failure})");
            return result.Failure is ReadFailure.ServiceFailed or ReadFailure.TimedOut ? ReaderFailed : DocumentRefused;
        }
        await output.WriteLineAsync(json ? JsonSerializer.Serialize(ToJson(facts), Json) : ToText(facts));
        return Ok;
    }

    /// <summary>The facts as a reviewer reads them.</summary>
    public static string ToText(FeeStatementFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var c = CultureInfo.InvariantCulture;
        static string Confidence(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            $"Reader:          {facts.Reader}",
            facts.Fee is { } fee
                ? $"Fee:             {(facts.FeeWaived ? "waived (¥0)" : fee.Value.ToString())}  confidence {Confidence(fee.Confidence)}{(fee.Confidence < 0.8 ? "  ← below 0.8: the claim escalates" : "")}"
                : "Fee:             not found",
            $"Fee line:        {facts.FeeLine?.Value ?? "-"}",
            facts.StatementDate is { } date
                ? string.Create(c, $"Date:            {date.Value:yyyy-MM-dd} ({Wareki.Format(date.Value)})  confidence {Confidence(date.Confidence)}")
                : "Date:            -",
            facts.Issuer is { } issuer
                ? $"Issuer:          {issuer.Value} ({Issuers.Find(issuer.Value)?.NameJa})  confidence {Confidence(issuer.Confidence)}"
                : "Issuer:          -",
            facts.CardLast4 is { } last4 ? $"Card last 4:     {last4.Value}  confidence {Confidence(last4.Confidence)}" : "Card last 4:     -",
            facts.HolderName is { } holder ? $"Holder:          {holder.Value}  confidence {Confidence(holder.Confidence)}" : "Holder:          -",
            $"Fee statement:   {(facts.LooksLikeFeeStatement.Value ? "yes" : "no")}  confidence {Confidence(facts.LooksLikeFeeStatement.Confidence)}",
        };
        if (facts.Warnings.Count > 0)
        {
            lines.Add("Warnings:");
            lines.AddRange(facts.Warnings.Select(w => "  - " + w));
        }
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The facts as JSON-friendly data: yen as a number, dates in ISO and wareki.</summary>
    public static object ToJson(FeeStatementFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new
        {
            reader = facts.Reader,
            fee = facts.Fee is { } fee ? new { yen = fee.Value.Amount, confidence = fee.Confidence } : null,
            waived = facts.FeeWaived,
            feeLine = facts.FeeLine,
            statementDate = facts.StatementDate is { } date
                ? new { value = date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), wareki = Wareki.Format(date.Value), confidence = date.Confidence }
                : null,
            issuer = facts.Issuer,
            cardLast4 = facts.CardLast4,
            holderName = facts.HolderName,
            looksLikeFeeStatement = facts.LooksLikeFeeStatement,
            warnings = facts.Warnings,
            text = facts.Text,
        };
    }
}
