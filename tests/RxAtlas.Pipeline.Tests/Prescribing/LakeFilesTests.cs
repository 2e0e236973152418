using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Tests.Support;

namespace RxAtlas.Pipeline.Tests.Prescribing;

public sealed class LakeFilesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Target => Path.Combine(_folder.Path, "lake", "raw", "bnf", "2019-02", "20190201_1548979200000_BNF_Code_Information.csv");

    private string WriteSource(string name, int seed)
    {
        var bytes = new byte[8 * 1024 * 1024];
        new Random(seed).NextBytes(bytes);
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task CopyIfChanged_SameFileCopiedConcurrentlyToOneLakePath_EveryCopySucceedsWithTheRightBytes()
    {
        // Backfill --parallel: every month copies the same reference file into the lake at once. Several rounds, each to a
        // fresh lake path, so the copies overlap in every way (both writing, one renaming while another writes or hashes).
        var source = WriteSource("bnf.csv", seed: 1);
        for (var round = 0; round < 5; round++)
        {
            var target = Path.Combine(_folder.Path, $"lake{round}", "raw", "bnf", "2019-02", "20190201_1548979200000_BNF_Code_Information.csv");
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var copies = Enumerable.Range(0, 4)
                .Select(_ => Task.Run(async () =>
                {
                    await start.Task;
                    return await LakeFiles.CopyIfChangedAsync(source, target, CancellationToken.None);
                }))
                .ToList();

            start.SetResult();
            var copied = await Task.WhenAll(copies).Within();

            Assert.Contains(true, copied);
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(target));
            Assert.Equal([Path.GetFileName(target)], Directory.EnumerateFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName));
            Assert.False(await LakeFiles.CopyIfChangedAsync(source, target, CancellationToken.None));
        }
    }

    [Fact]
    public async Task CopyAndRecord_SameFileCopiedConcurrently_OneFileOneManifestNoTemporaryLeft()
    {
        var source = WriteSource("20190201_1548979200000_BNF_Code_Information.csv", seed: 2);
        var lake = new RxAtlas.Acquisition.Lake(Path.Combine(_folder.Path, "lake"));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var copies = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await LakeFiles.CopyAndRecordAsync(source, lake, RxAtlas.Acquisition.SourceKind.Bnf, "2019-02", "bnf", DateTimeOffset.UnixEpoch, CancellationToken.None);
            }))
            .ToList();

        start.SetResult();
        var copied = await Task.WhenAll(copies).Within();

        Assert.Contains(true, copied);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Target));
        Assert.Equal([Path.GetFileName(Target)], Directory.EnumerateFiles(Path.GetDirectoryName(Target)!).Select(Path.GetFileName));
        var entry = Assert.Single(lake.Entries());
        Assert.Equal((source, 8L * 1024 * 1024), (entry.SourceUrl, entry.Size));
        Assert.False(await LakeFiles.CopyAndRecordAsync(source, lake, RxAtlas.Acquisition.SourceKind.Bnf, "2019-02", "bnf", DateTimeOffset.UnixEpoch, CancellationToken.None));
    }

    [Fact]
    public async Task CopyIfChanged_AnotherWriterIsMidwayThroughTheFilesPartFile_CopyLandsAndLeavesThatFileAlone()
    {
        // What another copy of the same file (or a download resuming into `.<name>.part`) looks like while it is writing.
        var source = WriteSource("bnf.csv", seed: 1);
        Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
        var part = Path.Combine(Path.GetDirectoryName(Target)!, "." + Path.GetFileName(Target) + ".part");
        bool copied;
        var other = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        await using (other)
        {
            other.Write("half a file"u8);
            await other.FlushAsync();

            copied = await LakeFiles.CopyIfChangedAsync(source, Target, CancellationToken.None);
        }

        Assert.True(copied);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Target));
        Assert.Equal("half a file", File.ReadAllText(part));
    }

    [Fact]
    public async Task CopyIfChanged_ChangedSource_ReplacesTheFileAndLeavesNoTemporaryFile()
    {
        var first = WriteSource("v1.csv", seed: 1);
        var second = WriteSource("v2.csv", seed: 2);
        Assert.True(await LakeFiles.CopyIfChangedAsync(first, Target, CancellationToken.None));

        var unchanged = await LakeFiles.CopyIfChangedAsync(first, Target, CancellationToken.None);
        var changed = await LakeFiles.CopyIfChangedAsync(second, Target, CancellationToken.None);

        Assert.False(unchanged);
        Assert.True(changed);
        Assert.Equal(File.ReadAllBytes(second), File.ReadAllBytes(Target));
        Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(Target)!));
    }

    [Fact]
    public async Task CopyIfChanged_CancelledMidCopy_LeavesNeitherTargetNorTemporaryFile()
    {
        var source = WriteSource("bnf.csv", seed: 1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LakeFiles.CopyIfChangedAsync(source, Target, cancelled.Token));

        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(Target)!));
    }
}
