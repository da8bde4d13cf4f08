using System.Runtime.CompilerServices;
using Azure;

namespace Reimburse.Azure.Storage;

/// <summary>
/// An <see cref="AsyncPageable{T}"/> that fetches one page at a time on demand, following the service's
/// continuation until it is exhausted, so callers can stream any number of results.
/// </summary>
internal sealed class StoragePageable<T> : AsyncPageable<T>
    where T : notnull
{
    private readonly Func<string?, int?, CancellationToken, Task<Page<T>>> _fetchPage;

    public StoragePageable(Func<string?, int?, CancellationToken, Task<Page<T>>> fetchPage, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _fetchPage = fetchPage;
    }

    public override IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null) =>
        PagesAsync(continuationToken, pageSizeHint);

    private async IAsyncEnumerable<Page<T>> PagesAsync(string? continuationToken, int? pageSizeHint, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, cancellationToken);
        do
        {
            var page = await _fetchPage(continuationToken, pageSizeHint, linked.Token).ConfigureAwait(false);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuationToken));
    }
}
