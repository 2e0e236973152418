namespace RxAtlas.Core.Coding;

/// <summary>Collects <see cref="CodedRow"/>s into a <see cref="CodedPrescribing"/>: ids come from <see cref="Practices"/> and
/// <see cref="Bnf"/>, or rows coded elsewhere (e.g. by parallel parsers with their own ids) are added with id maps. Past
/// <c>rowsInMemory</c> rows every block goes to a temporary file instead, so memory stays bounded whatever the file size.</summary>
/// <remarks>Dispose a builder that is abandoned (e.g. on a parse error) to delete its spill file at once; after
/// <see cref="Build"/> the file belongs to the result.</remarks>
public sealed class CodedPrescribingBuilder : IDisposable
{
    private readonly List<CodedRow[]> _blocks = [];
    private readonly long _rowsInMemory;
    private CodedRow[] _current = [];
    private int _used = CodedPrescribing.BlockRows;
    private long _count;
    private RowSpill? _spill;
    private bool _built;

    /// <param name="rowsInMemory">Rows held in memory before the builder spills to a temporary file.</param>
    public CodedPrescribingBuilder(long rowsInMemory = CodedPrescribing.DefaultRowsInMemory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsInMemory, 1);
        _rowsInMemory = rowsInMemory;
    }

    /// <summary>The practice codes' ids.</summary>
    public CodeIds Practices { get; } = new();

    /// <summary>The BNF codes' ids.</summary>
    public CodeIds Bnf { get; } = new();

    /// <summary>Rows added so far.</summary>
    public long Count => _count;

    /// <summary>Adds one row whose ids come from <see cref="Practices"/> and <see cref="Bnf"/>.</summary>
    public void Add(in CodedRow row)
    {
        ThrowIfBuilt();
        if (_used == CodedPrescribing.BlockRows) NextBlock();
        _current[_used++] = row;
        _count++;
    }

    /// <summary>Adds rows coded with other ids, translating each through <paramref name="practiceIds"/> and <paramref name="bnfIds"/>
    /// (indexed by the rows' own ids, giving ids of <see cref="Practices"/> and <see cref="Bnf"/>).</summary>
    public void AddRange(ReadOnlySpan<CodedRow> rows, ReadOnlySpan<int> practiceIds, ReadOnlySpan<int> bnfIds)
    {
        ThrowIfBuilt();
        var i = 0;
        while (i < rows.Length)
        {
            if (_used == CodedPrescribing.BlockRows) NextBlock();
            var take = Math.Min(rows.Length - i, CodedPrescribing.BlockRows - _used);
            var target = _current.AsSpan(_used, take);
            var source = rows.Slice(i, take);
            for (var j = 0; j < take; j++)
            {
                ref readonly var row = ref source[j];
                target[j] = row with { PracticeId = practiceIds[row.PracticeId], BnfId = bnfIds[row.BnfId] };
            }
            _used += take;
            _count += take;
            i += take;
        }
    }

    /// <summary>The rows added, in order. The builder cannot be used afterwards.</summary>
    public CodedPrescribing Build()
    {
        ThrowIfBuilt();
        _built = true;
        if (_spill is null) return new CodedPrescribing(Practices.Codes, Bnf.Codes, _blocks, null, _count, _rowsInMemory);
        if (_used > 0) _spill.Write(_current.AsSpan(0, _used));
        return new CodedPrescribing(Practices.Codes, Bnf.Codes, [], _spill, _count, _rowsInMemory);
    }

    /// <summary>Deletes the spill file unless <see cref="Build"/> handed it on.</summary>
    public void Dispose()
    {
        if (!_built) _spill?.Dispose();
    }

    private void ThrowIfBuilt()
    {
        if (_built) throw new InvalidOperationException("The builder has already been built.");
    }

    /// <summary>Called when the current block is full (or none exists yet).</summary>
    private void NextBlock()
    {
        if (_spill is not null)
        {
            _spill.Write(_current);
            _used = 0;
            return;
        }
        if (_blocks.Count > 0 && (long)_blocks.Count * CodedPrescribing.BlockRows >= _rowsInMemory)
        {
            // Over budget: everything so far goes to the file, and the last block becomes the one reused buffer.
            _spill = new RowSpill();
            foreach (var block in _blocks) _spill.Write(block);
            _current = _blocks[^1];
            _blocks.Clear();
            _used = 0;
            return;
        }
        _current = new CodedRow[CodedPrescribing.BlockRows];
        _blocks.Add(_current);
        _used = 0;
    }
}
