using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>One current lake file that does not match its manifest (or is not whole).</summary>
/// <param name="Entry">The file's manifest.</param>
/// <param name="Check">What was compared: <c>size</c>, <c>sha256</c> or <c>zip</c> (the archive's central directory).</param>
/// <param name="Expected">What the manifest (or, for <c>zip</c>, the format) says the file should be.</param>
/// <param name="Found">What the file on disk is.</param>
public sealed record LakeFileMismatch(LakeEntry Entry, string Check, string Expected, string Found);

/// <summary>What <see cref="LakeVerifier.VerifyAsync"/> found.</summary>
/// <param name="Checked">Every current file checked.</param>
/// <param name="Mismatches">The files that do not match their manifest: each should be fetched again.</param>
/// <param name="Notes">Things worth a look that are not mismatches (a file whose size is not the size the publisher listed
/// when it was fetched: listings can be stale, but a file committed short by an older version looks like this too).</param>
public sealed record LakeVerification(IReadOnlyList<LakeEntry> Checked, IReadOnlyList<LakeFileMismatch> Mismatches, IReadOnlyList<string> Notes);

/// <summary>Checks the lake's current files (<see cref="CurrentFiles"/>) against their manifests without touching the network:
/// the size, the SHA-256 (streamed, in constant memory) and, for a zip archive, that its central directory opens (a zip cut
/// short by an older version, whose manifest recorded the short bytes, fails only this). A file that does not match is
/// replaced by <c>rxatlas fetch --verify</c> for its source and period (<see cref="SourceCatalog.VerifyLake"/> uses
/// <see cref="CheckAsync"/>).</summary>
public static class LakeVerifier
{
    /// <summary>Checks every current file of <paramref name="sources"/>; with <paramref name="range"/>, only the periods that
    /// are months in it (and the files that are not per month, such as ODS's <c>current</c>).</summary>
    public static async Task<LakeVerification> VerifyAsync(Lake lake, IReadOnlySet<SourceKind> sources, MonthRange? range = null,
        Action<LakeEntry>? checking = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(sources);
        var files = new List<LakeEntry>();
        foreach (var source in SourceKinds.All.Where(sources.Contains))
        {
            files.AddRange(lake.Entries(source)
                .Where(e => range is not { } r || !YearMonth.TryParse(e.Period, out var month) || r.Contains(month))
                .GroupBy(e => e.Period, StringComparer.Ordinal)
                .SelectMany(CurrentFiles.Choose));
        }

        var mismatches = new List<LakeFileMismatch>();
        var notes = new List<string>();
        foreach (var entry in files)
        {
            checking?.Invoke(entry);
            if (await CheckAsync(lake, entry, cancellationToken).ConfigureAwait(false) is { } mismatch) mismatches.Add(mismatch);
            else if (entry.ListedSize is { } listed && listed != entry.Size)
                notes.Add($"{entry.RelativePath}: {entry.Size:N0} bytes as its manifest records, but the publisher listed {listed:N0} when it was " +
                          "fetched (a stale listing, or a file committed short by an older version: 'rxatlas fetch --verify' for it downloads it again " +
                          "and keeps it only if the bytes are the same).");
        }
        return new LakeVerification(files, mismatches, notes);
    }

    /// <summary>Compares one lake file with its manifest: size first (a short file is not hashed), then SHA-256, then, when the
    /// bytes are a zip archive, that it opens. Null when it matches.</summary>
    public static async Task<LakeFileMismatch?> CheckAsync(Lake lake, LakeEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(entry);
        var path = lake.PathFor(entry);
        var file = new FileInfo(path);
        if (!file.Exists) return new LakeFileMismatch(entry, "size", $"{entry.Size:N0} bytes", "no file");
        if (file.Length != entry.Size) return new LakeFileMismatch(entry, "size", $"{entry.Size:N0} bytes", $"{file.Length:N0} bytes");
        var sha = await Downloader.Sha256Async(path, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(sha, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            return new LakeFileMismatch(entry, "sha256", $"SHA-256 {entry.Sha256}", $"SHA-256 {sha}");
        if (ZipVerifier.LooksLikeZip(path))
        {
            try
            {
                ZipVerifier.Verify(path, entry.RelativePath);
            }
            catch (DataFormatException e)
            {
                return new LakeFileMismatch(entry, "zip", "a complete zip archive", e.Problem);
            }
        }
        return null;
    }
}
