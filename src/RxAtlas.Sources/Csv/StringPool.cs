namespace RxAtlas.Sources.Csv;

/// <summary>Interns repeated field values (practice codes, BNF codes, names) so ten million rows share a few thousand strings.</summary>
/// <remarks>Looks spans up without allocating (<see cref="Dictionary{TKey,TValue}.GetAlternateLookup{TAlternateKey}"/>).
/// Once <paramref name="capacity"/> distinct values are held it stops adding, so memory stays bounded on pathological input.</remarks>
public sealed class StringPool(int capacity = 1 << 20)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly int _capacity = capacity;

    /// <summary>Number of distinct strings held.</summary>
    public int Count => _strings.Count;

    /// <summary>The pooled string equal to <paramref name="value"/>, added on first sight.</summary>
    public string Get(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return "";
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var existing)) return existing;
        var created = value.ToString();
        if (_strings.Count < _capacity) _strings.Add(created, created);
        return created;
    }

    /// <summary>Like <see cref="Get"/> but null for an empty value.</summary>
    public string? GetOrNull(ReadOnlySpan<char> value) => value.IsEmpty ? null : Get(value);
}
