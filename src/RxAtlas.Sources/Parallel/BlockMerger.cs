using System.Runtime.ExceptionServices;
using RxAtlas.Core;
using RxAtlas.Core.Coding;

namespace RxAtlas.Sources.Parallel;

/// <summary>Merges parsed blocks, in file order, into one <see cref="CodedPrescribing"/>: global ids in first-seen file order,
/// the record of each code from its first row in the file, summed totals, one month for the file; the first failure in file
/// order is rethrown as it was raised.</summary>
internal sealed class BlockMerger : IDisposable
{
    private readonly string _file;
    private readonly string _monthField;
    private readonly YearMonth? _expectedMonth;
    private readonly CodedPrescribingBuilder _builder;
    private readonly List<PracticeRecord> _practices = [];
    private readonly List<BnfRecord> _bnf = [];
    private readonly int[][] _practiceIds;
    private readonly int[][] _bnfIds;
    private long _items, _quantity, _nic, _actualCost;

    /// <param name="file">The file's display name, for messages.</param>
    /// <param name="monthField">The month column's header name, for messages.</param>
    /// <param name="expectedMonth">When given, a first row of another month is an error.</param>
    /// <param name="workers">How many workers' local ids there are to translate.</param>
    /// <param name="rowsInMemory">Rows held in memory before the rest spill to a file.</param>
    public BlockMerger(string file, string monthField, YearMonth? expectedMonth, int workers, long rowsInMemory = CodedPrescribing.DefaultRowsInMemory)
    {
        _builder = new CodedPrescribingBuilder(rowsInMemory);
        _file = file;
        _monthField = monthField;
        _expectedMonth = expectedMonth;
        _practiceIds = new int[workers][];
        _bnfIds = new int[workers][];
        for (var i = 0; i < workers; i++) _practiceIds[i] = _bnfIds[i] = [];
    }

    /// <summary>The month of the rows merged.</summary>
    public YearMonth? Month { get; private set; }

    /// <summary>Rows merged so far.</summary>
    public long Rows => _builder.Count;

    public SourceTotals Totals => new(Rows, _items, _quantity, _nic, _actualCost);

    /// <summary>Each practice's record from its first row, in first-seen order (= global id order).</summary>
    public IReadOnlyList<PracticeRecord> Practices => _practices;

    /// <summary>Each presentation's record from its first row, in first-seen order (= global id order).</summary>
    public IReadOnlyList<BnfRecord> Bnf => _bnf;

    /// <summary>Adds the next block in file order.</summary>
    /// <exception cref="DataFormatException">The block's first row is of another month than the file's, or a row of it is bad.</exception>
    public void Add(ParseBlock block)
    {
        // The block's first row precedes any failure inside the block.
        if (block.FirstMonth is { } first) CheckMonth(first.Month, first.Line);
        if (block.Error is { } error) ExceptionDispatchInfo.Throw(error);
        var practiceIds = Translate(ref _practiceIds[block.Worker], block.NewPractices, _builder.Practices, _practices);
        var bnfIds = Translate(ref _bnfIds[block.Worker], block.NewBnf, _builder.Bnf, _bnf);
        _builder.AddRange(block.Rows.AsSpan(0, block.RowCount), practiceIds, bnfIds);
        _items += block.Items;
        _quantity += block.QuantityMilli;
        _nic += block.NicPence;
        _actualCost += block.ActualCostE5;
    }

    /// <summary>The rows merged.</summary>
    /// <exception cref="DataFormatException">There were none.</exception>
    public CodedPrescribing Build() => Rows > 0 ? _builder.Build() : throw PrescribingRowParser.NoDataRows(_file);

    /// <summary>Deletes the rows' spill file, if any, unless <see cref="Build"/> handed it on.</summary>
    public void Dispose() => _builder.Dispose();

    private void CheckMonth(YearMonth month, long line)
    {
        if (Month is { } known)
        {
            if (month != known) throw PrescribingRowParser.MixedMonths(_file, line, _monthField, month, known);
            return;
        }
        if (_expectedMonth is { } expected && month != expected) throw PrescribingRowParser.WrongMonth(_file, line, _monthField, month, expected);
        Month = month;
    }

    /// <summary>Gives the codes a block saw first global ids (new ones in the block's first-seen order, keeping their records) and
    /// returns the worker's local → global id map.</summary>
    private static int[] Translate<TRecord>(ref int[] ids, List<(int Id, string Code, TRecord Record)> seen, CodeIds global, List<TRecord> records)
    {
        foreach (var (local, code, record) in seen)
        {
            if (local >= ids.Length) Array.Resize(ref ids, Math.Max(local + 1, Math.Max(1024, 2 * ids.Length)));
            var id = global.IdOf(code);
            if (id == records.Count) records.Add(record);
            ids[local] = id;
        }
        return ids;
    }
}
