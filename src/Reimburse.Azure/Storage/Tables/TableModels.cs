using Azure;

namespace Reimburse.Azure.Storage.Tables;

/// <summary>A table in the account.</summary>
/// <param name="Name">The table name.</param>
public sealed record TableItem(string Name);

/// <summary>How an update or upsert treats properties that the entity passed in does not carry.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep the stored properties that the new entity lacks (HTTP MERGE/PATCH).</summary>
    Merge = 0,

    /// <summary>Replace the stored entity entirely (HTTP PUT).</summary>
    Replace = 1,
}

/// <summary>The kind of one operation in an entity-group transaction.</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails with 409 EntityAlreadyExists when the row exists.</summary>
    Add,

    /// <summary>Merge into an existing entity, conditional on the action's ETag.</summary>
    UpdateMerge,

    /// <summary>Replace an existing entity, conditional on the action's ETag.</summary>
    UpdateReplace,

    /// <summary>Delete, conditional on the action's ETag (all when default).</summary>
    Delete,

    /// <summary>Insert or merge.</summary>
    UpsertMerge,

    /// <summary>Insert or replace.</summary>
    UpsertReplace,
}

/// <summary>One operation of an entity-group transaction (<see cref="TableClient.SubmitTransactionAsync"/>).</summary>
/// <param name="ActionType">What to do.</param>
/// <param name="Entity">The entity (for <see cref="TableTransactionActionType.Delete"/> only its keys matter).</param>
/// <param name="ETag">
/// If-Match for updates and deletes. Updates require it (pass <see cref="ETag.All"/> for an unconditional update);
/// a delete without it is unconditional. Ignored for Add and Upsert.
/// </param>
/// <remarks>Azurite ignores If-Match inside a transaction; do not build a concurrency guard on it.</remarks>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
