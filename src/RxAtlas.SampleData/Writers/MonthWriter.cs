using RxAtlas.Core;
using RxAtlas.SampleData.Generation;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Writers;

/// <summary>Base of the prescribing-file writers: formats rows through a <see cref="LineBuilder"/> and sums exactly the
/// integers it formats, so the totals are the truth of the file.</summary>
internal abstract class MonthWriter : IRowSink
{
    private Practice? _lastPractice;
    private int _lastPresentation = -1;
    private long _rows, _items, _quantity, _nic, _actual;

    protected MonthWriter(TextWriter writer, YearMonth month)
    {
        Writer = writer;
        Month = month;
    }

    protected TextWriter Writer { get; }
    protected YearMonth Month { get; }
    protected LineBuilder Line { get; } = new();

    public long Rows => _rows;
    public long DistinctKeys { get; private set; }
    public int Practices { get; private set; }
    public long UnidentifiedRows { get; private set; }
    public long NegativeRows { get; private set; }

    /// <summary>Practices that had at least one row, in file order.</summary>
    public List<Practice> PracticesWithRows { get; } = [];

    public SourceTotals Totals => new(_rows, _items, _quantity, _nic, _actual);

    public abstract void WriteHeader();

    public virtual void BeginPractice(Practice practice) { }

    public void Row(Practice practice, int presentationIndex, Presentation presentation, in RowValues values)
    {
        if (!ReferenceEquals(practice, _lastPractice))
        {
            _lastPractice = practice;
            _lastPresentation = -1;
            Practices++;
            PracticesWithRows.Add(practice);
        }
        if (presentationIndex != _lastPresentation)
        {
            _lastPresentation = presentationIndex;
            DistinctKeys++;
        }
        Line.Clear();
        var actual = Format(practice, presentationIndex, presentation, values);
        Line.WriteTo(Writer);
        _rows++;
        _items += values.Items;
        _quantity += values.TotalQuantityMilli;
        _nic += values.NicPence;
        _actual += actual;
        if (practice.IsUnidentified) UnidentifiedRows++;
        if (values.NicPence < 0) NegativeRows++;
    }

    /// <summary>Formats one row into <see cref="Line"/> (with its line ending); returns the actual cost ×1e5 as printed.</summary>
    protected abstract long Format(Practice practice, int presentationIndex, Presentation presentation, in RowValues values);
}
