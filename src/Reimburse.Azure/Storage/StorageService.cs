namespace Reimburse.Azure.Storage;

/// <summary>The three storage services this layer speaks to.</summary>
public enum StorageService
{
    /// <summary>Blob service.</summary>
    Blob,

    /// <summary>Queue service.</summary>
    Queue,

    /// <summary>Table service.</summary>
    Table,
}
