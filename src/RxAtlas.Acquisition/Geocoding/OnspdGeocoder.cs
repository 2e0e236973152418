using System.Globalization;
using System.Text.RegularExpressions;
using RxAtlas.Core;
using RxAtlas.Sources;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Acquisition.Geocoding;

/// <summary>Geocodes offline from the ONS Postcode Directory: a CSV, or the release zip (its <c>Data/ONSPD_*_UK.csv</c>).
/// Columns are found by name, whatever the release calls them (<c>pcds</c>, <c>lat</c>, <c>long</c>, <c>rgn</c>/<c>rgn25cd</c>,
/// <c>icb</c>/<c>icb23cd</c>, <c>sicbl</c>/<c>sicbl24cd</c>, <c>oscty</c>/<c>cty25cd</c>); the file is streamed and only the
/// requested postcodes are kept.</summary>
/// <remarks>Codes are ONS codes (E12 region, E54 ICB, E38 sub-ICB); pseudo codes such as <c>W99999999</c> and the
/// no-grid-reference marker (latitude <c>99.999999</c>) become null.</remarks>
public sealed partial class OnspdGeocoder : IGeocoder
{
    private const double NoLocationLatitude = 99.999999;

    /// <param name="path">The ONSPD CSV or release zip, or <c>release.zip!entry.csv</c>; the file must exist, so a wrong path
    /// fails here, before any pipeline run starts, rather than when the first postcode is looked up.</param>
    /// <exception cref="FileNotFoundException">The file (the zip, for <c>release.zip!entry.csv</c>) does not exist.</exception>
    public OnspdGeocoder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var bang = Path.IndexOf(".zip!", StringComparison.OrdinalIgnoreCase);
        var file = bang >= 0 ? Path[..(bang + ".zip".Length)] : Path;
        if (!File.Exists(file)) throw new FileNotFoundException($"The ONSPD file {file} does not exist.", file);
    }

    public string Path { get; }

    public Task<IReadOnlyList<PostcodeLocation>> GeocodeAsync(IReadOnlyCollection<string> postcodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postcodes);
        var wanted = GeocodeResults.Distinct(postcodes);
        var answers = wanted.Count == 0 ? [] : Scan(wanted, cancellationToken);
        return Task.FromResult(GeocodeResults.Assemble(postcodes, answers));
    }

    private Dictionary<string, PostcodeLocation> Scan(Dictionary<string, string> wanted, CancellationToken cancellationToken)
    {
        var source = PickSource(SourceFile.Expand(Path));
        using var csv = source.OpenCsv();
        if (!csv.Read()) throw new DataFormatException(source.DisplayName, 1, null, "the file is empty; expected an ONSPD header row.");
        var columns = Columns.Find([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)], source.DisplayName);
        var answers = new Dictionary<string, PostcodeLocation>(StringComparer.Ordinal);
        while (answers.Count < wanted.Count && csv.Read())
        {
            if ((csv.LineNumber & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (columns.Postcode >= csv.FieldCount) continue;
            var key = Postcode.Key(csv.GetString(columns.Postcode));
            if (key is null || !wanted.TryGetValue(key, out var display) || answers.ContainsKey(key)) continue;
            var latitude = Coordinate(csv, columns.Latitude, "lat");
            var longitude = Coordinate(csv, columns.Longitude, "long");
            if (latitude is NoLocationLatitude) latitude = longitude = null;
            answers[key] = new PostcodeLocation(
                display,
                latitude,
                longitude,
                RegionCode: Code(csv, columns.Region),
                IcbCode: Code(csv, columns.Icb),
                SubIcbCode: Code(csv, columns.SubIcb),
                County: Code(csv, columns.County));
        }
        return answers;
    }

    private static double? Coordinate(CsvReader csv, int column, string field)
    {
        var text = column < csv.FieldCount ? csv[column] : [];
        if (text.IsEmpty) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DataFormatException(csv.Name, csv.LineNumber, field, $"'{text.ToString()}' is not a coordinate.");
    }

    private static string? Code(CsvReader csv, int? column) =>
        column is { } c && c < csv.FieldCount && csv.GetStringOrNull(c) is { Length: > 0 } v && !v.EndsWith("99999999", StringComparison.Ordinal) ? v : null;

    /// <summary>The whole-UK file of a release zip (<c>Data/ONSPD_*_UK.csv</c>), never a per-area <c>multi_csv</c> part.</summary>
    private static SourceFile PickSource(IReadOnlyList<SourceFile> files) =>
        files.FirstOrDefault(f => f.Entry is { } e && UkFile().IsMatch(e))
        ?? files.FirstOrDefault(f => f.Entry is null || !f.Entry.Contains("multi_csv", StringComparison.OrdinalIgnoreCase))
        ?? files[0];

    [GeneratedRegex(@"(^|/)ONSPD_[^/]*_UK\.csv$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UkFile();

    /// <summary>Where the needed columns are in this release's header.</summary>
    private sealed record Columns(int Postcode, int Latitude, int Longitude, int? Region, int? Icb, int? SubIcb, int? County)
    {
        public static Columns Find(List<string> header, string file)
        {
            var names = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
            int? Exact(params string[] candidates)
            {
                foreach (var c in candidates)
                {
                    var i = names.IndexOf(c);
                    if (i >= 0) return i;
                }
                return null;
            }
            int? Stem(string stem)
            {
                var pattern = new Regex("^" + stem + @"(\d{2})?(cd)?$", RegexOptions.CultureInvariant);
                var i = names.FindIndex(pattern.IsMatch);
                return i >= 0 ? i : null;
            }
            int Required(int? index, string what) => index ?? throw new DataFormatException(file, 1, what, $"no {what} column in the ONSPD header.");
            return new Columns(
                Required(Exact("pcds", "pcd", "pcd7", "pcd8", "pcd2"), "pcds"),
                Required(Exact("lat"), "lat"),
                Required(Exact("long"), "long"),
                Stem("rgn"),
                Stem("icb"),
                Stem("sicbl") ?? Stem("ccg"),
                Stem("oscty") ?? Stem("cty"));
        }
    }
}
