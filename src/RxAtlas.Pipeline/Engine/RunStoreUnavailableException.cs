namespace RxAtlas.Pipeline;

/// <summary>The run store (the warehouse) stayed unreachable through every retry, so a run's history could not be written;
/// the message says what state the history was left in. The inner exception is the database's error.</summary>
public sealed class RunStoreUnavailableException : Exception
{
    public RunStoreUnavailableException() : this("The run store is unreachable.") { }

    public RunStoreUnavailableException(string message) : base(message) { }

    public RunStoreUnavailableException(string message, Exception inner) : base(message, inner) { }
}
