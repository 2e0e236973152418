using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Rendering;

public class DagRendererTests
{
    private static readonly Dag Small = new DagBuilder("small")
        .Task("acquire", _ => Task.CompletedTask)
        .Task("stage_a", _ => Task.CompletedTask, dependsOn: ["acquire"])
        .Task("stage_b", _ => Task.CompletedTask, dependsOn: ["acquire"])
        .Task("load", _ => Task.CompletedTask, dependsOn: ["stage_a", "stage_b"])
        .Task("lonely", _ => Task.CompletedTask)
        .Build();

    [Fact]
    public void Mermaid_DrawsOneEdgePerDependency()
    {
        Assert.Equal(
            """
            graph TD
                acquire --> stage_a
                acquire --> stage_b
                stage_a --> load
                stage_b --> load
                lonely

            """.ReplaceLineEndings("\n"),
            DagRenderer.Mermaid(Small));
    }

    [Fact]
    public void Mermaid_WithStates_ClassesEachTaskByState()
    {
        var mermaid = DagRenderer.Mermaid(Small, new Dictionary<string, RunState> { ["acquire"] = RunState.Success, ["load"] = RunState.UpstreamFailed });

        Assert.Contains("    classDef success ", mermaid);
        Assert.Contains("    class acquire success\n", mermaid);
        Assert.Contains("    class load upstreamfailed\n", mermaid);
        Assert.DoesNotContain("class stage_a", mermaid);
    }

    [Fact]
    public void Text_IndentsByDepthAndNamesDependencies()
    {
        Assert.Equal(
            """
            small
              acquire
                stage_a  <- acquire
                stage_b  <- acquire
                  load   <- stage_a, stage_b
              lonely

            """.ReplaceLineEndings("\n"),
            DagRenderer.Text(Small));
    }

    [Fact]
    public void Text_WithLatestStatesOfARun_ShowsEachTasksState()
    {
        var at = DateTimeOffset.UnixEpoch;
        var states = TaskStates.Latest(
        [
            new TaskInstance(1, "acquire", 1, at, at, RunState.Success, null, null, []),
            new TaskInstance(1, "stage_a", 1, at, at, RunState.Failed, "x", null, []),
            new TaskInstance(1, "stage_a", 2, at, at, RunState.Success, null, null, []),
            new TaskInstance(1, "stage_b", 1, at, at, RunState.Failed, "x", null, []),
            new TaskInstance(1, "load", 1, at, at, RunState.UpstreamFailed, null, null, []),
        ]);

        var text = DagRenderer.Text(Small, states);

        Assert.Contains("    stage_a  [Success]         <- acquire\n", text);
        Assert.Contains("    stage_b  [Failed]          <- acquire\n", text);
        Assert.Contains("      load   [UpstreamFailed]  <- stage_a, stage_b\n", text);
        Assert.Contains("  lonely     [not run]\n", text);
    }

    [Fact]
    public void Mermaid_PrescribingDag_HasTheMonthlyFlow()
    {
        var dag = PrescribingDag.Build(new PrescribingDagSettings(new FakeWarehouse(), new Lake(Path.GetTempPath())));

        var mermaid = DagRenderer.Mermaid(dag);

        Assert.StartsWith("graph TD\n    acquire --> stage_prescribing\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("    stage_postcodes --> load\n", mermaid);
        Assert.Contains("    load --> geocode\n", mermaid);
        Assert.Contains("    load --> load_list_sizes\n", mermaid);
        Assert.Contains("    geocode --> check\n", mermaid);
        Assert.Contains("    load_list_sizes --> check\n", mermaid);
        Assert.Contains("    check --> publish\n", mermaid);
    }
}
