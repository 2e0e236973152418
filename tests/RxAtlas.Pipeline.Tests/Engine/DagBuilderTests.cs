namespace RxAtlas.Pipeline.Tests.Engine;

public class DagBuilderTests
{
    private static Task Nothing(TaskContext _) => Task.CompletedTask;

    [Fact]
    public void Build_UnknownDependency_ThrowsNamingBothTasks()
    {
        var builder = new DagBuilder("d").Task("load", Nothing, dependsOn: ["stage"]);

        var error = Assert.Throws<DagDefinitionException>(builder.Build);

        Assert.Contains("'load'", error.Message);
        Assert.Contains("unknown task 'stage'", error.Message);
    }

    [Fact]
    public void Build_Cycle_ThrowsShowingTheCycle()
    {
        var builder = new DagBuilder("d")
            .Task("a", Nothing)
            .Task("b", Nothing, dependsOn: ["a", "d"])
            .Task("c", Nothing, dependsOn: ["b"])
            .Task("d", Nothing, dependsOn: ["c"]);

        var error = Assert.Throws<DagDefinitionException>(builder.Build);

        Assert.Contains("cycle", error.Message);
        Assert.Matches(@"(b -> d -> c -> b|c -> b -> d -> c|d -> c -> b -> d)", error.Message);
    }

    [Fact]
    public void Build_SelfDependency_IsACycle()
    {
        var builder = new DagBuilder("d").Task("a", Nothing, dependsOn: ["a"]);

        Assert.Contains("a -> a", Assert.Throws<DagDefinitionException>(builder.Build).Message);
    }

    [Fact]
    public void Task_DuplicateId_Throws()
    {
        var builder = new DagBuilder("d").Task("a", Nothing);

        Assert.Throws<DagDefinitionException>(() => builder.Task("a", Nothing));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a-b")]
    public void Task_MalformedId_Throws(string id) =>
        Assert.Throws<DagDefinitionException>(() => new DagBuilder("d").Task(id, Nothing));

    [Fact]
    public void Build_DependencyDeclaredLater_OrdersTasksTopologically()
    {
        var dag = new DagBuilder("d")
            .Task("publish", Nothing, dependsOn: ["load"])
            .Task("load", Nothing, dependsOn: ["stage"])
            .Task("stage", Nothing)
            .Build();

        Assert.Equal(["stage", "load", "publish"], dag.Tasks.Select(t => t.Id));
        Assert.Equal(["publish"], dag.Downstream("load").Select(t => t.Id));
    }
}
