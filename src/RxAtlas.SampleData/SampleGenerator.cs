using RxAtlas.Core;
using RxAtlas.SampleData.Generation;
using RxAtlas.SampleData.Model;
using RxAtlas.SampleData.Writers;

namespace RxAtlas.SampleData;

/// <summary>Writes realistic synthetic releases in the real published layouts, so everything can run offline.</summary>
/// <remarks>
/// Streaming and constant-memory: rows are formatted straight into a buffered writer, so a full-size month (~9.4 million rows)
/// takes no more memory than a small one. Deterministic: the same options give byte-identical files, and a month's content
/// does not depend on which other months are in the range.
/// </remarks>
public static class SampleGenerator
{
    private const long ProgressStep = 1 << 16;

    /// <summary>Writes every month from <see cref="GeneratorOptions.From"/> to <see cref="GeneratorOptions.To"/>, the reference
    /// files and <c>manifest.json</c> into <see cref="GeneratorOptions.OutputDirectory"/>.</summary>
    /// <param name="rowsWritten">Receives the running count of prescribing rows written (every ~65k rows and per month).</param>
    public static GeneratedDataset Generate(GeneratorOptions options, IProgress<long>? rowsWritten = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var directory = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(directory);

        var practiceCount = PracticeRegistry.PracticeCountFor(options.RowsPerMonth);
        var practices = PracticeRegistry.Build(options.Seed, practiceCount);
        var rowsPerPractice = (double)options.RowsPerMonth / practiceCount;
        var catalogue = CatalogueBuilder.Build(options.Seed, (int)Math.Clamp(Math.Round(5 * rowsPerPractice), 300, 5_000));
        var simulator = new MonthSimulator(catalogue, practices, options.RowsPerMonth, options.Seed);

        var months = new List<GeneratedMonth>();
        long total = 0, reported = 0;
        foreach (var month in YearMonth.Range(options.From, options.To))
        {
            ct.ThrowIfCancellationRequested();
            var written = WriteMonth(directory, options, month, catalogue, simulator, practices, ct, rows =>
            {
                if (rowsWritten is not null && total + rows - reported >= ProgressStep)
                {
                    reported = total + rows;
                    rowsWritten.Report(reported);
                }
            });
            total += written.Totals.Rows;
            rowsWritten?.Report(total);
            reported = total;
            months.Add(written);
        }

        var reference = WriteReference(directory, options, practices, catalogue);
        var dataset = new GeneratedDataset(directory, months, reference.Bnf, reference.Lookup, reference.Epraccur, reference.PostcodesIo,
            Path.Combine(directory, ManifestWriter.FileName), practices.Count(p => !p.IsUnidentified), catalogue.Count);
        using (var manifest = new FileStream(dataset.ManifestFile, FileMode.Create, FileAccess.Write))
        {
            ManifestWriter.Write(manifest, options, dataset);
        }
        return dataset;
    }

    private static GeneratedMonth WriteMonth(string directory, GeneratorOptions options, YearMonth month, IReadOnlyList<Presentation> catalogue,
        MonthSimulator simulator, IReadOnlyList<Practice> practices, CancellationToken ct, Action<long> onProgress)
    {
        var format = options.FormatFor(month);
        var isPdpi = format is SampleFormat.PdpiPadded or SampleFormat.PdpiClean;
        var csvName = isPdpi ? PdpiWriter.FileName(month) : EpdWriter.FileName(month, format);
        MonthWriter writer;
        string prescribingPath;
        using (var file = OutputFile.Create(directory, csvName, options.Compression))
        {
            prescribingPath = file.Path;
            writer = isPdpi
                ? new PdpiWriter(file.Writer, month, format == SampleFormat.PdpiPadded, catalogue.Count)
                : new EpdWriter(file.Writer, month, format, catalogue.Count);
            writer.WriteHeader();
            var sink = writer;
            simulator.Run(month, LayoutPrecision.For(format), sink, () => onProgress(sink.Rows), ct);
        }
        string? addressPath = null;
        var addressRows = 0;
        if (isPdpi)
        {
            using var file = OutputFile.Create(directory, AddressWriter.FileName(month), options.Compression);
            addressPath = file.Path;
            addressRows = AddressWriter.Write(file.Writer, month, format == SampleFormat.PdpiPadded, writer.PracticesWithRows);
        }
        var listSizeFolder = ListSizeWriter.FolderFor(directory, month);
        Directory.CreateDirectory(listSizeFolder);
        IReadOnlyList<PracticeListSize> sizes;
        string listSizePath;
        using (var file = OutputFile.Create(listSizeFolder, ListSizeWriter.FileName, SampleCompression.None))
        {
            listSizePath = file.Path;
            sizes = ListSizeWriter.Write(file.Writer, practices, month);
        }
        string practiceMapPath;
        using (var file = OutputFile.Create(listSizeFolder, PracticeMapWriter.FileName, SampleCompression.None))
        {
            practiceMapPath = file.Path;
            PracticeMapWriter.Write(file.Writer, practices, sizes, month);
        }
        return new GeneratedMonth(month, format, prescribingPath, addressPath, writer.Totals, writer.DistinctKeys, writer.Practices, addressRows,
            writer.UnidentifiedRows, writer.NegativeRows)
        {
            ListSizeFile = listSizePath,
            PracticeMapFile = practiceMapPath,
            ListSizes = sizes,
        };
    }

    private static (string Bnf, string Lookup, string Epraccur, string PostcodesIo) WriteReference(string directory, GeneratorOptions options,
        IReadOnlyList<Practice> practices, IReadOnlyList<Presentation> catalogue)
    {
        var bnf = Path.Combine(directory, BnfCodeFileWriter.FileName(options.BnfLayout, options.To));
        using (var file = OutputFile.Create(directory, Path.GetFileName(bnf), SampleCompression.None))
        {
            BnfCodeFileWriter.Write(file.Writer, options.BnfLayout, options.To, catalogue);
        }
        var byPostcode = PracticeReferenceWriters.ByPostcode(practices);
        var lookup = Path.Combine(directory, PracticeReferenceWriters.PostcodeLookupFileName);
        using (var file = OutputFile.Create(directory, PracticeReferenceWriters.PostcodeLookupFileName, SampleCompression.None))
        {
            PracticeReferenceWriters.WritePostcodeLookup(file.Writer, byPostcode);
        }
        var epraccur = Path.Combine(directory, PracticeReferenceWriters.EpraccurFileName);
        using (var file = OutputFile.Create(directory, PracticeReferenceWriters.EpraccurFileName, SampleCompression.None))
        {
            PracticeReferenceWriters.WriteEpraccur(file.Writer, practices);
        }
        var postcodesIo = Path.Combine(directory, PracticeReferenceWriters.PostcodesIoFileName);
        using (var stream = new FileStream(postcodesIo, FileMode.Create, FileAccess.Write))
        {
            PracticeReferenceWriters.WritePostcodesIo(stream, byPostcode);
        }
        return (bnf, lookup, epraccur, postcodesIo);
    }
}
