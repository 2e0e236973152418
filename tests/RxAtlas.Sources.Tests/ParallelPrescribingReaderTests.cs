using RxAtlas.Core;
using RxAtlas.Core.Coding;
using RxAtlas.SampleData;
using RxAtlas.Sources.Parallel;

namespace RxAtlas.Sources.Tests;

/// <summary>The parallel reader gives exactly the sequential reader's result for every layout, wrapper and block size.</summary>
public sealed class ParallelPrescribingReaderTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, string, bool> Layouts => new()
    {
        { "T201008PDPI BNFT.CSV", Fixtures.PdpiPadded, true },
        { "T201911PDPI BNFT.csv", Fixtures.PdpiClean, false },
        { "EPD_201401.csv", Fixtures.EpdRetired, true },
        { "EPD_SNOMED_202101.csv", Fixtures.EpdSnomed, false },
        { "EPD_SNOMED_202503.csv", Fixtures.EpdSnomed2025, false },
        { "T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(400), false },
        { "T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(400), true },
        { "EPD_SNOMED_202101.csv", PrescribingTexts.EpdQuoted(150), false },
        { "EPD_SNOMED_202101.csv", PrescribingTexts.EpdQuoted(150), true },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Read_EveryLayoutAndBlockSize_SameAsSequential(string name, string text, bool crlf)
    {
        var path = _files.Write(name, text, crlf);
        foreach (var blockBytes in SequentialVsParallel.BlockSizes)
        {
            SequentialVsParallel.AssertSameResult(path, null, blockBytes);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Read_AnyWorkerCount_SameAsSequential(int workers)
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(1_000));
        SequentialVsParallel.AssertSameResult(path, new YearMonth(2019, 11), 200, workers);
    }

    [Fact]
    public void Read_QuotedLineBreaksAndCommasAtEveryBlockBoundary_SameAsSequential()
    {
        var path = _files.Write("EPD_SNOMED_202101.csv", PrescribingTexts.EpdQuoted(12));
        // Every cut position through several records: inside quotes, on escaped quotes, on quoted line breaks and commas.
        for (var blockBytes = 16; blockBytes <= 700; blockBytes += 1)
        {
            SequentialVsParallel.AssertSameResult(path, null, blockBytes, workers: 2);
        }
    }

    [Fact]
    public void Read_ManyBlocks_CodesInFirstSeenFileOrderAndFirstRowsRecords()
    {
        var path = _files.Write("EPD_SNOMED_202101.csv", PrescribingTexts.EpdQuoted(90));

        var reader = new ParallelPrescribingReader(SourceFile.Open(path), workers: 3, blockBytes: 300);
        var coded = reader.Read();

        Assert.Equal(90, coded.Count);
        Assert.Equal(["P00000", "P00007", "P00014"], coded.PracticeCodes.Take(3));
        var first = reader.Practices.First();
        Assert.Equal(("P00000", "SURGERY 0, UPSTAIRS", "1 HIGH ST,\nFLOOR 0, TOWN"), (first.PracticeCode, first.Name, first.Address));
        Assert.Equal("Tab 5\" x 0", reader.Bnf.First().Presentation);
        Assert.Equal(coded.PracticeCodes, reader.Practices.Select(p => p.PracticeCode));
        Assert.Equal(coded.BnfCodes, reader.Bnf.Select(b => b.PresentationCode));
    }

    [Fact]
    public void Read_ByteOrderMark_SkippedOnlyAtTheStart()
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(100), bom: true);
        foreach (var blockBytes in SequentialVsParallel.BlockSizes) SequentialVsParallel.AssertSameResult(path, null, blockBytes);
    }

    [Fact]
    public void Read_BlankLinesAndNoFinalLineBreak_SameAsSequential()
    {
        var text = PrescribingTexts.PdpiClean(60).Replace("\nQ44", "\n\n  \r\nQ44", StringComparison.Ordinal).TrimEnd('\n');
        var path = _files.Write("T201911PDPI BNFT.csv", text);
        foreach (var blockBytes in SequentialVsParallel.BlockSizes) SequentialVsParallel.AssertSameResult(path, null, blockBytes);
    }

    [Fact]
    public void Read_MonthSpelledTwoWays_IsOneMonth()
    {
        var text = PrescribingTexts.PdpiClean(50, edit: (i, line) => i % 2 == 0 ? line : line.Replace(",201911", ",2019-11", StringComparison.Ordinal));
        var path = _files.Write("prescribing.csv", text);

        var coded = SequentialVsParallel.AssertSameResult(path, new YearMonth(2019, 11), 100);

        Assert.Equal(50, coded.Count);
    }

    [Fact]
    public void Read_RecordLongerThanTheLargestBlock_RestOfFileReadAsOneBlock()
    {
        var text = PrescribingTexts.EpdQuoted(60, edit: (i, line) => i == 30 ? line.Replace("CCG,", "CCG " + new string('X', 2_000) + ",", StringComparison.Ordinal) : line);
        var path = _files.Write("EPD_SNOMED_202101.csv", text);
        var sequential = new PrescribingReader(SourceFile.Open(path));
        var expected = CodedPrescribing.FromRows(sequential.Read());

        var reader = new ParallelPrescribingReader(SourceFile.Open(path), workers: 2, blockBytes: 512) { MaxBlockBytes = 1024 };
        var coded = reader.Read();

        Assert.InRange(reader.RestAsOneBlockFrom, 3, reader.Blocks - 1); // cut into blocks up to row 30, then the rest as one
        Assert.Equal(expected.Count, coded.Count);
        Assert.Equal(expected.PracticeCodes, coded.PracticeCodes);
        Assert.Equal(expected.BnfCodes, coded.BnfCodes);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], coded[i]);
        Assert.Equal(sequential.Totals, reader.Totals);
        Assert.Equal(sequential.Practices, reader.Practices);
    }

    [Fact]
    public void Read_GzipAndZip_SameAsSequential()
    {
        var text = PrescribingTexts.EpdQuoted(100);
        foreach (var path in new[]
        {
            _files.WriteGz("EPD_SNOMED_202101.csv.gz", text),
            _files.WriteZip("EPD_SNOMED_202101.zip", ("EPD_SNOMED_202101.csv", text)),
        })
        {
            SequentialVsParallel.AssertSameResult(path, new YearMonth(2021, 1), 512);
            SequentialVsParallel.AssertSameResult(path, new YearMonth(2021, 1), ParallelPrescribingReader.DefaultBlockBytes);
        }
    }

    [Theory]
    [InlineData(SampleFormat.PdpiPadded, SampleCompression.None)]
    [InlineData(SampleFormat.PdpiClean, SampleCompression.Gzip)]
    [InlineData(SampleFormat.EpdRetired, SampleCompression.Zip)]
    [InlineData(SampleFormat.EpdSnomed, SampleCompression.None)]
    [InlineData(SampleFormat.EpdSnomed2025, SampleCompression.Gzip)]
    public void Read_GeneratedMonthInEveryLayout_SameAsSequentialAndGeneratorTotals(SampleFormat format, SampleCompression compression)
    {
        var month = format == SampleFormat.EpdSnomed2025 ? new YearMonth(2025, 3) : new YearMonth(2019, 11);
        var dataset = SampleGenerator.Generate(new GeneratorOptions(Path.Combine(_files.Root, format.ToString()), month, month)
        {
            RowsPerMonth = 3_000,
            Format = format,
            Compression = compression,
            Seed = 11,
        });
        var generated = dataset.Months[0];

        var coded = SequentialVsParallel.AssertSameResult(generated.PrescribingFile, month, 4096);

        Assert.Equal(generated.Totals.Rows, coded.Count);
        var reader = new ParallelPrescribingReader(SourceFile.Open(generated.PrescribingFile), month, blockBytes: 8192);
        reader.Read();
        Assert.Equal(generated.Totals, reader.Totals);
        Assert.Equal(generated.Practices, reader.Practices.Count);
    }

    [Fact]
    public void Read_Progress_RisesToTheRowCount()
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(500));
        var reported = new List<long>();

        var coded = new ParallelPrescribingReader(SourceFile.Open(path), blockBytes: 1024).Read(new SyncProgress(reported.Add));

        Assert.True(reported.Count > 1, "progress is reported block by block");
        Assert.Equal(reported.Order(), reported);
        Assert.Equal(coded.Count, reported[^1]);
    }

    [Fact]
    public void Read_Twice_GivesTheSameResult()
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(300));
        var reader = new ParallelPrescribingReader(SourceFile.Open(path), blockBytes: 256);

        var first = reader.Read();
        var totals = reader.Totals;
        var second = reader.Read();

        Assert.Equal(first.Count, second.Count);
        Assert.Equal(first.PracticeCodes, second.PracticeCodes);
        Assert.Equal(totals, reader.Totals);
        Assert.Equal(300, second.Count);
    }

    [Fact]
    public void Totals_BeforeReading_Throws()
    {
        var reader = new ParallelPrescribingReader(SourceFile.Open(_files.Write("EPD_201401.csv", Fixtures.EpdRetired)));
        Assert.Throws<InvalidOperationException>(() => reader.Totals);
    }

    /// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>).</summary>
    internal sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
