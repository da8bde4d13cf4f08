using Reimburse.Money;

namespace Reimburse.Statements;

/// <summary>A value read from a document with the reader's confidence in it (0–1).</summary>
public sealed record Fact<T>(T Value, double Confidence);

/// <summary>
/// What a reader found in one fee statement. Every text in it is already redacted: no full card number and no
/// security code.
/// </summary>
/// <param name="Fee">The reissue fee; <see cref="Yen.Zero"/> with <paramref name="FeeWaived"/> when the statement says 無料 / ¥0 / 免除; null when no fee line was found.</param>
/// <param name="FeeWaived">True when the statement says the fee is waived.</param>
/// <param name="FeeLine">The text of the fee line.</param>
/// <param name="StatementDate">Statement or transaction date (wareki and western forms are both read).</param>
/// <param name="Issuer">Issuer id from <see cref="Issuers"/>.</param>
/// <param name="CardLast4">Last four digits of the card, if printed.</param>
/// <param name="HolderName">Card holder's name, if printed.</param>
/// <param name="LooksLikeFeeStatement">Whether the document reads like a reissue-fee statement.</param>
/// <param name="Reader">Which reader produced this ("local", "azure", …).</param>
/// <param name="Warnings">Things a reviewer should know (rotated photo, several fee lines, …).</param>
/// <param name="Text">The document's text, redacted.</param>
public sealed record FeeStatementFacts(
    Fact<Yen>? Fee,
    bool FeeWaived,
    Fact<string>? FeeLine,
    Fact<DateOnly>? StatementDate,
    Fact<string>? Issuer,
    Fact<string>? CardLast4,
    Fact<string>? HolderName,
    Fact<bool> LooksLikeFeeStatement,
    string Reader,
    IReadOnlyList<string> Warnings,
    string Text);

/// <summary>Why a document could not be read at all.</summary>
public enum ReadFailure
{
    Unsupported,
    Empty,
    Encrypted,
    TooLarge,
    Unreadable,
    ServiceFailed,
    TimedOut,
}

/// <summary>The outcome of reading one statement: facts, or a failure with a message a person can act on.</summary>
public sealed record StatementReadResult(FeeStatementFacts? Facts, ReadFailure? Failure, string? Message)
{
    public bool Succeeded => Facts is not null;

    public static StatementReadResult Success(FeeStatementFacts facts) => new(facts, null, null);

    public static StatementReadResult Failed(ReadFailure failure, string message) => new(null, failure, message);
}

/// <summary>A document to read.</summary>
public sealed record StatementInput(ReadOnlyMemory<byte> Content, string ContentType, string? FileName = null);

/// <summary>Reads fee statements: the local reader and Document Intelligence implement it.</summary>
public interface IStatementReader
{
    /// <summary>"local" or "azure".</summary>
    string Name { get; }

    Task<StatementReadResult> ReadAsync(StatementInput input, CancellationToken cancellationToken);
}
