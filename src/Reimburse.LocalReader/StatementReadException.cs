using Reimburse.Statements;

namespace Reimburse.LocalReader;

/// <summary>A document the reader cannot read, with the failure kind and a message the uploader can act on.</summary>
internal sealed class StatementReadException(ReadFailure failure, string message) : Exception(message)
{
    public ReadFailure Failure { get; } = failure;
}
