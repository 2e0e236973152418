namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>Sums fact rows, arriving in BNF order, into practice × BNF-prefix rollups at several levels, and into practice
/// totals. A level's prefix changes only when the BNF code moves past it, so each level holds one accumulator per practice
/// and emits a prefix's rows (in practice-key order) when the next prefix starts.</summary>
internal sealed class RollupAccumulator
{
    private readonly Level[] _levels;
    private readonly int[] _practiceRank;
    private readonly int[] _practiceKeyOfRank;
    private readonly Sums _totals;
    private bool _finished;

    public RollupAccumulator(IReadOnlyList<string> bnfCodes, int[] bnfRank, int[] practiceKeyOfId, int[] practiceRank, IReadOnlyList<int> levelLengths)
    {
        _practiceRank = practiceRank;
        _practiceKeyOfRank = new int[practiceRank.Length];
        for (var id = 0; id < practiceRank.Length; id++) _practiceKeyOfRank[practiceRank[id]] = practiceKeyOfId[id];
        var idOfRank = new int[bnfRank.Length];
        for (var id = 0; id < bnfRank.Length; id++) idOfRank[bnfRank[id]] = id;
        _levels = [.. levelLengths.Order().Select(length => new Level(length, bnfCodes, idOfRank, practiceRank.Length))];
        _totals = new Sums(practiceRank.Length);
    }

    /// <summary>Every level's rows, shortest prefix first; valid after <see cref="Finish"/>.</summary>
    public IEnumerable<RollupRow> Rows => _finished ? _levels.SelectMany(l => l.Rows) : throw new InvalidOperationException("Finish first.");

    public void Add(int bnfId, int practiceId, long items, long quantity, long nic, long cost)
    {
        var rank = _practiceRank[practiceId];
        foreach (var level in _levels)
        {
            var group = level.GroupOfBnfId[bnfId];
            if (group != level.Current)
            {
                level.Flush(_practiceKeyOfRank);
                level.Current = group;
            }
            level.Sums.Add(rank, items, quantity, nic, cost);
        }
        _totals.Add(rank, items, quantity, nic, cost);
    }

    /// <summary>Emits the last prefix of every level. Idempotent.</summary>
    public void Finish()
    {
        if (_finished) return;
        foreach (var level in _levels) level.Flush(_practiceKeyOfRank);
        _finished = true;
    }

    public IReadOnlyList<PracticeTotalRow> PracticeTotals()
    {
        var rows = new List<PracticeTotalRow>();
        for (var r = 0; r < _practiceKeyOfRank.Length; r++)
        {
            if (_totals.Touched[r]) rows.Add(new PracticeTotalRow(_practiceKeyOfRank[r], _totals.Items[r], _totals.Quantity[r], _totals.Nic[r], _totals.Cost[r]));
        }
        return rows;
    }

    private sealed class Level
    {
        public Level(int length, IReadOnlyList<string> bnfCodes, int[] idOfRank, int practices)
        {
            GroupOfBnfId = new int[bnfCodes.Count];
            var prefixes = new List<string>();
            foreach (var id in idOfRank)
            {
                var code = bnfCodes[id];
                var prefix = code.Length > length ? code[..length] : code;
                if (prefixes.Count == 0 || !string.Equals(prefixes[^1], prefix, StringComparison.Ordinal)) prefixes.Add(prefix);
                GroupOfBnfId[id] = prefixes.Count - 1;
            }
            Prefixes = prefixes;
            Sums = new Sums(practices);
        }

        public int[] GroupOfBnfId { get; }
        public List<string> Prefixes { get; }
        public Sums Sums { get; }
        public BlockList<RollupRow> Rows { get; } = new();
        public int Current { get; set; } = -1;

        public void Flush(int[] practiceKeyOfRank)
        {
            if (Current < 0 || Sums.TouchedCount == 0) return;
            var prefix = Prefixes[Current];
            var s = Sums;
            for (var r = 0; r < practiceKeyOfRank.Length; r++)
            {
                if (!s.Touched[r]) continue;
                Rows.Add(new RollupRow(prefix, practiceKeyOfRank[r], s.Items[r], s.Quantity[r], s.Nic[r], s.Cost[r]));
                s.Clear(r);
            }
            s.TouchedCount = 0;
        }
    }

    private sealed class Sums(int practices)
    {
        public long[] Items { get; } = new long[practices];
        public long[] Quantity { get; } = new long[practices];
        public long[] Nic { get; } = new long[practices];
        public long[] Cost { get; } = new long[practices];
        public bool[] Touched { get; } = new bool[practices];
        public int TouchedCount { get; set; }

        public void Add(int rank, long items, long quantity, long nic, long cost)
        {
            Items[rank] += items;
            Quantity[rank] += quantity;
            Nic[rank] += nic;
            Cost[rank] += cost;
            if (Touched[rank]) return;
            Touched[rank] = true;
            TouchedCount++;
        }

        public void Clear(int rank)
        {
            Items[rank] = Quantity[rank] = Nic[rank] = Cost[rank] = 0;
            Touched[rank] = false;
        }
    }
}
