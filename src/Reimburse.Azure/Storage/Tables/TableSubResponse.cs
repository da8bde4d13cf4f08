using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>One sub-response of a successful transaction, exposed as an Azure.Core <see cref="Response"/> (status, ETag header).</summary>
internal sealed class TableSubResponse(TableTransactionFormat.SubResponse sub) : Response
{
    public override int Status => sub.Status;

    public override string ReasonPhrase => sub.ReasonPhrase;

    public override Stream? ContentStream { get; set; }

    public override string ClientRequestId { get; set; } = string.Empty;

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => sub.Headers.ContainsKey(name);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => sub.Headers.Select(h => new HttpHeader(h.Key, h.Value));

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => sub.Headers.TryGetValue(name, out value);

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = sub.Headers.TryGetValue(name, out var value) ? [value] : null;
        return values is not null;
    }
}
