namespace RxAtlas.Warehouse.Checking;

/// <summary>Where the checks read one month's fact and practice rollup from: the live tables, or — while a PostgreSQL load has
/// written its month into new tables that it attaches only once they pass — those tables. Each is a relation that a
/// <c>FROM</c> clause accepts followed by <c>WHERE month_key = …</c> (a table, or a parenthesised query with an alias).</summary>
public sealed record MonthRelations(string Fact, string PracticeRollup)
{
    /// <summary>The live tables, <c>fact_prescribing</c> and <c>rollup_practice_month</c>.</summary>
    public static MonthRelations Live { get; } = new("fact_prescribing", "rollup_practice_month");
}
