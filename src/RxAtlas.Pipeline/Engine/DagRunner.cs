using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>Runs a <see cref="Dag"/>: dependencies first, independent tasks in parallel, retries, timeouts, cancellation,
/// every try recorded in an <see cref="IRunStore"/>; can resume a run that failed or was interrupted.</summary>
/// <remarks>
/// A task whose dependency failed ends <see cref="RunState.UpstreamFailed"/>; branches not downstream of a failure still run.
/// A task throwing <see cref="TaskSkippedException"/> ends Skipped and so does everything downstream of it.
/// The run ends Cancelled if the token fires, else Failed if any task failed, else Skipped if any was skipped, else Success.
/// On resume, a task whose latest try succeeded is kept (not run, no try recorded) once its dependencies have finished,
/// unless one of them ran again in this resume and changed its output (<see cref="TaskContext.OutputChanged"/>); then it
/// runs again too. Tasks marked <see cref="TaskOptions.RerunOnResume"/> always run again.
/// </remarks>
public sealed class DagRunner
{
    private readonly IRunStore _store;
    private readonly TimeProvider _time;
    private readonly DagRunnerOptions _options;
    private readonly SemaphoreSlim _saves = new(1, 1);

    public DagRunner(IRunStore store, TimeProvider? time = null, DagRunnerOptions? options = null)
    {
        _store = store;
        _time = time ?? TimeProvider.System;
        _options = options ?? new DagRunnerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxParallelism, 1);
    }

    /// <summary>Runs <paramref name="dag"/> as a new run, or continues run <paramref name="resumeRunId"/>: tasks that
    /// succeeded there are kept unless a task upstream of them ran again and changed its output; the rest (failed,
    /// upstream-failed, cancelled, interrupted, never run, and <see cref="TaskOptions.RerunOnResume"/> tasks) run again.</summary>
    /// <exception cref="ArgumentException">The run to resume does not exist or belongs to another DAG or month.</exception>
    /// <exception cref="InvalidOperationException">The run to resume is still marked running.</exception>
    public async Task<DagRunResult> RunAsync(Dag dag, RunParameters parameters, long? resumeRunId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(parameters);
        var started = _time.GetUtcNow();
        var states = new Dictionary<string, RunState>(StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var firstTry = dag.Tasks.ToDictionary(t => t.Id, _ => 1, StringComparer.Ordinal);
        long runId;
        if (resumeRunId is { } resumeId)
        {
            runId = resumeId;
            await PrepareResumeAsync(dag, parameters, resumeId, kept, firstTry).ConfigureAwait(false);
        }
        else
        {
            runId = await WithStoreRetriesAsync(() => _store.StartRunAsync(dag.Name, parameters.Month, parameters.Trigger, started, CancellationToken.None))
                .ConfigureAwait(false);
        }

        // Cancelled by the caller, or by the runner when the run store stops answering (the run cannot go on unrecorded).
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var execution = new RunExecution(runId, parameters, new RunItems(), runCancellation.Token);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var reused = new List<string>();
        string? firstError = null;
        var pending = dag.Tasks.ToList();
        var running = new Dictionary<Task<TaskOutcome>, DagTask>();
        try
        {
            while (true)
            {
                foreach (var task in pending.ToList())
                {
                    var blocked = BlockedState(task, states);
                    if (blocked is { } state)
                    {
                        pending.Remove(task);
                        states[task.Id] = state;
                        // A kept task's earlier success stays its latest try, so a later resume can still keep it.
                        if (kept.Contains(task.Id)) continue;
                        await SaveAsync(new TaskInstance(runId, task.Id, firstTry[task.Id], _time.GetUtcNow(), _time.GetUtcNow(), state,
                            state == RunState.UpstreamFailed ? "an upstream task failed" : "an upstream task was skipped", null, [])).ConfigureAwait(false);
                    }
                    else if (task.DependsOn.All(d => states.GetValueOrDefault(d) == RunState.Success))
                    {
                        if (kept.Contains(task.Id) && !task.DependsOn.Any(changed.Contains))
                        {
                            pending.Remove(task);
                            states[task.Id] = RunState.Success;
                            reused.Add(task.Id);
                        }
                        else if (!cancellationToken.IsCancellationRequested && running.Count < _options.MaxParallelism)
                        {
                            pending.Remove(task);
                            running.Add(ExecuteAsync(task, firstTry[task.Id], execution), task);
                        }
                    }
                }

                if (running.Count == 0) break;
                var finished = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                var outcome = await finished.ConfigureAwait(false);
                running.Remove(finished);
                states[outcome.TaskId] = outcome.State;
                if (outcome.State == RunState.Success && outcome.OutputChanged) changed.Add(outcome.TaskId);
                if (outcome.Rows is { } count) rows[outcome.TaskId] = count;
                if (outcome.State == RunState.Failed) firstError ??= $"{outcome.TaskId}: {outcome.Error}";
            }
        }
        catch (RunStoreUnavailableException lost)
        {
            await runCancellation.CancelAsync().ConfigureAwait(false);
            await DrainAsync(running.Keys).ConfigureAwait(false);
            return await FailUnrecordedAsync(dag, parameters, runId, started, states, lost).ConfigureAwait(false);
        }

        var runState = (cancellationToken.IsCancellationRequested && states.Count < dag.Tasks.Count) || states.ContainsValue(RunState.Cancelled)
            ? RunState.Cancelled
            : states.ContainsValue(RunState.Failed) || states.ContainsValue(RunState.UpstreamFailed) ? RunState.Failed
            : states.ContainsValue(RunState.Skipped) ? RunState.Skipped
            : RunState.Success;
        var error = runState switch
        {
            RunState.Cancelled => "cancelled",
            RunState.Failed => firstError ?? "an upstream task failed in an earlier try",
            _ => null,
        };
        var ended = _time.GetUtcNow();
        try
        {
            await WithStoreRetriesAsync(() => _store.FinishRunAsync(runId, runState, ended, error, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (RunStoreUnavailableException lost)
        {
            throw Unrecorded(runId, parameters, $"it ended {runState}{(error is null ? "" : ": " + error)}", lost);
        }

        return new DagRunResult(runId, dag.Name, parameters.Month, runState, started, ended, error, states) { Rows = rows, Kept = reused };
    }

    /// <summary>The run store stopped answering mid-run (the warehouse went away): the run's tasks have been cancelled; records
    /// the run as Failed with the cause when the store answers again within the retries, else throws saying it could not.</summary>
    private async Task<DagRunResult> FailUnrecordedAsync(Dag dag, RunParameters parameters, long runId, DateTimeOffset started,
        Dictionary<string, RunState> states, RunStoreUnavailableException lost)
    {
        var error = $"the warehouse became unreachable, so the run could not be recorded and was stopped: {ErrorText.Describe(lost.InnerException!)}";
        foreach (var task in dag.Tasks)
            if (!states.ContainsKey(task.Id) || states[task.Id] == RunState.Cancelled) states[task.Id] = RunState.Failed;
        var ended = _time.GetUtcNow();
        try
        {
            await WithStoreRetriesAsync(() => _store.FinishRunAsync(runId, RunState.Failed, ended, error, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (RunStoreUnavailableException again)
        {
            throw Unrecorded(runId, parameters, "it failed because the warehouse is unreachable", again);
        }

        return new DagRunResult(runId, dag.Name, parameters.Month, RunState.Failed, started, ended, error, states);
    }

    private static RunStoreUnavailableException Unrecorded(long runId, RunParameters parameters, string outcome, RunStoreUnavailableException lost) =>
        new($"Run {runId}{(parameters.Month is { } m ? $" for {m}" : "")}: {outcome}, but its history could not be updated " +
            $"({ErrorText.Describe(lost.InnerException!)}). It still shows Running; the next run, backfill or schedule marks it interrupted, " +
            $"and `rxatlas run{(parameters.Month is { } month ? $" --month {month}" : "")} --resume {runId}` continues it.", lost.InnerException!);

    /// <summary>Waits for cancelled tasks to stop (each gets <see cref="DagRunnerOptions.CancellationGrace"/>); their outcomes
    /// and any failure to record them no longer matter.</summary>
    private async Task DrainAsync(IEnumerable<Task<TaskOutcome>> tasks)
    {
        foreach (var task in tasks.ToList()) await LetUnwindAsync(task).ConfigureAwait(false);
    }

    /// <summary>Runs a run-store call, retrying a lost database connection (<see cref="TransientFailures"/>) after each of
    /// <see cref="DagRunnerOptions.StoreRetryDelays"/>. Other failures propagate as they are; a lost connection that outlasts
    /// the retries is thrown as <see cref="RunStoreUnavailableException"/>.</summary>
    private async Task<T> WithStoreRetriesAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (TransientFailures.IsTransient(e))
            {
                _options.OnConnectionLost?.Invoke(e);
                if (attempt >= _options.StoreRetryDelays.Count) throw new RunStoreUnavailableException(e.Message, e);
                _options.OnLog?.Invoke("run", $"The run store is unreachable ({ErrorText.Describe(e)}); trying again in {_options.StoreRetryDelays[attempt]}.");
                await Task.Delay(_options.StoreRetryDelays[attempt], _time, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private Task WithStoreRetriesAsync(Func<Task> call) => WithStoreRetriesAsync(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });

    /// <summary>Checks the run can be resumed, marks tries a dead process left running as interrupted, and collects the
    /// tasks that may be kept: those whose latest try succeeded, other than <see cref="TaskOptions.RerunOnResume"/> ones.</summary>
    private async Task PrepareResumeAsync(Dag dag, RunParameters parameters, long runId, HashSet<string> kept, Dictionary<string, int> firstTry)
    {
        var run = await _store.GetRunAsync(runId, CancellationToken.None).ConfigureAwait(false)
                  ?? throw new ArgumentException($"There is no run {runId} to resume.", nameof(runId));
        if (run.Dag != dag.Name) throw new ArgumentException($"Run {runId} is a run of DAG {run.Dag}, not {dag.Name}.", nameof(runId));
        if (run.Month != parameters.Month) throw new ArgumentException($"Run {runId} is for month {run.Month}, not {parameters.Month}.", nameof(runId));
        if (run.State == RunState.Running)
            throw new InvalidOperationException($"Run {runId} is still marked running. {MonthAlreadyRunningException.IfGone(runId, parameters.Month)}");

        var tries = await _store.ListTasksAsync(runId, CancellationToken.None).ConfigureAwait(false);
        foreach (var group in tries.GroupBy(t => t.TaskId, StringComparer.Ordinal))
        {
            var latest = group.MaxBy(t => t.TryNumber)!;
            if (!dag.Contains(latest.TaskId)) continue;
            firstTry[latest.TaskId] = latest.TryNumber + 1;
            if (latest.State == RunState.Success && !dag[latest.TaskId].Options.RerunOnResume) kept.Add(latest.TaskId);
            else if (latest.State is RunState.Running or RunState.Queued)
                // When the process stopped is not known: the end stays unknown rather than now (which would show as its duration).
                await SaveAsync(latest with { State = RunState.Interrupted, Error = "the process running it stopped" }).ConfigureAwait(false);
        }

        await _store.ReopenRunAsync(runId, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>UpstreamFailed if a dependency failed, Skipped if one was skipped, null if the task may still run.</summary>
    private static RunState? BlockedState(DagTask task, Dictionary<string, RunState> states)
    {
        var known = task.DependsOn.Select(d => states.GetValueOrDefault(d, RunState.Queued)).ToList();
        if (known.Any(s => s is RunState.Failed or RunState.UpstreamFailed)) return RunState.UpstreamFailed;
        if (known.Any(s => s == RunState.Skipped)) return RunState.Skipped;
        return null;
    }

    /// <summary>Runs one task: a try, and retries after the configured delay while it fails.</summary>
    private async Task<TaskOutcome> ExecuteAsync(DagTask task, int firstTry, RunExecution run)
    {
        await Task.Yield();
        for (var retry = 0; ; retry++)
        {
            var outcome = await TryOnceAsync(task, firstTry + retry, run, retry < task.Options.Retries ? task.Options.DelayBeforeRetry(retry + 1) : null)
                .ConfigureAwait(false);
            if (outcome.State != RunState.Failed || retry >= task.Options.Retries || !outcome.Retryable) return outcome;
            try
            {
                await Task.Delay(task.Options.DelayBeforeRetry(retry + 1), _time, run.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return outcome with { State = RunState.Cancelled };
            }
        }
    }

    private async Task<TaskOutcome> TryOnceAsync(DagTask task, int tryNumber, RunExecution run, TimeSpan? retryDelay)
    {
        var timeout = task.Options.Timeout;
        using var timeoutSource = timeout is { } limit ? new CancellationTokenSource(limit, _time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.CancellationToken, timeoutSource.Token);
        var context = new TaskContext(run.RunId, task.Id, tryNumber, run.Parameters, run.Items, _time, _options.OnLog, _store, linked.Token);
        var started = _time.GetUtcNow();
        await SaveAsync(new TaskInstance(run.RunId, task.Id, tryNumber, started, null, RunState.Running, null, null, [])).ConfigureAwait(false);

        RunState state;
        string? error = null;
        try
        {
            var work = Task.Run(() => task.Action(context), CancellationToken.None);
            try
            {
                await work.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!work.IsCompleted)
            {
                await LetUnwindAsync(work).ConfigureAwait(false);
                throw;
            }

            state = RunState.Success;
        }
        catch (TaskSkippedException skipped)
        {
            state = RunState.Skipped;
            context.Log($"Skipped: {skipped.Message}");
        }
        catch (OperationCanceledException) when (run.CancellationToken.IsCancellationRequested)
        {
            state = RunState.Cancelled;
            error = "cancelled";
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            state = RunState.Failed;
            error = $"timed out after {timeout}";
        }
        catch (Exception exception)
        {
            state = RunState.Failed;
            error = ErrorText.Describe(exception);
            context.Log($"{exception.GetType().Name}: {error}");
            if (task.Options.ShouldRetry is { } shouldRetry && !shouldRetry(exception)) retryDelay = null;
            // A lost connection leaves dead connections pooled; the hook clears them so the retry connects afresh.
            if (TransientFailures.IsTransient(exception)) _options.OnConnectionLost?.Invoke(exception);
        }

        if (state == RunState.Failed)
            context.Log(retryDelay is { } delay ? $"Try {tryNumber} failed; retrying in {delay}." : $"Try {tryNumber} failed; not retrying.");
        var instance = new TaskInstance(run.RunId, task.Id, tryNumber, started, _time.GetUtcNow(), state, error, context.RowsAffected, context.LogLines());
        await SaveAsync(instance).ConfigureAwait(false);
        return new TaskOutcome(task.Id, state, error, context.RowsAffected, retryDelay is not null, context.OutputChanged);
    }

    /// <summary>Gives a cancelled task up to <see cref="DagRunnerOptions.CancellationGrace"/> to observe its token and stop
    /// cleanly; one that ignores it is abandoned.</summary>
    private async Task LetUnwindAsync(Task work)
    {
        try
        {
            await work.WaitAsync(_options.CancellationGrace, _time).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the abandoned try's own outcome no longer matters: it has already been cancelled
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Saves one at a time (stores may sit on a single connection) and reports the change in the same order.</summary>
    private async Task SaveAsync(TaskInstance instance)
    {
        await _saves.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await WithStoreRetriesAsync(() => _store.SaveTaskAsync(instance, CancellationToken.None)).ConfigureAwait(false);
            _options.OnTaskChanged?.Invoke(instance);
        }
        finally
        {
            _saves.Release();
        }
    }

    private sealed record RunExecution(long RunId, RunParameters Parameters, RunItems Items, CancellationToken CancellationToken);

    private sealed record TaskOutcome(string TaskId, RunState State, string? Error, long? Rows, bool Retryable, bool OutputChanged);
}
