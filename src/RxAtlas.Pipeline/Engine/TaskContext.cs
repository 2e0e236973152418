using RxAtlas.Core;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>What a running task sees: the run's parameters, a cancellation token, a log and a rows-affected counter.</summary>
public sealed class TaskContext
{
    private readonly List<string> _log = [];
    private readonly TimeProvider _time;
    private readonly Action<string, string>? _onLog;

    internal TaskContext(long runId, string taskId, int tryNumber, RunParameters parameters, RunItems items, TimeProvider time,
        Action<string, string>? onLog, IRunStore runs, CancellationToken cancellationToken)
    {
        Runs = runs;
        RunId = runId;
        TaskId = taskId;
        TryNumber = tryNumber;
        Parameters = parameters;
        Items = items;
        _time = time;
        _onLog = onLog;
        CancellationToken = cancellationToken;
    }

    public long RunId { get; }

    public string TaskId { get; }

    /// <summary>1 for the first try, 2 for the first retry, and so on (continuing across resumes).</summary>
    public int TryNumber { get; }

    public RunParameters Parameters { get; }

    /// <summary>The run's month; throws when the run has none.</summary>
    public YearMonth Month => Parameters.Month ?? throw new InvalidOperationException($"Task {TaskId} needs a month, but the run has none.");

    /// <summary>Values shared with other tasks of this run in this process.</summary>
    public RunItems Items { get; }

    /// <summary>The run history this run is recorded in, for tasks that decide from earlier runs (read it; the runner writes it).</summary>
    public IRunStore Runs { get; }

    /// <summary>The run's time source.</summary>
    public TimeProvider Time => _time;

    /// <summary>Signalled on Ctrl-C (run cancelled) or when this try's timeout expires.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Rows the task wrote or read, recorded with the task instance.</summary>
    public long? RowsAffected { get; set; }

    /// <summary>Whether this try changed what the task's downstream reads; true unless the task says otherwise. A task that
    /// finds everything it produces exactly as before (acquisition with every file already in the lake, unchanged) sets it
    /// false: when a run is resumed, downstream tasks that succeeded earlier in the run are then kept instead of run again.</summary>
    public bool OutputChanged { get; set; } = true;

    /// <summary>Appends a timestamped line to this try's log.</summary>
    public void Log(string message)
    {
        var line = $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} {message}";
        lock (_log) _log.Add(line);
        _onLog?.Invoke(TaskId, line);
    }

    internal IReadOnlyList<string> LogLines()
    {
        lock (_log) return [.. _log];
    }
}
