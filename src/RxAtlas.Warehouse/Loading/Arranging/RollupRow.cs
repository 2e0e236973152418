namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>One row of <c>rollup_bnf_practice_month</c> for the month being loaded: a practice's sums over every
/// presentation whose code starts with <see cref="Prefix"/> (a BNF chapter, section or paragraph code).</summary>
public readonly record struct RollupRow(string Prefix, int PracticeKey, long Items, long QuantityMilli, long NicPence, long ActualCostE5)
{
    public int LevelLength => Prefix.Length;
}

/// <summary>One row of <c>rollup_practice_month</c>: a practice's sums over the whole month.</summary>
public readonly record struct PracticeTotalRow(int PracticeKey, long Items, long QuantityMilli, long NicPence, long ActualCostE5);
