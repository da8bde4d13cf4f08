using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>
/// One table: create, entity CRUD with optimistic concurrency, queries that stream every page, and entity-group
/// transactions. Shaped like <c>Azure.Data.Tables.TableClient</c>.
/// </summary>
/// <remarks>
/// Keys and the table name are validated before any request (<see cref="TableKeys"/>). Filters must be built with
/// <see cref="CreateQueryFilter"/>, which escapes every interpolated value. Errors surface as
/// <see cref="RequestFailedException"/> with the HTTP status and the storage error code.
/// Instances are thread-safe; share one per table.
/// <para>Transient failures (408, 429, 500, 502, 503, 504, network errors) are retried per <c>options.Retry</c>. An
/// insert or transaction whose first attempt reached the service but whose answer was lost comes back from the retry
/// as 409 EntityAlreadyExists: a writer that treats 409 as "someone else won" must re-read and recognise its own write.</para>
/// </remarks>
public sealed class TableClient
{
    private const string JsonAccept = "application/json;odata=minimalmetadata";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly string _encodedName;

    /// <summary>Creates a client from a connection string (Shared Key).</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    /// <exception cref="ArgumentException">The table name is invalid.</exception>
    public TableClient(string connectionString, string tableName, TableClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), tableName, options ?? new TableClientOptions())
    {
    }

    /// <summary>Creates a client for the table service <paramref name="endpoint"/> with Shared Key.</summary>
    public TableClient(Uri endpoint, string tableName, StorageSharedKeyCredential credential, TableClientOptions? options = null)
        : this(CreatePipeline(options, StoragePipeline.SharedKey(credential, StorageService.Table)), endpoint, tableName)
    {
    }

    /// <summary>Creates a client for the table service <paramref name="endpoint"/> with an Entra ID token (managed identity).</summary>
    public TableClient(Uri endpoint, string tableName, TokenCredential credential, TableClientOptions? options = null)
        : this(CreatePipeline(options, StoragePipeline.Bearer(credential)), endpoint, tableName)
    {
    }

    private TableClient(StorageConnectionString connection, string tableName, TableClientOptions options)
        : this(connection.TableEndpoint, tableName, connection.Credential, options)
    {
    }

    internal TableClient(HttpPipeline pipeline, Uri endpoint, string tableName)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        TableKeys.ValidateTableName(tableName);
        _pipeline = pipeline;
        _endpoint = StorageConnectionString.TrimTrailingSlash(endpoint);
        Name = tableName;
        _encodedName = Uri.EscapeDataString(tableName);
        Uri = StorageUris.Append(_endpoint, tableName);
    }

    /// <summary>The table name.</summary>
    public string Name { get; }

    /// <summary>The table's URI.</summary>
    public Uri Uri { get; }

    /// <summary>
    /// Builds an OData filter from an interpolated string, quoting and escaping every value: strings in single quotes
    /// with quotes doubled, <c>datetime'…'</c> (UTC), <c>guid'…'</c>, Int64 with an <c>L</c> suffix, binary as
    /// <c>X'…'</c>, booleans lowercase. This is the only sanctioned way to put input into a filter.
    /// </summary>
    /// <example><c>TableClient.CreateQueryFilter($"PartitionKey eq {claimId} and Amount ge {minimum}")</c></example>
    /// <exception cref="ArgumentException">A value has a type that has no OData literal (or is a DateTime of unspecified kind, or NaN).</exception>
    public static string CreateQueryFilter(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var literals = filter.GetArguments().Select(TableFilterLiteral.Format).ToArray<object?>();
        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    /// <summary>Creates the table unless it exists (201 created, 409 already there; both succeed).</summary>
    public async Task<Response<TableItem>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, "Tables");
        message.Request.Headers.Add("Prefer", "return-no-content");
        message.Request.Headers.Add("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is 201 or 204 or 409 && (response.Status != 409 || IsErrorCode(response, "TableAlreadyExists")))
        {
            return Response.FromValue(new TableItem(Name), response);
        }
        throw await StorageErrors.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the table. A missing table is not an error (the 404 response is returned).</summary>
    public async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, "Tables('" + Uri.EscapeDataString(Name) + "')");
        return await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 204, 404).ConfigureAwait(false);
    }

    /// <summary>Inserts a new entity; 409 (EntityAlreadyExists) when the row exists. Updates the entity's ETag.</summary>
    /// <exception cref="ArgumentException">A key is invalid (no request is sent).</exception>
    /// <exception cref="RequestFailedException">The service refused the insert.</exception>
    public async Task<Response> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        using var message = CreateMessage(RequestMethod.Post, _encodedName);
        message.Request.Headers.Add("Prefer", "return-no-content");
        SetBody(message, entity);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        UpdateETag(entity, response);
        return response;
    }

    /// <summary>Inserts the entity or, when it exists, merges into it or replaces it (no concurrency check).</summary>
    /// <exception cref="ArgumentException">A key is invalid (no request is sent).</exception>
    public async Task<Response> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        using var message = CreateMessage(MethodFor(mode), EntityPath(entity.PartitionKey, entity.RowKey));
        SetBody(message, entity);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        UpdateETag(entity, response);
        return response;
    }

    /// <summary>
    /// Updates an existing entity if its stored ETag still equals <paramref name="ifMatch"/>; 412 (UpdateConditionNotSatisfied)
    /// when another writer got there first, 404 when it does not exist. Pass <see cref="ETag.All"/> to update unconditionally.
    /// </summary>
    /// <exception cref="ArgumentException">A key is invalid or <paramref name="ifMatch"/> is default (no request is sent).</exception>
    public async Task<Response> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        if (ifMatch == default)
        {
            throw new ArgumentException("Pass the entity's ETag (or ETag.All for an unconditional update).", nameof(ifMatch));
        }
        using var message = CreateMessage(MethodFor(mode), EntityPath(entity.PartitionKey, entity.RowKey));
        message.Request.Headers.Add("If-Match", ifMatch.ToString("H"));
        SetBody(message, entity);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        UpdateETag(entity, response);
        return response;
    }

    /// <summary>
    /// Deletes the entity if its ETag matches <paramref name="ifMatch"/> (default: any). 412 on a stale ETag.
    /// A missing entity is not an error: the 404 response is returned, as the official client does.
    /// </summary>
    /// <exception cref="ArgumentException">A key is invalid (no request is sent).</exception>
    public async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(partitionKey, nameof(TableEntity.PartitionKey));
        TableKeys.Validate(rowKey, nameof(TableEntity.RowKey));
        using var message = CreateMessage(RequestMethod.Delete, EntityPath(partitionKey, rowKey));
        message.Request.Headers.Add("If-Match", (ifMatch == default ? ETag.All : ifMatch).ToString("H"));
        return await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 204, 404).ConfigureAwait(false);
    }

    /// <summary>Reads one entity; 404 (ResourceNotFound) throws. See <see cref="GetEntityIfExistsAsync"/>.</summary>
    /// <exception cref="ArgumentException">A key is invalid (no request is sent).</exception>
    /// <exception cref="RequestFailedException">Not found (404) or another failure.</exception>
    public async Task<Response<TableEntity>> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var result = await GetEntityIfExistsAsync(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
        if (!result.HasValue)
        {
            throw await StorageErrors.CreateExceptionAsync(result.GetRawResponse(), cancellationToken).ConfigureAwait(false);
        }
        return Response.FromValue(result.Value!, result.GetRawResponse());
    }

    /// <summary>Reads one entity, or a response without value (<c>HasValue == false</c>) when it does not exist.</summary>
    /// <exception cref="ArgumentException">A key is invalid (no request is sent).</exception>
    public async Task<NullableResponse<TableEntity>> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(partitionKey, nameof(TableEntity.PartitionKey));
        TableKeys.Validate(rowKey, nameof(TableEntity.RowKey));
        var selectList = SelectList(select);
        using var message = CreateMessage(RequestMethod.Get, EntityPath(partitionKey, rowKey));
        if (selectList is not null)
        {
            message.Request.Uri.AppendQuery("$select", selectList);
        }
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200, 404).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return new NoValueResponse<TableEntity>(response);
        }
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var entity = TableEntityJson.Read(json.RootElement, response.Headers.ETag?.ToString("H"));
        return Response.FromValue(entity, response);
    }

    /// <summary>
    /// Queries the table. The result streams every page (following the continuation headers) as it is enumerated.
    /// </summary>
    /// <param name="filter">An OData filter made with <see cref="CreateQueryFilter"/>, or null for all entities.</param>
    /// <param name="maxPerPage">The page size (<c>$top</c>, at most 1,000); null for the service's default (1,000).</param>
    /// <param name="select">Properties to return, or null for all.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public AsyncPageable<TableEntity> QueryAsync(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        if (maxPerPage is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "A page holds 1 to 1,000 entities.");
        }
        var selectList = SelectList(select);
        return new StoragePageable<TableEntity>((continuation, pageSize, ct) => QueryPageAsync(filter, pageSize ?? maxPerPage, selectList, continuation, ct), cancellationToken);
    }

    /// <summary>
    /// Runs up to 100 operations on one partition as one atomic entity-group transaction (<c>$batch</c>): either all
    /// apply or none. Returns one sub-response per operation, in order.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, more than 100 operations, several partitions, a row twice, an invalid key,
    /// or an update without ETag (no request is sent).</exception>
    /// <exception cref="TableTransactionFailedException">The service rolled the transaction back; names the failed operation.</exception>
    public async Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactionActions);
        var actions = transactionActions.ToList();
        ValidateTransaction(actions);
        var (body, contentType) = TableTransactionFormat.WriteRequest(Uri.AbsoluteUri, actions);
        using var message = CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.Add("Content-Type", contentType);
        message.Request.Content = RequestContent.Create(body);
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 202).ConfigureAwait(false);
        response.Headers.TryGetValue("Content-Type", out var responseType);
        var subResponses = TableTransactionFormat.ReadResponse(responseType, response.Content.ToArray());
        var failed = subResponses.FirstOrDefault(r => r.IsError);
        if (failed is not null)
        {
            throw TableTransactionFormat.ToException(failed, actions);
        }
        if (subResponses.Count != actions.Count)
        {
            throw new InvalidOperationException($"The $batch response has {subResponses.Count} sub-responses for {actions.Count} operations.");
        }
        for (var i = 0; i < actions.Count; i++)
        {
            if (actions[i].ActionType != TableTransactionActionType.Delete && subResponses[i].Headers.TryGetValue("ETag", out var etag))
            {
                actions[i].Entity.ETag = new ETag(etag);
            }
        }
        return Response.FromValue<IReadOnlyList<Response>>(subResponses.Select(r => (Response)new TableSubResponse(r)).ToList(), response);
    }

    /// <summary>The URL suffix addressing one entity: <c>(PartitionKey='…',RowKey='…')</c> with quotes doubled and percent-encoding.</summary>
    internal static string EntityKeySegment(string partitionKey, string rowKey) =>
        "(PartitionKey='" + Uri.EscapeDataString(partitionKey.Replace("'", "''", StringComparison.Ordinal)) +
        "',RowKey='" + Uri.EscapeDataString(rowKey.Replace("'", "''", StringComparison.Ordinal)) + "')";

    internal static HttpPipeline CreatePipeline(TableClientOptions? options, HttpPipelinePolicy authentication)
    {
        options ??= new TableClientOptions();
        return StoragePipeline.Build(options, options.VersionString, authentication);
    }

    /// <summary>A Table request to <paramref name="encodedPath"/> under the service endpoint, with the OData JSON headers.</summary>
    internal static HttpMessage CreateMessage(HttpPipeline pipeline, Uri endpoint, RequestMethod method, string encodedPath)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        StorageUris.Set(request.Uri, endpoint, encodedPath);
        request.Headers.Add("Accept", JsonAccept);
        request.Headers.Add("DataServiceVersion", "3.0");
        request.Headers.Add("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    private HttpMessage CreateMessage(RequestMethod method, string encodedPath) => CreateMessage(_pipeline, _endpoint, method, encodedPath);

    private async Task<Page<TableEntity>> QueryPageAsync(string? filter, int? top, string? select, string? continuation, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, _encodedName + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter);
        }
        if (top is { } t)
        {
            uri.AppendQuery("$top", t.ToString(CultureInfo.InvariantCulture));
        }
        if (select is not null)
        {
            uri.AppendQuery("$select", select);
        }
        if (!string.IsNullOrEmpty(continuation))
        {
            // The continuation token is "NextPartitionKey NextRowKey" (service tokens contain no spaces).
            var parts = continuation.Split(' ', 2);
            uri.AppendQuery("NextPartitionKey", parts[0]);
            if (parts.Length > 1 && parts[1].Length > 0)
            {
                uri.AppendQuery("NextRowKey", parts[1]);
            }
        }
        var response = await StorageErrors.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var entities = new List<TableEntity>();
        if (json.RootElement.TryGetProperty("value", out var values))
        {
            foreach (var item in values.EnumerateArray())
            {
                entities.Add(TableEntityJson.Read(item));
            }
        }
        string? next = null;
        if (response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPartition) && !string.IsNullOrEmpty(nextPartition))
        {
            response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRow);
            next = nextPartition + " " + nextRow;
        }
        return Page<TableEntity>.FromValues(entities, next, response);
    }

    private string EntityPath(string partitionKey, string rowKey) => _encodedName + EntityKeySegment(partitionKey, rowKey);

    private static RequestMethod MethodFor(TableUpdateMode mode) => mode switch
    {
        TableUpdateMode.Merge => RequestMethod.Patch,
        TableUpdateMode.Replace => RequestMethod.Put,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown update mode."),
    };

    private static void SetBody(HttpMessage message, TableEntity entity)
    {
        message.Request.Headers.Add("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(TableEntityJson.Serialize(entity));
    }

    private static void UpdateETag(TableEntity entity, Response response)
    {
        if (response.Headers.ETag is { } etag)
        {
            entity.ETag = etag;
        }
    }

    private static void ValidateKeys(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeys.Validate(entity.PartitionKey, nameof(TableEntity.PartitionKey));
        TableKeys.Validate(entity.RowKey, nameof(TableEntity.RowKey));
    }

    private static void ValidateTransaction(List<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > 100)
        {
            throw new ArgumentException($"A transaction holds 1 to 100 operations, not {actions.Count}.", nameof(actions));
        }
        var rows = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i] ?? throw new ArgumentException($"Operation {i} is null.", nameof(actions));
            ValidateKeys(action.Entity);
            if (!string.Equals(action.Entity.PartitionKey, actions[0].Entity.PartitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Operation {i} is in another partition; a transaction stays within one partition.", nameof(actions));
            }
            if (!rows.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"Operation {i} touches a row that an earlier operation already touches; a transaction may touch each row once.", nameof(actions));
            }
            if (action.ActionType is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpdateReplace && action.ETag == default)
            {
                throw new ArgumentException($"Operation {i} is an update without ETag; pass the entity's ETag or ETag.All.", nameof(actions));
            }
        }
    }

    private static string? SelectList(IEnumerable<string>? select)
    {
        if (select is null)
        {
            return null;
        }
        var names = select.ToList();
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException("Each selected property is a single property name.", nameof(select));
            }
        }
        return names.Count == 0 ? null : string.Join(',', names);
    }

    private static bool IsErrorCode(Response response, string code)
    {
        if (response.Headers.TryGetValue("x-ms-error-code", out var header))
        {
            return header == code;
        }
        return response.ContentStream is MemoryStream ms && StorageErrors.ParseBody(ms.ToArray()).Code == code;
    }
}
