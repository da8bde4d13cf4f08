using Reimburse.Statements;

namespace Reimburse.Functions.Extraction;

/// <summary>
/// Sends each statement to the reader that can read it: CSV statements to the local reader (Document Intelligence
/// does not read CSV), everything else to the primary reader.
/// </summary>
public sealed class StatementReaderRouter(IStatementReader primary, IStatementReader csvReader) : IStatementReader
{
    public string Name => primary.Name;

    public Task<StatementReadResult> ReadAsync(StatementInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reader = DocumentFormats.Detect(input.Content.Span) == DocumentFormat.Csv ? csvReader : primary;
        return reader.ReadAsync(input, cancellationToken);
    }
}
