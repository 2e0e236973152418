using System.Text.Json;

namespace RxAtlas.SampleData.Writers;

/// <summary>Writes <c>manifest.json</c>: the generator's settings, the reference file names and, per month, the file names,
/// row and key counts and exact totals as integers at Core.Scale — the independent truth other tests check loads against.</summary>
internal static class ManifestWriter
{
    public const string FileName = "manifest.json";

    public static void Write(Stream stream, GeneratorOptions options, GeneratedDataset dataset)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("generator", "RxAtlas.SampleData");
        json.WriteNumber("seed", options.Seed);
        json.WriteNumber("rows_per_month", options.RowsPerMonth);
        json.WriteString("format", options.Format.ToString());
        json.WriteString("compression", options.Compression.ToString());
        json.WriteNumber("practices", dataset.PracticeCount);
        json.WriteNumber("presentations", dataset.PresentationCount);
        json.WriteStartObject("scale");
        json.WriteNumber("nic_digits", Core.Scale.NicDigits);
        json.WriteNumber("actual_cost_digits", Core.Scale.ActualCostDigits);
        json.WriteNumber("quantity_digits", Core.Scale.QuantityDigits);
        json.WriteEndObject();
        json.WriteStartObject("reference");
        json.WriteString("bnf_codes", Path.GetFileName(dataset.BnfCodeFile));
        json.WriteString("postcode_lookup", Path.GetFileName(dataset.PostcodeLookupFile));
        json.WriteString("epraccur", Path.GetFileName(dataset.EpraccurFile));
        json.WriteString("postcodes_io", Path.GetFileName(dataset.PostcodesIoFile));
        json.WriteEndObject();
        json.WriteStartArray("months");
        foreach (var m in dataset.Months)
        {
            json.WriteStartObject();
            json.WriteString("month", m.Month.ToString());
            json.WriteNumber("period", m.Month.Key);
            json.WriteString("format", m.Format.ToString());
            json.WriteString("prescribing_file", Path.GetFileName(m.PrescribingFile));
            if (m.AddressFile is null) json.WriteNull("address_file"); else json.WriteString("address_file", Path.GetFileName(m.AddressFile));
            json.WriteNumber("rows", m.Totals.Rows);
            json.WriteNumber("distinct_keys", m.DistinctKeys);
            json.WriteNumber("practices", m.Practices);
            json.WriteNumber("address_rows", m.AddressRows);
            json.WriteNumber("unidentified_rows", m.UnidentifiedRows);
            json.WriteNumber("negative_rows", m.NegativeRows);
            json.WriteNumber("items", m.Totals.Items);
            json.WriteNumber("quantity_milli", m.Totals.QuantityMilli);
            json.WriteNumber("nic_pence", m.Totals.NicPence);
            json.WriteNumber("actual_cost_e5", m.Totals.ActualCostE5);
            if (m.ListSizeFile is null) json.WriteNull("list_size_file");
            else json.WriteString("list_size_file", Path.GetRelativePath(dataset.OutputDirectory, m.ListSizeFile).Replace('\\', '/'));
            json.WriteNumber("list_size_practices", m.ListSizes.Count);
            json.WriteNumber("list_size_patients", m.ListSizes.Sum(s => (long)s.Patients));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
