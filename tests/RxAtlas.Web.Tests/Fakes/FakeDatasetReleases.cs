using RxAtlas.Core;

namespace RxAtlas.Web.Tests.Fakes;

/// <summary>The same data as a <see cref="FakeDataset"/>, as month releases any real <c>IWarehouse</c> can load — so the
/// web tests can run unchanged against the DuckDB or PostgreSQL warehouse.</summary>
public static class FakeDatasetReleases
{
    /// <summary>One release per month, each carrying all practices, postcodes and BNF names.</summary>
    public static IReadOnlyList<IMonthRelease> Releases(this FakeDataset data)
    {
        var practices = data.Practices.Select(p =>
        {
            var region = data.Regions.FirstOrDefault(r => r.Code == p.RegionCode);
            return new PracticeRecord(p.Code, p.Name, "1 High Street", p.Postcode, p.RegionCode, region?.Name,
                p.IcbCode, p.IcbCode is null ? null : data.Icbs[p.IcbCode], p.SubIcbCode, p.SubIcbCode is null ? null : data.SubIcbs[p.SubIcbCode]);
        }).ToList();
        var postcodes = data.Practices.Where(p => p.Postcode is not null && p.Latitude is not null).Select(p =>
        {
            var region = data.Regions.FirstOrDefault(r => r.Code == p.RegionCode);
            return new PostcodeLocation(p.Postcode!, p.Latitude, p.Longitude, null, p.RegionCode, region?.Name);
        }).DistinctBy(p => p.Postcode).ToList();
        var bnf = data.Bnf.Keys.Where(k => k.Length == BnfCode.DrugLength).Select(code =>
        {
            string? Name(BnfLevel level) => data.Bnf.GetValueOrDefault(BnfCode.LevelCode(code, level));
            return new BnfRecord(code, Name(BnfLevel.Presentation), BnfCode.LevelCode(code, BnfLevel.Product), Name(BnfLevel.Product),
                BnfCode.LevelCode(code, BnfLevel.Chemical), Name(BnfLevel.Chemical), BnfCode.LevelCode(code, BnfLevel.Subparagraph), Name(BnfLevel.Subparagraph),
                BnfCode.LevelCode(code, BnfLevel.Paragraph), Name(BnfLevel.Paragraph), BnfCode.LevelCode(code, BnfLevel.Section), Name(BnfLevel.Section),
                BnfCode.LevelCode(code, BnfLevel.Chapter), Name(BnfLevel.Chapter));
        }).ToList();
        return [.. data.Months.Select(month => new Release(month,
            [.. data.Rows.Where(r => r.Month == month).Select(r => new PrescribingRow(r.Practice, r.Bnf, r.Items, r.QuantityMilli, r.NicPence, r.ActualCostE5))],
            practices, bnf, postcodes))];
    }

    private sealed class Release(
        YearMonth month, IReadOnlyList<PrescribingRow> rows, IReadOnlyCollection<PracticeRecord> practices,
        IReadOnlyCollection<BnfRecord> bnf, IReadOnlyCollection<PostcodeLocation> postcodes) : IMonthRelease
    {
        public YearMonth Month => month;
        public string Description => $"web test data {month}";
        public IEnumerable<PrescribingRow> ReadPrescribing() => rows;
        public SourceTotals Totals => rows.Aggregate(SourceTotals.Empty, (t, r) => t.Add(r));
        public IReadOnlyCollection<PracticeRecord> Practices => practices;
        public IReadOnlyCollection<BnfRecord> Bnf => bnf;
        public IReadOnlyCollection<PostcodeLocation> Postcodes => postcodes;
    }
}
