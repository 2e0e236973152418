namespace RxAtlas.Acquisition;

/// <summary>Decides from listed metadata whether a lake file still matches what upstream publishes.</summary>
internal static class Freshness
{
    public static Availability Compare(UpstreamFile upstream, LakeEntry? lake)
    {
        if (lake is null) return Availability.NotInLake;
        if (upstream.LastModified is { } published)
        {
            if (lake.LastModified is not { } stored) return Availability.InLakeUnverified;
            if (published > stored) return Availability.UpstreamNewer;
        }
        if (upstream.Size is { } size && lake.ListedSize is { } listed && size != listed) return Availability.UpstreamNewer;
        return upstream.LastModified is null ? Availability.InLakeUnverified : Availability.InLake;
    }

    /// <summary>Whether the lake file should be checked with the server (a conditional GET) because the listing cannot vouch
    /// for it: it gives no date (<see cref="Availability.InLakeUnverified"/>), or only a creation date, which a republish in
    /// place does not change.</summary>
    public static bool NeedsServerCheck(Availability state, UpstreamFile upstream) =>
        state == Availability.InLakeUnverified || (state == Availability.InLake && upstream.ListedDateIsCreation);

    /// <summary>The validators the server gave with the lake file's bytes, or null when it gave none (then only a download
    /// and its checksum can tell whether the file changed).</summary>
    public static RemoteValidators? ValidatorsOf(LakeEntry lake) =>
        lake.ETag is null && lake.ServerLastModified is null ? null : new RemoteValidators(lake.ETag, lake.ServerLastModified);

    /// <summary>Whether a HEAD answer shows the lake file is still current (null when it cannot tell).</summary>
    public static bool? StillCurrent(RemoteFileInfo? probe, UpstreamFile upstream, LakeEntry lake)
    {
        if (probe?.LastModified is not { } modified || lake.LastModified is not { } stored) return null;
        if (modified > stored) return false;
        if (probe.Length is { } length && lake.FileName == upstream.FileName && length != lake.Size) return false;
        return true;
    }
}
