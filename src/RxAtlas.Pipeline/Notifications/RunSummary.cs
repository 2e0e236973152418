using RxAtlas.Core;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Notifications;

/// <summary>What a notification says about a run.</summary>
/// <param name="RunId">Null when the run could not even start (e.g. another run for the month was active).</param>
public sealed record RunSummary(
    string Dag,
    long? RunId,
    YearMonth? Month,
    RunState State,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    string? Error,
    IReadOnlyDictionary<string, RunState> Tasks,
    string Trigger)
{
    public static RunSummary From(DagRunResult result, string trigger)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Dag, result.RunId, result.Month, result.State, result.Started, result.Ended, result.Error, result.Tasks, trigger);
    }

    /// <summary>A one-line headline, e.g. <c>prescribing_monthly 2019-11: Failed (run 12) — load: …</c>.</summary>
    public string Headline =>
        $"{Dag}{(Month is { } m ? " " + m : "")}: {State}{(RunId is { } id ? $" (run {id})" : "")}{(Error is null ? "" : " — " + Error)}";
}
