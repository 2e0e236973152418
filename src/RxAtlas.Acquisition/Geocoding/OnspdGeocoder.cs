using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using RxAtlas.Core;

namespace RxAtlas.Acquisition.Geocoding;

/// <summary>Geocodes offline from the ONS Postcode Directory: a CSV, or the release zip (its <c>Data/ONSPD_*_UK.csv</c>).
/// Columns are found by name, whatever the release calls them (<c>pcds</c>, <c>lat</c>, <c>long</c>, <c>rgn</c>/<c>rgn25cd</c>,
/// <c>icb</c>/<c>icb23cd</c>, <c>sicbl</c>/<c>sicbl24cd</c>, <c>oscty</c>/<c>cty25cd</c>); the file is streamed and only the
/// requested postcodes are kept.</summary>
/// <remarks>Codes are ONS codes (E12 region, E54 ICB, E38 sub-ICB); pseudo codes such as <c>W99999999</c> and the
/// no-grid-reference marker (latitude <c>99.999999</c>) become null.</remarks>
public sealed partial class OnspdGeocoder(string path) : IGeocoder
{
    private const double NoLocationLatitude = 99.999999;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public Task<IReadOnlyList<PostcodeLocation>> GeocodeAsync(IReadOnlyCollection<string> postcodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postcodes);
        var wanted = GeocodeResults.Distinct(postcodes);
        var answers = wanted.Count == 0 ? [] : Scan(wanted, cancellationToken);
        return Task.FromResult(GeocodeResults.Assemble(postcodes, answers));
    }

    private Dictionary<string, PostcodeLocation> Scan(Dictionary<string, string> wanted, CancellationToken cancellationToken)
    {
        var (reader, name) = CsvLine.Open(Path, PickEntry);
        using (reader)
        {
            var headerLine = reader.ReadLine() ?? throw new DataFormatException(name, 1, null, "the file is empty; expected an ONSPD header row.");
            var columns = Columns.Find(CsvLine.Split(headerLine.TrimStart('\uFEFF')), name);
            var answers = new Dictionary<string, PostcodeLocation>(StringComparer.Ordinal);
            long lineNumber = 1;
            string? line;
            while ((line = reader.ReadLine()) is not null && answers.Count < wanted.Count)
            {
                lineNumber++;
                if ((lineNumber & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                var key = PostcodeKeyOf(line, columns.Postcode);
                if (key is null || !wanted.TryGetValue(key, out var display) || answers.ContainsKey(key)) continue;
                var fields = CsvLine.Split(line);
                var latitude = Coordinate(fields, columns.Latitude, name, lineNumber, "lat");
                var longitude = Coordinate(fields, columns.Longitude, name, lineNumber, "long");
                if (latitude is NoLocationLatitude) latitude = longitude = null;
                answers[key] = new PostcodeLocation(
                    display,
                    latitude,
                    longitude,
                    RegionCode: Code(fields, columns.Region),
                    IcbCode: Code(fields, columns.Icb),
                    SubIcbCode: Code(fields, columns.SubIcb),
                    County: Code(fields, columns.County));
            }
            return answers;
        }
    }

    /// <summary>The postcode key of a line without splitting all of it (the postcode column is near the start).</summary>
    private static string? PostcodeKeyOf(string line, int column)
    {
        var start = 0;
        for (var i = 0; i < column; i++)
        {
            start = line.IndexOf(',', start);
            if (start < 0) return null;
            start++;
        }
        var end = line.IndexOf(',', start);
        var raw = (end < 0 ? line.AsSpan(start) : line.AsSpan(start, end - start)).Trim().Trim('"');
        return Postcode.Key(raw.ToString());
    }

    private static double? Coordinate(List<string> fields, int column, string file, long line, string field)
    {
        var text = column < fields.Count ? fields[column] : "";
        if (text.Length == 0) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DataFormatException(file, line, field, $"'{text}' is not a coordinate.");
    }

    private static string? Code(List<string> fields, int? column) =>
        column is { } c && c < fields.Count && fields[c] is { Length: > 0 } v && !v.EndsWith("99999999", StringComparison.Ordinal) ? v : null;

    private static ZipArchiveEntry? PickEntry(IReadOnlyList<ZipArchiveEntry> csvs) =>
        csvs.FirstOrDefault(e => UkFile().IsMatch(e.FullName))
        ?? csvs.Where(e => !e.FullName.Contains("multi_csv", StringComparison.OrdinalIgnoreCase)).MaxBy(e => e.Length);

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
