namespace RxAtlas.Pipeline.Tests.Engine;

public class TaskOptionsTests
{
    [Fact]
    public void DelayBeforeRetry_Constant_IsTheSameEveryTime()
    {
        var options = TaskOptions.Airflow;

        Assert.Equal(3, options.Retries);
        Assert.All([1, 2, 3], retry => Assert.Equal(TimeSpan.FromMinutes(5), options.DelayBeforeRetry(retry)));
    }

    [Fact]
    public void DelayBeforeRetry_Exponential_DoublesUpToTheCap()
    {
        var options = new TaskOptions { RetryDelay = TimeSpan.FromMinutes(5), ExponentialBackoff = true, MaxRetryDelay = TimeSpan.FromMinutes(15) };

        Assert.Equal(TimeSpan.FromMinutes(5), options.DelayBeforeRetry(1));
        Assert.Equal(TimeSpan.FromMinutes(10), options.DelayBeforeRetry(2));
        Assert.Equal(TimeSpan.FromMinutes(15), options.DelayBeforeRetry(3));
        Assert.Equal(TimeSpan.FromMinutes(15), options.DelayBeforeRetry(40));
    }
}
