using Microsoft.Extensions.Options;
using Reimburse.Statements;

namespace Reimburse.Functions.Claims;

/// <summary>
/// Picks the statement reader extraction uses: the one the app registered last (Document Intelligence when it is
/// configured, else the local reader), or the last one named <c>Claims:Reader</c> when that is set.
/// </summary>
public sealed class StatementReaders(IEnumerable<IStatementReader> readers, IOptions<ClaimsOptions> options)
{
    private readonly IReadOnlyList<IStatementReader> _readers = [.. readers];

    /// <summary>The configured reader.</summary>
    /// <exception cref="InvalidOperationException">No registered reader has the configured name (the step is retried, then flagged).</exception>
    public IStatementReader Current
    {
        get
        {
            var name = options.Value.Reader;
            return (string.IsNullOrWhiteSpace(name) ? _readers.LastOrDefault() : _readers.LastOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
                ?? throw new InvalidOperationException(
                    $"No statement reader named '{name}' is registered (Claims:Reader); registered: {(_readers.Count == 0 ? "none" : string.Join(", ", _readers.Select(r => r.Name)))}.");
        }
    }
}
