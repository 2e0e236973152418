using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace RxAtlas.Pipeline.Tests.Support;

/// <summary>A FakeTimeProvider that reports every timer created (every Task.Delay, every timeout), so a test can wait
/// until the code under test is actually waiting and then advance the clock by exactly that much.</summary>
internal sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public RecordingTimeProvider() : base(new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero)) { }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits (guarded against hangs) for the next timer the code under test creates and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        await _timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    /// <summary>Waits for the next timer and advances the clock to fire it.</summary>
    public async Task<TimeSpan> FireNextTimerAsync()
    {
        var due = await NextTimerAsync();
        Advance(due);
        return due;
    }
}
