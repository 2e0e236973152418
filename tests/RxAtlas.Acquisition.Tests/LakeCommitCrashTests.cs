using System.Text;
using RxAtlas.Acquisition.Tests.Fakes;

namespace RxAtlas.Acquisition.Tests;

/// <summary>A commit interrupted between any two of its steps leaves, after the next access to the lake, one file in the slot
/// with the manifest that describes it.</summary>
public sealed class LakeCommitCrashTests
{
    private const string Period = "2019-03";
    private const string Slot = "monthly-zip";
    private static readonly byte[] OldBytes = Encoding.ASCII.GetBytes("the March file as first published");
    private static readonly byte[] NewBytes = Encoding.ASCII.GetBytes("the March file as republished, corrected");

    private sealed class SimulatedCrash(CommitStep step) : Exception($"crash after {step}");

    private static LakeEntry Entry(string file, byte[] bytes) =>
        new(SourceKind.Pdpi, Period, Slot, file, "https://files.digital.nhs.uk/x/" + file, null, bytes.Length, TestData.Sha256(bytes), DateTimeOffset.UnixEpoch);

    private static string WritePart(Lake lake, string file, byte[] bytes)
    {
        var part = lake.PartPathFor(SourceKind.Pdpi, Period, file);
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllBytes(part, bytes);
        return part;
    }

    /// <summary>The old file committed, then the new one committed with a crash after <paramref name="step"/>.</summary>
    private static void CrashDuringRepublish(string root, string oldName, string newName, CommitStep step)
    {
        var lake = new Lake(root);
        lake.Commit(WritePart(lake, oldName, OldBytes), Entry(oldName, OldBytes));
        lake.AfterCommitStep = s =>
        {
            if (s == step) throw new SimulatedCrash(s);
        };
        Assert.Throws<SimulatedCrash>(() => lake.Commit(WritePart(lake, newName, NewBytes), Entry(newName, NewBytes)));
    }

    private static string[] RawFiles(Lake lake) =>
        Directory.GetFiles(lake.FolderFor(SourceKind.Pdpi, Period)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public static TheoryData<string, string> Crashes => new()
    {
        { "2019_03_Mar.zip", nameof(CommitStep.JournalWritten) },
        { "2019_03_Mar.zip", nameof(CommitStep.FileMoved) },
        { "2019_03_Mar.zip", nameof(CommitStep.ManifestWritten) },
        { "2019_03_MarV2.zip", nameof(CommitStep.JournalWritten) },
        { "2019_03_MarV2.zip", nameof(CommitStep.FileMoved) },
        { "2019_03_MarV2.zip", nameof(CommitStep.ManifestWritten) },
        { "2019_03_MarV2.zip", nameof(CommitStep.OldFileRemoved) },
    };

    [Theory]
    [MemberData(nameof(Crashes))]
    public void Commit_CrashBetweenSteps_NextOpenLeavesTheNewFileAloneWithItsManifest(string newName, string step)
    {
        using var temp = new TempFolder();
        CrashDuringRepublish(temp.Path, "2019_03_Mar.zip", newName, Enum.Parse<CommitStep>(step));

        var reopened = new Lake(temp.Path);
        var entry = Assert.Single(reopened.Entries(SourceKind.Pdpi, Period));

        Assert.Equal([newName], RawFiles(reopened));
        Assert.Equal(newName, entry.FileName);
        Assert.Equal(NewBytes, File.ReadAllBytes(reopened.PathFor(entry)));
        Assert.Equal(TestData.Sha256(NewBytes), entry.Sha256);
        Assert.Equal([newName + ".json"], Directory.GetFiles(Path.Combine(temp.Path, "manifest", "pdpi", Period)).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "journal")));
    }

    [Fact]
    public void Recover_AfterCrash_SaysWhatItFinished()
    {
        using var temp = new TempFolder();
        CrashDuringRepublish(temp.Path, "2019_03_Mar.zip", "2019_03_MarV2.zip", CommitStep.FileMoved);

        var repair = Assert.Single(new Lake(temp.Path).Recover());

        Assert.Contains("interrupted commit was finished", repair, StringComparison.Ordinal);
        Assert.Contains("2019_03_Mar.zip", repair, StringComparison.Ordinal);
        Assert.Empty(new Lake(temp.Path).Recover());
    }

    [Fact]
    public void Recover_PartFileNoLongerTheVerifiedBytes_RolledBackToTheOldFileAndManifest()
    {
        using var temp = new TempFolder();
        CrashDuringRepublish(temp.Path, "2019_03_Mar.zip", "2019_03_MarV2.zip", CommitStep.JournalWritten);
        var lake = new Lake(temp.Path);
        File.WriteAllBytes(lake.PartPathFor(SourceKind.Pdpi, Period, "2019_03_MarV2.zip"), Encoding.ASCII.GetBytes("something else"));

        var repair = Assert.Single(lake.Recover());

        Assert.Contains("rolled back", repair, StringComparison.Ordinal);
        var entry = Assert.Single(lake.Entries(SourceKind.Pdpi, Period));
        Assert.Equal("2019_03_Mar.zip", entry.FileName);
        Assert.Equal(OldBytes, File.ReadAllBytes(lake.PathFor(entry)));
        Assert.Equal(["2019_03_Mar.zip"], RawFiles(lake).Where(f => !f.StartsWith('.')));
    }

    [Fact]
    public void Recover_JournalCutShortWhileBeingWritten_RemovedAndTheSlotKeepsItsFile()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Path);
        lake.Commit(WritePart(lake, "2019_03_Mar.zip", OldBytes), Entry("2019_03_Mar.zip", OldBytes));
        var journal = Path.Combine(temp.Path, "journal");
        Directory.CreateDirectory(journal);
        File.WriteAllText(Path.Combine(journal, $"pdpi.{Period}.{Slot}.json"), "{\"Entry\": {\"Source\": \"Pd");
        File.WriteAllText(Path.Combine(journal, ".0123456789abcdef.tmp"), "{");

        var repairs = new Lake(temp.Path).Recover();

        Assert.Contains("incomplete", Assert.Single(repairs), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(journal));
        Assert.Equal(OldBytes, File.ReadAllBytes(lake.PathFor(Assert.Single(lake.Entries()))));
    }

    [Fact]
    public void Recover_WhileAnotherCommitIsRunning_LeavesThatCommitAlone()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Path);
        lake.Commit(WritePart(lake, "2019_03_Mar.zip", OldBytes), Entry("2019_03_Mar.zip", OldBytes));
        IReadOnlyList<string>? seenMidCommit = null;
        string[]? journalsMidCommit = null;
        lake.AfterCommitStep = step =>
        {
            if (step != CommitStep.FileMoved) return;
            seenMidCommit = new Lake(temp.Path).Recover(); // as another process would, while this commit holds its journal
            journalsMidCommit = Directory.GetFiles(Path.Combine(temp.Path, "journal"));
        };

        lake.Commit(WritePart(lake, "2019_03_MarV2.zip", NewBytes), Entry("2019_03_MarV2.zip", NewBytes));

        Assert.Empty(seenMidCommit!);
        Assert.Single(journalsMidCommit!);
        Assert.Equal(["2019_03_MarV2.zip"], RawFiles(lake));
        Assert.Equal("2019_03_MarV2.zip", Assert.Single(lake.Entries()).FileName);
    }
}
