using RxAtlas.Core;
using RxAtlas.Core.Coding;
using RxAtlas.Sources.Parallel;

namespace RxAtlas.Sources.Tests;

/// <summary>Reads a file with the sequential <see cref="PrescribingReader"/> (coded as <see cref="IMonthRelease.ReadCoded"/>'s
/// default does) and with <see cref="ParallelPrescribingReader"/>, and asserts the two agree on everything.</summary>
internal static class SequentialVsParallel
{
    /// <summary>Block sizes from "smaller than a record" (every block grows) to the default.</summary>
    public static readonly int[] BlockSizes = [16, 57, 128, 333, 1024, ParallelPrescribingReader.DefaultBlockBytes];

    /// <summary>Asserts the same codes in the same id order, the same rows in order, totals, month, layout and records.</summary>
    /// <returns>The parallel result.</returns>
    public static CodedPrescribing AssertSameResult(string path, YearMonth? expectedMonth, int blockBytes, int workers = 3)
    {
        var file = SourceFile.Open(path);
        var sequential = new PrescribingReader(file, expectedMonth);
        var expected = CodedPrescribing.FromRows(sequential.Read());

        var parallel = new ParallelPrescribingReader(file, expectedMonth, workers, blockBytes);
        var actual = parallel.Read();

        var where = $"{Path.GetFileName(path)} with {blockBytes}-byte blocks and {workers} workers";
        if (!path.EndsWith(".gz", StringComparison.Ordinal) && !path.EndsWith(".zip", StringComparison.Ordinal) && expected.Count >= 10 && new FileInfo(path).Length > 4L * blockBytes)
        {
            Assert.True(parallel.Blocks > 1, $"a single block: {where}");
        }
        Assert.True(expected.PracticeCodes.SequenceEqual(actual.PracticeCodes), $"practice codes differ: {where}");
        Assert.True(expected.BnfCodes.SequenceEqual(actual.BnfCodes), $"BNF codes differ: {where}");
        Assert.Equal(expected.Count, actual.Count);
        for (long i = 0; i < expected.Count; i++)
        {
            if (!expected[i].Equals(actual[i])) Assert.Fail($"row {i} differs: {where}");
        }
        Assert.Equal(-1, parallel.RestAsOneBlockFrom);
        Assert.Equal(sequential.Totals, parallel.Totals);
        Assert.Equal(sequential.Month, parallel.Month);
        Assert.Equal(sequential.Layout, parallel.Layout);
        Assert.Equal(sequential.Practices, parallel.Practices);
        Assert.Equal(sequential.Bnf, parallel.Bnf);
        return actual;
    }

    /// <summary>Asserts both readers fail with the same <see cref="DataFormatException"/> (file, line, field, problem).</summary>
    /// <returns>The parallel reader's exception.</returns>
    public static DataFormatException AssertSameFailure(string path, YearMonth? expectedMonth, int blockBytes, int workers = 3)
    {
        var file = SourceFile.Open(path);
        var expected = Assert.Throws<DataFormatException>(() => new PrescribingReader(file, expectedMonth).Read().Count());
        var actual = Assert.Throws<DataFormatException>(() => new ParallelPrescribingReader(file, expectedMonth, workers, blockBytes).Read());
        Assert.Equal((expected.File, expected.Line, expected.Field, expected.Problem), (actual.File, actual.Line, actual.Field, actual.Problem));
        return actual;
    }
}
