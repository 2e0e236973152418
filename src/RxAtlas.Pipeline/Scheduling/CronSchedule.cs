using Cronos;

namespace RxAtlas.Pipeline.Scheduling;

/// <summary>A cron expression read in a time zone (e.g. <c>0 7 * * *</c> in Europe/London: 07:00 local, GMT or BST).</summary>
/// <remarks>Five fields (minute precision) or six (with seconds first). Clock changes follow Cronos: a local time skipped
/// by the spring change fires at the first instant after the gap; one repeated in autumn fires once.</remarks>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    /// <exception cref="FormatException">The expression is not valid cron.</exception>
    public CronSchedule(string expression, TimeZoneInfo timeZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        ArgumentNullException.ThrowIfNull(timeZone);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            _expression = CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new FormatException($"'{expression}' is not a valid cron expression: {e.Message}", e);
        }

        Expression = expression;
        TimeZone = timeZone;
    }

    /// <summary>Parses with a time zone id (IANA, e.g. <c>Europe/London</c>).</summary>
    /// <exception cref="TimeZoneNotFoundException">The zone is unknown.</exception>
    public static CronSchedule Parse(string expression, string timeZoneId = "Europe/London") =>
        new(expression, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));

    public string Expression { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>The first fire time strictly after <paramref name="from"/>; null if there is none.</summary>
    public DateTimeOffset? NextOccurrence(DateTimeOffset from) => _expression.GetNextOccurrence(from, TimeZone);

    /// <summary>Fire times after <paramref name="after"/> up to and including <paramref name="until"/>, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> OccurrencesBetween(DateTimeOffset after, DateTimeOffset until) =>
        [.. _expression.GetOccurrences(after, until, TimeZone, fromInclusive: false, toInclusive: true)];

    public override string ToString() => $"{Expression} ({TimeZone.Id})";
}
