using RxAtlas.Core;
using RxAtlas.Core.Coding;
using RxAtlas.Sources.Parallel;

namespace RxAtlas.Sources;

/// <summary>One month's prescribing file with that month's ADDR (and CHEM SUBS) files, as an <see cref="IMonthRelease"/>.</summary>
/// <remarks><see cref="Practices"/> merges the ADDR practices with those seen in the prescribing rows (EPD rows carry
/// names, addresses and the hierarchy; a value from one source fills a gap in the other). <see cref="Bnf"/> holds the
/// names seen in the prescribing file, with PDPI chemical names from CHEM SUBS when that file came with the month.</remarks>
public sealed class MonthRelease : IMonthRelease
{
    private SourceTotals? _totals;
    private IReadOnlyCollection<PracticeRecord>? _practices;
    private IReadOnlyCollection<BnfRecord>? _bnf;
    private string? _dataset;

    public MonthRelease(YearMonth month, SourceFile prescribing, SourceFile? addresses = null, SourceFile? chemicals = null)
    {
        ArgumentNullException.ThrowIfNull(prescribing);
        Month = month;
        Prescribing = prescribing;
        Addresses = addresses;
        Chemicals = chemicals;
    }

    public YearMonth Month { get; }

    public SourceFile Prescribing { get; }

    public SourceFile? Addresses { get; }

    public SourceFile? Chemicals { get; }

    /// <summary>Rows <see cref="ReadCoded"/> holds in memory before spilling the rest to a temporary file.</summary>
    public long RowsInMemory { get; init; } = CodedPrescribing.DefaultRowsInMemory;

    public string Description => string.Join(" + ", new[] { Prescribing, Addresses, Chemicals }.OfType<SourceFile>().Select(f => f.DisplayName));

    /// <summary><c>PDPI</c> or <c>EPD</c>, from the prescribing file's header.</summary>
    public string Dataset => _dataset ?? throw NotRead();

    public SourceTotals Totals => _totals ?? throw NotRead();

    public IReadOnlyCollection<PracticeRecord> Practices => _practices ?? throw NotRead();

    public IReadOnlyCollection<BnfRecord> Bnf => _bnf ?? throw NotRead();

    public IReadOnlyCollection<PostcodeLocation> Postcodes => [];

    /// <summary>Streams the month's rows; rows for another month than the release's are an error.</summary>
    public IEnumerable<PrescribingRow> ReadPrescribing()
    {
        var (addresses, chemicals) = StartRead();
        var reader = new PrescribingReader(Prescribing, Month);
        foreach (var row in reader.Read()) yield return row;
        Complete(reader.Totals, reader.Practices, reader.Bnf, addresses, chemicals);
        _dataset = DatasetOf(reader.Layout);
    }

    /// <summary>Reads the month's rows on every core (<see cref="ParallelPrescribingReader"/>), with the same results and errors as
    /// <see cref="ReadPrescribing"/>; rows for another month than the release's are an error.</summary>
    public CodedPrescribing ReadCoded(IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default)
    {
        var (addresses, chemicals) = StartRead();
        var reader = new ParallelPrescribingReader(Prescribing, Month) { RowsInMemory = RowsInMemory };
        var coded = reader.Read(rowsRead, cancellationToken);
        Complete(reader.Totals, reader.Practices, reader.Bnf, addresses, chemicals);
        _dataset = DatasetOf(reader.Layout);
        return coded;
    }

    public override string ToString() => $"{Month}: {Description}";

    private static List<PracticeRecord> MergePractices(IReadOnlyCollection<PracticeRecord> seen, List<PracticeRecord> addresses)
    {
        var merged = seen.ToDictionary(p => p.PracticeCode, StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            merged[address.PracticeCode] = merged.TryGetValue(address.PracticeCode, out var known) ? known.FilledFrom(address) : address;
        }
        return [.. merged.Values];
    }


    private Dictionary<string, string> ReadChemicalNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Chemicals is null) return names;
        foreach (var chemical in ChemicalSubstanceReader.Read(Chemicals)) names.TryAdd(chemical.Code, chemical.Name);
        return names;
    }

    private static IReadOnlyCollection<BnfRecord> AddChemicalNames(IReadOnlyCollection<BnfRecord> seen, Dictionary<string, string> names)
    {
        if (names.Count == 0) return [.. seen];
        return [.. seen.Select(b =>
            b.ChemicalCode is null && b.PresentationCode.Length == BnfCode.DrugLength
                && names.TryGetValue(b.PresentationCode[..(int)BnfLevel.Chemical], out var name)
                ? b with { ChemicalCode = b.PresentationCode[..(int)BnfLevel.Chemical], Chemical = name }
                : b)];
    }

    /// <summary>Forgets any earlier read and reads the small companion files, so that a bad one fails before any fact row is read.</summary>
    private (List<PracticeRecord> Addresses, Dictionary<string, string> Chemicals) StartRead()
    {
        _totals = null;
        _practices = null;
        _bnf = null;
        _dataset = null;
        var addresses = Addresses is null ? [] : new AddressReader(Addresses, Month).Read().ToList();
        return (addresses, ReadChemicalNames());
    }

    private void Complete(SourceTotals totals, IReadOnlyCollection<PracticeRecord> practices, IReadOnlyCollection<BnfRecord> bnf,
        List<PracticeRecord> addresses, Dictionary<string, string> chemicals)
    {
        _practices = MergePractices(practices, addresses);
        _bnf = AddChemicalNames(bnf, chemicals);
        _totals = totals;
    }

    private static string DatasetOf(PrescribingLayout? layout) => layout switch
    {
        PrescribingLayout.PdpiPadded or PrescribingLayout.PdpiClean => "PDPI",
        null => throw new InvalidOperationException("The prescribing file was read without its layout being known."),
        _ => "EPD",
    };

    private static InvalidOperationException NotRead() =>
        new("Enumerate ReadPrescribing() to the end (or call ReadCoded) first: totals, practices and BNF names are known only after the whole file is read.");
}
