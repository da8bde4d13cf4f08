using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>
/// The account's Table service: hands out <see cref="TableClient"/>s that share one pipeline, creates, deletes and
/// lists tables. Shaped like <c>Azure.Data.Tables.TableServiceClient</c>.
/// </summary>
public sealed class TableServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    /// <summary>Creates a client from a connection string (Shared Key).</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public TableServiceClient(string connectionString, TableClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    /// <summary>Creates a client for the service <paramref name="endpoint"/> with Shared Key.</summary>
    public TableServiceClient(Uri endpoint, StorageSharedKeyCredential credential, TableClientOptions? options = null)
        : this(TableClient.CreatePipeline(options, StoragePipeline.SharedKey(credential, StorageService.Table)), endpoint)
    {
    }

    /// <summary>Creates a client for the service <paramref name="endpoint"/> with an Entra ID token (managed identity).</summary>
    public TableServiceClient(Uri endpoint, TokenCredential credential, TableClientOptions? options = null)
        : this(TableClient.CreatePipeline(options, StoragePipeline.Bearer(credential)), endpoint)
    {
    }

    private TableServiceClient(StorageConnectionString connection, TableClientOptions? options)
        : this(connection.TableEndpoint, connection.Credential, options)
    {
    }

    internal TableServiceClient(HttpPipeline pipeline, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _pipeline = pipeline;
        _endpoint = StorageConnectionString.TrimTrailingSlash(endpoint);
    }

    /// <summary>The Table service endpoint.</summary>
    public Uri Uri => _endpoint;

    /// <summary>A client for one table, sharing this client's pipeline.</summary>
    /// <exception cref="ArgumentException">The table name is invalid.</exception>
    public TableClient GetTableClient(string tableName) => new(_pipeline, _endpoint, tableName);

    /// <summary>Creates the table unless it exists.</summary>
    public Task<Response<TableItem>> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Deletes the table; a missing table is not an error.</summary>
    public Task<Response> DeleteTableAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).DeleteAsync(cancellationToken);

    /// <summary>Lists the tables, streaming every page.</summary>
    /// <param name="filter">An OData filter on <c>TableName</c> made with <see cref="TableClient.CreateQueryFilter"/>, or null.</param>
    /// <param name="maxPerPage">The page size (<c>$top</c>), or null for the service default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public AsyncPageable<TableItem> QueryAsync(string? filter = null, int? maxPerPage = null, CancellationToken cancellationToken = default) =>
        new StoragePageable<TableItem>((continuation, pageSize, ct) => QueryPageAsync(filter, pageSize ?? maxPerPage, continuation, ct), cancellationToken);

    /// <summary>Checks that the service answers and accepts our credentials: one <c>GET /Tables?$top=1</c>.</summary>
    internal async Task<Response> ProbeAsync(CancellationToken cancellationToken)
    {
        using var message = CreateTablesQuery(1, null);
        return await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
    }

    private async Task<Page<TableItem>> QueryPageAsync(string? filter, int? top, string? continuation, CancellationToken cancellationToken)
    {
        using var message = CreateTablesQuery(top, continuation);
        if (!string.IsNullOrEmpty(filter))
        {
            message.Request.Uri.AppendQuery("$filter", filter);
        }
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var tables = new List<TableItem>();
        if (json.RootElement.TryGetProperty("value", out var values))
        {
            foreach (var item in values.EnumerateArray())
            {
                if (item.TryGetProperty("TableName", out var name) && name.GetString() is { } text)
                {
                    tables.Add(new TableItem(text));
                }
            }
        }
        response.Headers.TryGetValue("x-ms-continuation-NextTableName", out var next);
        return Page<TableItem>.FromValues(tables, string.IsNullOrEmpty(next) ? null : next, response);
    }

    private HttpMessage CreateTablesQuery(int? top, string? continuation)
    {
        var message = TableClient.CreateMessage(_pipeline, _endpoint, RequestMethod.Get, "Tables");
        if (top is { } t)
        {
            message.Request.Uri.AppendQuery("$top", t.ToString(CultureInfo.InvariantCulture));
        }
        if (!string.IsNullOrEmpty(continuation))
        {
            message.Request.Uri.AppendQuery("NextTableName", continuation);
        }
        return message;
    }
}
