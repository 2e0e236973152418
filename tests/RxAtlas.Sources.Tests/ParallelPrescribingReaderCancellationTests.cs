using RxAtlas.Sources.Parallel;

namespace RxAtlas.Sources.Tests;

/// <summary>Cancelling a parallel read stops every thread and releases the file.</summary>
public sealed class ParallelPrescribingReaderCancellationTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Read_AlreadyCancelled_ThrowsWithoutReading()
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(100));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var e = Assert.ThrowsAny<OperationCanceledException>(() => new ParallelPrescribingReader(SourceFile.Open(path)).Read(cancellationToken: cancel.Token));

        Assert.Equal(cancel.Token, e.CancellationToken);
    }

    [Fact]
    public void Read_CancelledMidway_StopsWithTheCallersTokenAndReleasesTheFile()
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(5_000));
        using var cancel = new CancellationTokenSource();
        long seen = 0;
        var progress = new ParallelPrescribingReaderTests.SyncProgress(rows =>
        {
            seen = rows;
            cancel.Cancel();
        });
        var reader = new ParallelPrescribingReader(SourceFile.Open(path), blockBytes: 1024);

        var e = Assert.ThrowsAny<OperationCanceledException>(() => reader.Read(progress, cancel.Token));

        Assert.Equal(cancel.Token, e.CancellationToken);
        Assert.InRange(seen, 1, 4_999);
        Assert.Throws<InvalidOperationException>(() => reader.Totals);
        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    [Fact]
    public void Read_AfterACancelledRead_ReadsEverything()
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(2_000));
        var reader = new ParallelPrescribingReader(SourceFile.Open(path), blockBytes: 512);
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new ParallelPrescribingReaderTests.SyncProgress(_ => cancel.Cancel());
            Assert.ThrowsAny<OperationCanceledException>(() => reader.Read(progress, cancel.Token));
        }

        Assert.Equal(2_000, reader.Read().Count);
    }
}
