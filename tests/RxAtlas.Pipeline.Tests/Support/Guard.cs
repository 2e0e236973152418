namespace RxAtlas.Pipeline.Tests.Support;

internal static class Guard
{
    /// <summary>Awaits with a generous real-time guard so a deadlock fails the test instead of hanging it (not a timing assertion).</summary>
    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(20));

    public static Task Within(this Task task) => task.WaitAsync(TimeSpan.FromSeconds(20));
}
