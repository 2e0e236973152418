namespace RxAtlas.Warehouse;

/// <summary>An embedded warehouse file is locked by another process. The message states the fact; what to do depends on
/// whether the caller could open the file read-only (a reader) or must write it (a load), so callers add that advice.</summary>
public sealed class WarehouseInUseException : InvalidOperationException
{
    public WarehouseInUseException() : this("The warehouse is in use by another process.") { }

    public WarehouseInUseException(string message) : base(message) { }

    public WarehouseInUseException(string message, Exception inner) : base(message, inner) { }
}
