namespace RxAtlas.Core.Coding;

/// <summary>Dense ids (0, 1, 2, … in first-seen order) for the code strings of one load, so a month's rows can be held and
/// arranged as integers (<see cref="CodedPrescribing"/>); the id → code table is <see cref="Codes"/>.</summary>
/// <remarks>Readers pool codes (the same code is the same string instance), so the usual lookup is by reference: the previous
/// code, then a reference-keyed dictionary. An instance not seen yet falls back to an ordinal lookup, so equal codes always get
/// the same id even from a reader that does not pool; the reference dictionary then stops growing once it holds a few times
/// more instances than there are codes, keeping memory bounded by the number of distinct codes.</remarks>
public sealed class CodeIds
{
    private readonly Dictionary<string, int> _byValue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byReference = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _codes = [];
    private string? _last;
    private int _lastId;

    /// <summary>Every code seen, indexed by its id.</summary>
    public IReadOnlyList<string> Codes => _codes;

    /// <summary>The id of <paramref name="code"/>, allocating the next one for a code not seen before.</summary>
    /// <exception cref="ArgumentNullException">A null code (staging never holds one).</exception>
    public int IdOf(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (ReferenceEquals(code, _last)) return _lastId;
        if (!_byReference.TryGetValue(code, out var id))
        {
            if (!_byValue.TryGetValue(code, out id))
            {
                id = _codes.Count;
                _codes.Add(code);
                _byValue.Add(code, id);
            }
            if (_byReference.Count < 4 * _codes.Count + 1024) _byReference.Add(code, id);
        }
        _last = code;
        _lastId = id;
        return id;
    }
}
