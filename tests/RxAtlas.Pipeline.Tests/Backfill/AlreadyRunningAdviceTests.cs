using RxAtlas.Core;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Backfill;

/// <summary>A second process finding a month's run active is told who holds it; "--interrupt" only when that process is gone.</summary>
public class AlreadyRunningAdviceTests
{
    private static readonly YearMonth November = new(2019, 11);

    private static async Task<MonthAlreadyRunningException> SecondRunAsync(RunOwner holder)
    {
        var store = new InMemoryRunStore { Owner = holder };
        await store.StartRunAsync("monthly", November, "backfill", DateTimeOffset.UnixEpoch); // the other process's run
        var runner = new MonthlyRunner(new DagBuilder("monthly").Task("load", _ => Task.CompletedTask).Build(), new DagRunner(store), store, new MonthRunGate());
        return await Assert.ThrowsAsync<MonthAlreadyRunningException>(() => runner.RunMonthAsync(November).Within());
    }

    [Fact]
    public async Task HolderAlive_NamesTheProcessAndDoesNotAdviseInterrupting()
    {
        var error = await SecondRunAsync(RunOwner.Current);

        Assert.Contains($"being run by process {Environment.ProcessId} on {Environment.MachineName}, which is alive", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--interrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HolderGone_AdvisesInterruptingAndResuming()
    {
        var error = await SecondRunAsync(new RunOwner(Environment.MachineName, 4_194_000, DateTimeOffset.UnixEpoch));

        Assert.Contains("process 4194000", error.Message, StringComparison.Ordinal);
        Assert.Contains("is gone: `rxatlas runs --interrupt 1`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HolderOnAnotherHost_SaysItCannotBeCheckedBeforeAdvisingInterrupting()
    {
        var error = await SecondRunAsync(new RunOwner("other-host.invalid", 77, null));

        Assert.Contains("process 77 on other-host.invalid, another host this process cannot check", error.Message, StringComparison.Ordinal);
        Assert.Contains("If its process is gone", error.Message, StringComparison.Ordinal);
    }
}
