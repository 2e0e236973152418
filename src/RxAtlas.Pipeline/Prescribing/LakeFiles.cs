using System.Collections.Concurrent;
using System.Security.Cryptography;
using RxAtlas.Acquisition;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Idempotent file copies into the lake, safe when several copies of one file run at once (backfill months
/// sharing a reference file).</summary>
public static class LakeFiles
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> unless the target already has the same SHA-256.
    /// Each copy writes its own dot-named temporary file (unique per call, so concurrent copies never share one) and renames
    /// it into place: a crash never leaves a half file where a scan would read it, and a reader sees the old file or the new
    /// one, never a mix. A rename refused because another copy holds the target (Windows) counts as done when that copy
    /// landed the same bytes. The temporary file is removed whatever happens.</summary>
    /// <returns>True when this call put the file in place (new or changed); false when identical content was already there.</returns>
    public static async Task<bool> CopyIfChangedAsync(string source, string target, CancellationToken cancellationToken)
    {
        if (await SameContentAsync(source, target, cancellationToken).ConfigureAwait(false)) return false;

        var temporary = TemporaryBeside(target);
        try
        {
            await CopyAsync(source, temporary, cancellationToken).ConfigureAwait(false);

            try
            {
                File.Move(temporary, target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (await SameContentAsync(temporary, target, cancellationToken).ConfigureAwait(false)) return false;
                throw;
            }

            return true;
        }
        finally
        {
            File.Delete(temporary); // no-op once renamed into place
        }
    }

    /// <summary>Copies <paramref name="source"/> (a local file) into the lake as <paramref name="slot"/> of a source's period
    /// and records it as the fetch records a download: a manifest with its SHA-256, size, origin (<c>SourceUrl</c>: the local
    /// path) and when it was copied; any other file of the same slot is removed, as
    /// the fetch's commit removes a republished file's old name. The copy goes through a unique dot-named temporary file in
    /// the target folder and an atomic rename (<see cref="RxAtlas.Acquisition.Lake.Commit"/>).</summary>
    /// <remarks>No publication date is recorded (<c>LastModified</c> is null): a local copy may be anything — sample data, an
    /// older release — so a later fetch does not take it as current on dates alone; it downloads the file and compares
    /// checksums, replacing the copy only when the bytes differ. Nothing is written when the lake already holds these bytes under this name with a manifest saying so (a
    /// fetched file keeps its upstream manifest). A file that is there with the same bytes but no manifest (copied before
    /// copies were recorded) is recorded now, and counts as unchanged.</remarks>
    /// <returns>True when the bytes in the lake are new or changed; false when they were already there.</returns>
    /// <remarks>Copies into one slot take turns within the process (months of a <c>backfill --parallel</c> copying the same
    /// reference file): the lake allows one commit per slot at a time, and the copy that comes second finds the bytes there.
    /// </remarks>
    public static async Task<bool> CopyAndRecordAsync(string source, RxAtlas.Acquisition.Lake lake, SourceKind kind, string period, string slot,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lake);
        var turn = SlotTurns.GetOrAdd(string.Join('\n', lake.Root, kind.Folder(), period, slot), _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await CopyAndRecordInTurnAsync(source, lake, kind, period, slot, now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>One semaphore per lake slot copied into by this process (a handful: one per reference file and month file).</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SlotTurns = new(StringComparer.Ordinal);

    private static async Task<bool> CopyAndRecordInTurnAsync(string source, RxAtlas.Acquisition.Lake lake, SourceKind kind, string period, string slot,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(source);
        var target = lake.PathFor(kind, period, name);
        var sha = await Downloader.Sha256Async(source, cancellationToken).ConfigureAwait(false);
        var sameBytes = File.Exists(target) && new FileInfo(target).Length == new FileInfo(source).Length
                        && await Downloader.Sha256Async(target, cancellationToken).ConfigureAwait(false) == sha;
        var recorded = lake.Entries(kind, period).FirstOrDefault(e => e.FileName == name);
        if (sameBytes && recorded is not null && recorded.Sha256 == sha && recorded.Slot == slot) return false;

        var temporary = TemporaryBeside(target);
        try
        {
            await CopyAsync(source, temporary, cancellationToken).ConfigureAwait(false);

            var size = new FileInfo(temporary).Length;
            var entry = new LakeEntry(kind, period, slot, name, Path.GetFullPath(source),
                LastModified: null, size, sha, now);
            lake.Commit(temporary, entry); // another process committing this slot at this moment: IOException (a task retries)
            return !sameBytes;
        }
        finally
        {
            File.Delete(temporary); // no-op once renamed into place
        }
    }

    /// <summary>A dot-named temporary path in <paramref name="target"/>'s folder (created), unique per call, so concurrent
    /// copies never share one and a scan never reads it.</summary>
    private static string TemporaryBeside(string target)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.part");
    }

    /// <summary>Copies <paramref name="source"/> into the new file <paramref name="temporary"/>.</summary>
    private static async Task CopyAsync(string source, string temporary, CancellationToken cancellationToken)
    {
        var input = File.OpenRead(source);
        await using (input.ConfigureAwait(false))
        {
            var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await using (output.ConfigureAwait(false))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static async Task<byte[]> Sha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when <paramref name="target"/> exists with the same length and SHA-256 as <paramref name="source"/>.</summary>
    private static async Task<bool> SameContentAsync(string source, string target, CancellationToken cancellationToken)
    {
        if (!File.Exists(target) || new FileInfo(target).Length != new FileInfo(source).Length) return false;
        var existing = await Sha256Async(target, cancellationToken).ConfigureAwait(false);
        var incoming = await Sha256Async(source, cancellationToken).ConfigureAwait(false);
        return existing.AsSpan().SequenceEqual(incoming);
    }
}
