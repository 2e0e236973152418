using RxAtlas.Pipeline.Scheduling;

namespace RxAtlas.Pipeline.Tests.Scheduling;

/// <summary>2026 clock changes in Europe/London: forward at 01:00 UTC on Sunday 29 March, back at 01:00 UTC on Sunday 25 October.</summary>
public class CronScheduleTests
{
    private static readonly CronSchedule SevenAm = CronSchedule.Parse("0 7 * * *", "Europe/London");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 5, 6, 1, 5, 7)]      // winter: 07:00 GMT = 07:00 UTC
    [InlineData(3, 28, 7, 3, 29, 6)]    // Saturday after the run -> Sunday the clocks go forward: 07:00 BST = 06:00 UTC
    [InlineData(6, 1, 0, 6, 1, 6)]      // summer: 07:00 BST = 06:00 UTC
    [InlineData(10, 24, 6, 10, 25, 7)]  // Saturday after the run -> Sunday the clocks go back: 07:00 GMT = 07:00 UTC
    public void NextOccurrence_SevenAmLondon_FollowsTheLocalClock(int fromMonth, int fromDay, int fromHour, int month, int day, int hour) =>
        Assert.Equal(Utc(month, day, hour), SevenAm.NextOccurrence(Utc(fromMonth, fromDay, fromHour)));

    [Fact]
    public void NextOccurrence_TimeSkippedBySpringChange_FiresRightAfterTheGap()
    {
        var halfPastOne = CronSchedule.Parse("30 1 * * *");

        Assert.Equal(Utc(3, 29, 1), halfPastOne.NextOccurrence(Utc(3, 28, 12)));
        Assert.Equal(Utc(3, 30, 0, 30), halfPastOne.NextOccurrence(Utc(3, 29, 1)));
    }

    [Fact]
    public void NextOccurrence_TimeRepeatedByAutumnChange_FiresOnce()
    {
        var halfPastOne = CronSchedule.Parse("30 1 * * *");

        Assert.Equal(Utc(10, 25, 0, 30), halfPastOne.NextOccurrence(Utc(10, 24, 12)));
        Assert.Equal(Utc(10, 26, 1, 30), halfPastOne.NextOccurrence(Utc(10, 25, 0, 30)));
    }

    [Fact]
    public void OccurrencesBetween_ExcludesStartIncludesEnd()
    {
        var fires = SevenAm.OccurrencesBetween(Utc(3, 27, 7), Utc(3, 29, 6));

        Assert.Equal([Utc(3, 28, 7), Utc(3, 29, 6)], fires);
    }

    [Fact]
    public void Constructor_InvalidExpression_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => CronSchedule.Parse("61 7 * * *"));
}
