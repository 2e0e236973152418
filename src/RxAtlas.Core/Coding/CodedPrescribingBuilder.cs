namespace RxAtlas.Core.Coding;

/// <summary>Collects <see cref="CodedRow"/>s into a <see cref="CodedPrescribing"/>: ids come from <see cref="Practices"/> and
/// <see cref="Bnf"/>, or rows coded elsewhere (e.g. by parallel parsers with their own ids) are added with id maps.</summary>
public sealed class CodedPrescribingBuilder
{
    private readonly List<CodedRow[]> _blocks = [];
    private CodedRow[] _current = [];
    private int _used = CodedPrescribing.BlockRows;
    private long _count;
    private bool _built;

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
        return new CodedPrescribing(Practices.Codes, Bnf.Codes, _blocks, _count);
    }

    private void ThrowIfBuilt()
    {
        if (_built) throw new InvalidOperationException("The builder has already been built.");
    }

    private void NextBlock()
    {
        _current = new CodedRow[CodedPrescribing.BlockRows];
        _blocks.Add(_current);
        _used = 0;
    }
}
