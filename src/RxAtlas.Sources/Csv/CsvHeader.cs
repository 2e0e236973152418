using RxAtlas.Core;

namespace RxAtlas.Sources.Csv;

/// <summary>A header row: column names (trimmed, compared case-insensitively) mapped to their positions.</summary>
public sealed class CsvHeader
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Captures the current record of <paramref name="csv"/> as the header.</summary>
    public CsvHeader(CsvReader csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var names = new string[csv.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = csv.GetString(i);
            if (names[i].Length > 0) _index.TryAdd(names[i], i);
        }
        Names = names;
        Line = csv.LineNumber;
    }

    /// <summary>The column names in file order (a trailing comma gives an empty last name).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The physical line of the header.</summary>
    public long Line { get; }

    public int Count => Names.Count;

    /// <summary>True when the header has a trailing comma (an empty last column).</summary>
    public bool HasTrailingEmpty => Names.Count > 0 && Names[^1].Length == 0;

    public bool Has(string name) => _index.ContainsKey(name);

    /// <summary>The position of the first of <paramref name="names"/> present, or -1.</summary>
    public int Find(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (_index.TryGetValue(name, out var i)) return i;
        }
        return -1;
    }

    /// <summary>The position of the first of <paramref name="names"/> present.</summary>
    /// <exception cref="DataFormatException">None is present.</exception>
    public int Require(string file, params ReadOnlySpan<string> names)
    {
        var i = Find(names);
        if (i >= 0) return i;
        var wanted = names.Length == 1 ? names[0] : string.Join(" or ", names.ToArray());
        throw new DataFormatException(file, Line, wanted, $"the header has no column {wanted}; found {Describe()}");
    }

    /// <summary>The header as it reads, for messages.</summary>
    public string Describe() => string.Join(",", Names);
}
