using System.Text.Json;
using RxAtlas.Core;

namespace RxAtlas.SampleData;

/// <summary><c>manifest.json</c> read back: what a generated folder holds and its exact truth, for checks and benchmarks that
/// only have the folder.</summary>
public sealed record SampleManifest(int Seed, long RowsPerMonth, IReadOnlyList<SampleManifestMonth> Months)
{
    /// <summary>Reads a manifest written by <see cref="SampleGenerator.Generate"/>.</summary>
    /// <exception cref="DataFormatException">The file is not a generator manifest.</exception>
    public static SampleManifest Read(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            var months = root.GetProperty("months").EnumerateArray().Select(m => new SampleManifestMonth(
                YearMonth.Parse(m.GetProperty("month").GetString()!),
                Enum.Parse<SampleFormat>(m.GetProperty("format").GetString()!),
                m.GetProperty("prescribing_file").GetString()!,
                m.GetProperty("address_file").ValueKind == JsonValueKind.Null ? null : m.GetProperty("address_file").GetString(),
                new SourceTotals(m.GetProperty("rows").GetInt64(), m.GetProperty("items").GetInt64(), m.GetProperty("quantity_milli").GetInt64(),
                    m.GetProperty("nic_pence").GetInt64(), m.GetProperty("actual_cost_e5").GetInt64()),
                m.GetProperty("distinct_keys").GetInt64(),
                m.GetProperty("practices").GetInt32())
            {
                ListSizeFile = m.TryGetProperty("list_size_file", out var file) && file.ValueKind == JsonValueKind.String ? file.GetString() : null,
                ListSizePractices = m.TryGetProperty("list_size_practices", out var practices) ? practices.GetInt32() : 0,
                ListSizePatients = m.TryGetProperty("list_size_patients", out var patients) ? patients.GetInt64() : 0,
            }).ToList();
            return new SampleManifest(root.GetProperty("seed").GetInt32(), root.GetProperty("rows_per_month").GetInt64(), months);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new DataFormatException(path, 1, null, "expected a RxAtlas sample-data manifest.json: " + e.Message);
        }
    }
}

/// <summary>One month of a <see cref="SampleManifest"/>; file names are relative to the manifest's folder.</summary>
public sealed record SampleManifestMonth(
    YearMonth Month,
    SampleFormat Format,
    string PrescribingFile,
    string? AddressFile,
    SourceTotals Totals,
    long DistinctKeys,
    int Practices)
{
    /// <summary>The month's list-size file relative to the manifest's folder (<c>listsize/YYYY-MM/gp-reg-pat-prac-all.csv</c>), if written.</summary>
    public string? ListSizeFile { get; init; }

    /// <summary>Practices with a list size in the month.</summary>
    public int ListSizePractices { get; init; }

    /// <summary>Patients summed over those practices.</summary>
    public long ListSizePatients { get; init; }
}
