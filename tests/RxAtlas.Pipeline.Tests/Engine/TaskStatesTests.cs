using RxAtlas.Core;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Engine;

public sealed class TaskStatesTests
{
    private readonly InMemoryRunStore _store = new();
    private readonly Dag _dag = new DagBuilder("d")
        .Task("acquire", _ => Task.CompletedTask)
        .Task("load", _ => throw new IOException("disk full"), dependsOn: ["acquire"])
        .Build();

    [Fact]
    public async Task OfRun_ExistingRun_GivesEachTasksLatestState()
    {
        var result = await new DagRunner(_store).RunAsync(_dag, new RunParameters(new YearMonth(2019, 11))).Within();

        var states = await TaskStates.OfRunAsync(_store, _dag, result.RunId);

        Assert.Equal(RunState.Success, states["acquire"]);
        Assert.Equal(RunState.Failed, states["load"]);
    }

    [Fact]
    public async Task OfRun_NoSuchRun_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TaskStates.OfRunAsync(_store, _dag, 99));

        Assert.StartsWith("There is no run 99.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfRun_RunOfAnotherDag_Throws()
    {
        var other = await _store.StartRunAsync("other", null, "manual", DateTimeOffset.UnixEpoch);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TaskStates.OfRunAsync(_store, _dag, other));

        Assert.StartsWith($"Run {other} is a run of DAG other, not d.", error.Message, StringComparison.Ordinal);
    }
}
