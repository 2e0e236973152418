using System.Text.Json;

namespace RxAtlas.Acquisition;

/// <summary>What a commit is about to do to one slot: written (and flushed to disk) before the first change, deleted after the
/// last, so a commit interrupted at any point can be finished on the next access to the lake.</summary>
/// <param name="Entry">The manifest of the new file.</param>
/// <param name="PartFileName">The finished temporary file (in the entry's raw folder) that becomes the lake file.</param>
/// <param name="Replaced">Other files of the same slot (a republish under a new name), removed with their manifests.</param>
internal sealed record CommitIntent(LakeEntry Entry, string PartFileName, IReadOnlyList<string> Replaced);

/// <summary>The points between the steps of <see cref="Lake.Commit"/>, where tests simulate a crash.</summary>
internal enum CommitStep
{
    /// <summary>The intent is on disk; nothing in the slot has changed yet.</summary>
    JournalWritten,

    /// <summary>The new bytes are in place under their name; the manifest may still be the old one.</summary>
    FileMoved,

    /// <summary>The new manifest is written; the slot's old file (under another name) may still be there.</summary>
    ManifestWritten,

    /// <summary>One replaced file and its manifest are gone (raised once per replaced file).</summary>
    OldFileRemoved,
}

/// <summary>The open journal of a commit in progress. Its file is held open (locked) until the commit is done, so another
/// process's recovery leaves a live commit alone; a crash releases the lock and leaves the file for recovery.</summary>
internal sealed class CommitJournal : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly FileStream _lock;
    private readonly string _path;

    private CommitJournal(FileStream held, string path)
    {
        _lock = held;
        _path = path;
    }

    /// <summary>Writes <paramref name="intent"/> to a temporary file, flushes it to disk and renames it to
    /// <paramref name="path"/>, keeping it open. Refuses when the slot already has a journal (another commit in progress).</summary>
    public static CommitJournal Begin(string path, CommitIntent intent)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + ".tmp");
        // FileShare.Delete: the file can be renamed and deleted while held; any other opener is refused (on Unix an advisory
        // lock that recovery's FileShare.None open cannot take).
        var held = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete);
        try
        {
            JsonSerializer.Serialize(held, intent, Json);
            held.Flush(flushToDisk: true);
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException e) when (File.Exists(path))
        {
            held.Dispose();
            File.Delete(temp);
            throw new IOException($"Another commit of this lake slot is in progress ({path}); try again when it has finished.", e);
        }
        catch
        {
            held.Dispose();
            File.Delete(temp);
            throw;
        }
        return new CommitJournal(held, path);
    }

    /// <summary>The commit is finished: the journal is deleted, then released.</summary>
    public void Complete()
    {
        File.Delete(_path);
        _lock.Dispose();
    }

    /// <summary>Releases the journal without deleting it (a failed commit): the next access to the lake finishes it.</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>Opens a journal left by a commit that is no longer running; null when a live commit holds it, or it is gone.
    /// <see cref="Intent"/> is null when the journal was cut short (the commit had not started changing anything).</summary>
    public static (FileStream Held, CommitIntent? Intent)? OpenAbandoned(string path)
    {
        FileStream held;
        try
        {
            held = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            return null; // held by a commit in progress
        }
        try
        {
            return (held, JsonSerializer.Deserialize<CommitIntent>(held, Json));
        }
        catch (JsonException)
        {
            return (held, null);
        }
    }
}
