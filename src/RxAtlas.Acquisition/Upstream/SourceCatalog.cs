using System.Net;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>Answers "what is available upstream versus in the lake" and fetches what is missing or republished into the lake.</summary>
/// <remarks>
/// Files are downloaded one at a time. A file that fails (after retries) is reported as <see cref="FetchStatus.Failed"/> and
/// the others still run; nothing partial ever reaches the lake (the <c>.part</c> file is kept for the next run to resume).
/// When both <see cref="SourceKind.Epd"/> and <see cref="SourceKind.Pdpi"/> are asked for, PDPI is fetched only for months
/// before the first EPD month (the legacy series is only needed where EPD has nothing); asked for alone it covers any month.
/// </remarks>
public sealed class SourceCatalog : IDisposable
{
    /// <summary>The first EPD month, used when the EPD listing itself cannot be read.</summary>
    public static readonly YearMonth FirstEpdMonth = new(2014, 1);

    private readonly Downloader _downloader;
    private readonly Dictionary<SourceKind, IUpstreamSource> _sources;
    private readonly Action<string> _log;
    private readonly HttpClient? _ownedClient;
    private readonly TimeProvider _time;
    private readonly int _attempts;

    public SourceCatalog(Lake lake, HttpClient http, AcquisitionOptions options, Action<string>? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        Lake = lake ?? throw new ArgumentNullException(nameof(lake));
        _log = log ?? (_ => { });
        _time = time ?? TimeProvider.System;
        _downloader = new Downloader(http, options.Download, _log);
        _attempts = 1 + Math.Max(0, options.Download.MaxRetries);
        var api = new UpstreamHttp(http, options.Download);
        var sources = options.Sources;
        var ckan = new CkanClient(api, Urls.Base(sources.Nhsbsa.BaseUrl, "Sources:Nhsbsa:BaseUrl"));
        var digital = Urls.Base(sources.NhsDigital.BaseUrl, "Sources:NhsDigital:BaseUrl");
        _sources = new IUpstreamSource[]
        {
            new EpdUpstream(ckan, sources.Nhsbsa),
            new PdpiUpstream(api, digital, sources.NhsDigital),
            new BnfUpstream(ckan, sources.Nhsbsa),
            new OdsUpstream(Urls.Base(sources.Ods.BaseUrl, "Sources:Ods:BaseUrl"), sources.Ods),
            new ListSizeUpstream(api, digital, sources.NhsDigital),
        }.ToDictionary(s => s.Kind);
    }

    /// <summary>A catalog with its own HTTP client over the lake at <c>options.Lake.Root</c>.</summary>
    public static SourceCatalog Create(AcquisitionOptions options, Action<string>? log = null)
    {
        var http = CreateHttpClient();
        return new SourceCatalog(Lake.FromOptions(options), http, options, log, ownedClient: http);
    }

    private SourceCatalog(Lake lake, HttpClient http, AcquisitionOptions options, Action<string>? log, HttpClient ownedClient)
        : this(lake, http, options, log) => _ownedClient = ownedClient;

    /// <summary>An HTTP client fit for downloads: no overall timeout (the downloader times out stalls itself), no automatic
    /// decompression (byte ranges and lengths must refer to the published bytes).</summary>
    public static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("RxAtlas/1.0 (+https://github.com/rxatlas)");
        return http;
    }

    public Lake Lake { get; }

    /// <summary>When set, every lake file a fetch would leave alone as unchanged is checked against its manifest first (size,
    /// SHA-256 and, for a zip, that the archive opens: <see cref="LakeVerifier.CheckAsync"/>); a file that does not match is
    /// reported in the log and downloaded again (<c>rxatlas fetch --verify</c>).</summary>
    public bool VerifyLake { get; set; }

    /// <summary>The lister of one source.</summary>
    public IUpstreamSource Upstream(SourceKind source) => _sources[source];

    /// <summary>What each selected source publishes (for <paramref name="range"/>; CKAN sources list everything when it is null,
    /// page-scraped sources need a range) beside what the lake holds.</summary>
    public async Task<UpstreamListing> ListAsync(IReadOnlySet<SourceKind> sources, MonthRange? range, CancellationToken cancellationToken = default)
    {
        foreach (var repair in Lake.Recover()) _log(repair);
        var rows = new List<SourceAvailability>();
        var notes = new List<string>();
        var unlisted = new List<SourceKind>();
        foreach (var kind in SourceKinds.All.Where(sources.Contains))
        {
            var upstream = _sources[kind];
            IReadOnlyList<UpstreamFile> files = [];
            var listed = false;
            if (upstream.NeedsRange && range is null)
            {
                notes.Add($"{kind.Folder()}: upstream not checked (one page per month; give a month range).");
            }
            else
            {
                try
                {
                    files = await upstream.ListAsync(range, cancellationToken).ConfigureAwait(false);
                    listed = true;
                    if (kind == SourceKind.ListSize) notes.AddRange(ListSizeUpstream.MonthsWithoutMap(files).Select(ListSizeUpstream.NoMapNote));
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    notes.Add($"{kind.Folder()}: listing failed{AfterAttempts(e)}: {e.Message}");
                    unlisted.Add(kind);
                }
            }
            var lake = Lake.Entries(kind).Where(e => InRange(e.Period, range)).ToList();
            foreach (var file in files)
            {
                var entry = lake.FirstOrDefault(e => e.Period == file.Period && e.Slot == file.Slot);
                rows.Add(new SourceAvailability(kind, file.Period, file.Slot, file, entry, Freshness.Compare(file, entry)));
            }
            // A lake file the listing did not name: superseded or withdrawn by the publisher when its period was listed, else
            // unknown (and a copy from a local folder was never the publisher's to withdraw).
            rows.AddRange(NotListed(lake, files).Select(e => new SourceAvailability(kind, e.Period, e.Slot, null, e,
                !listed || !FromUpstream(e) ? Availability.LakeOnly : IsSuperseded(e, files) ? Availability.SupersededUpstream : Availability.WithdrawnUpstream)));
        }
        rows.Sort((a, b) => (a.Source, a.Period, a.Slot).CompareTo((b.Source, b.Period, b.Slot)));
        return new UpstreamListing(rows, notes, unlisted);
    }

    /// <summary>Fetches one month of the selected sources (default: all).</summary>
    public Task<FetchReport> FetchAsync(YearMonth month, IReadOnlySet<SourceKind>? sources = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FetchAsync(MonthRange.Single(month), sources, progress, cancellationToken);

    /// <summary>Fetches every file of the selected sources (default: all) for the months in <paramref name="range"/>: new files
    /// are stored, republished ones replace the old and are reported <see cref="FetchStatus.Changed"/>, the rest are left alone.</summary>
    public async Task<FetchReport> FetchAsync(MonthRange range, IReadOnlySet<SourceKind>? sources = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        sources ??= SourceKinds.All.ToHashSet();
        foreach (var repair in Lake.Recover()) _log(repair);
        var notes = new List<string>();
        var missing = new List<MissingMonth>();
        var wanted = new List<UpstreamFile>();
        var withdrawn = new List<LakeEntry>();
        YearMonth? firstEpd = null;
        foreach (var kind in new[] { SourceKind.Ods, SourceKind.Bnf, SourceKind.Epd, SourceKind.Pdpi, SourceKind.ListSize }.Where(sources.Contains))
        {
            var listRange = range;
            if (kind == SourceKind.Pdpi && sources.Contains(SourceKind.Epd))
            {
                var before = (firstEpd ?? FirstEpdMonth).AddMonths(-1);
                if (before < range.From) continue;
                listRange = new MonthRange(range.From, before < range.To ? before : range.To);
            }
            try
            {
                var files = await _sources[kind].ListAsync(kind == SourceKind.Epd ? null : listRange, cancellationToken).ConfigureAwait(false);
                if (kind == SourceKind.Epd)
                {
                    firstEpd = files.Select(f => YearMonth.Parse(f.Period)).DefaultIfEmpty(FirstEpdMonth).Min();
                    files = files.Where(f => range.Contains(YearMonth.Parse(f.Period))).ToList();
                }
                if (kind is SourceKind.Epd or SourceKind.Pdpi or SourceKind.ListSize)
                {
                    var published = files.Select(f => f.Period).ToHashSet(StringComparer.Ordinal);
                    var series = kind == SourceKind.Epd ? listRange.Months.Where(m => m >= firstEpd) : listRange.Months; // EPD starts in 2014
                    foreach (var month in series.Where(m => !published.Contains(m.ToString())))
                    {
                        missing.Add(new MissingMonth(kind, month));
                        _log($"{kind.Folder()} {month}: not published upstream.");
                    }
                }
                if (kind == SourceKind.ListSize)
                {
                    foreach (var period in ListSizeUpstream.MonthsWithoutMap(files)) _log(ListSizeUpstream.NoMapNote(period));
                }
                wanted.AddRange(files);
                foreach (var entry in NotListed(Lake.Entries(kind).Where(e => InRange(e.Period, listRange)).ToList(), files).Where(FromUpstream))
                {
                    if (IsSuperseded(entry, files))
                    {
                        _log($"{kind.Folder()} {entry.Period}: {entry.FileName} is no longer listed; its year's historic file replaces it (kept).");
                        continue;
                    }
                    withdrawn.Add(entry);
                    _log($"{kind.Folder()} {entry.Period} {entry.Slot}: WITHDRAWN UPSTREAM: the publisher no longer lists {entry.FileName}; "
                        + $"it stays in the lake ({entry.RelativePath}) and in use until retired by hand.");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                notes.Add($"{kind.Folder()}: listing failed{AfterAttempts(e)}: {e.Message}");
            }
        }

        var outcomes = new List<FetchOutcome>();
        foreach (var file in wanted)
        {
            outcomes.Add(await FetchFileAsync(file, progress, cancellationToken).ConfigureAwait(false));
        }
        return new FetchReport(outcomes, notes, missing) { Withdrawn = withdrawn };
    }

    /// <summary>Brings one upstream file into the lake unless the lake already holds it.</summary>
    public async Task<FetchOutcome> FetchFileAsync(UpstreamFile file, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var existing = Lake.Find(file.Source, file.Period, file.Slot);
        try
        {
            var state = Freshness.Compare(file, existing);
            RemoteFileInfo? probe = null;
            // When the listing cannot vouch for the lake file (no date, or only a creation date that a republish in place
            // keeps) and the server gave validators with the bytes, the server is asked: a conditional GET, 304 = unchanged.
            var askServer = existing is not null && Freshness.NeedsServerCheck(state, file) ? Freshness.ValidatorsOf(existing) : null;
            if (existing is not null && askServer is null && state == Availability.InLakeUnverified && file.LastModified is null && file.ResolveDownloadUrl is null)
            {
                probe = await _downloader.ProbeAsync(file.Url, cancellationToken).ConfigureAwait(false);
                if (Freshness.StillCurrent(probe, file, existing) == true) state = Availability.InLake;
            }
            if (existing is not null && (state == Availability.InLake || askServer is not null) && VerifyLake)
            {
                if (await LakeVerifier.CheckAsync(Lake, existing, cancellationToken).ConfigureAwait(false) is { } damage)
                {
                    _log($"{Describe(file)}: DAMAGED: {existing.RelativePath} has {damage.Found}, expected {damage.Expected}; fetching again.");
                    state = Availability.UpstreamNewer;
                    askServer = null;
                }
            }
            if (askServer is not null)
            {
                return await DownloadAsync(file, existing, probe, progress, cancellationToken, askServer).ConfigureAwait(false);
            }
            if (existing is not null && state == Availability.InLake)
            {
                _log($"{Describe(file)}: unchanged ({existing.FileName}).");
                return new FetchOutcome(file.Source, file.Period, file.Slot, existing.FileName, FetchStatus.Unchanged, existing);
            }
            return await DownloadAsync(file, existing, probe, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A transient failure that reaches here has used up its retries: say so, rather than the attempt's "will resume".
            var error = RetryPolicy.IsTransient(e, cancellationToken) ? $"gave up after {RetryPolicy.AttemptsOf(e) ?? _attempts} attempt(s); last error: {e.Message}" : e.Message;
            _log($"{Describe(file)}: FAILED: {error}");
            return new FetchOutcome(file.Source, file.Period, file.Slot, file.FileName, FetchStatus.Failed, null, error);
        }
    }

    /// <param name="ifChanged">The lake file's validators: the download is a conditional GET, and a 304 keeps the lake file.</param>
    private async Task<FetchOutcome> DownloadAsync(UpstreamFile file, LakeEntry? existing, RemoteFileInfo? probe, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken, RemoteValidators? ifChanged = null)
    {
        var url = file.ResolveDownloadUrl is { } resolve ? await resolve(cancellationToken).ConfigureAwait(false) : file.Url;
        var name = url == file.Url ? file.FileName : Urls.FileName(url);
        var part = Lake.PartPathFor(file.Source, file.Period, name);
        // The listed size is the size of the bytes at the listed URL: checked only when those are the bytes fetched (a signed
        // zip URL serves other bytes; the listed URL does not expire, so it is not resolved again between attempts).
        var fromListedUrl = url == file.Url;
        var first = true;
        Task<Uri> NextUrl(CancellationToken token)
        {
            if (first || file.ResolveDownloadUrl is null || fromListedUrl)
            {
                first = false;
                return Task.FromResult(url);
            }
            return file.ResolveDownloadUrl(token);
        }

        _log(ifChanged is null
            ? $"{Describe(file)}: downloading {url.GetLeftPart(UriPartial.Path)}"
            : $"{Describe(file)}: asking {url.GetLeftPart(UriPartial.Path)} whether it changed (the listing cannot tell); downloading if so");
        var listed = new ListedVersion(file.LastModified, file.UpstreamId, file.Size);
        var downloaded = ifChanged is null
            ? await _downloader.DownloadAsync(NextUrl, part, progress, cancellationToken, fromListedUrl ? file.Size : null, listed).ConfigureAwait(false)
            : await _downloader.DownloadIfChangedAsync(NextUrl, part, ifChanged, progress, cancellationToken, fromListedUrl ? file.Size : null, listed).ConfigureAwait(false);
        if (downloaded is null)
        {
            var kept = existing! with
            {
                LastModified = file.LastModified ?? existing.LastModified,
                UpstreamId = file.UpstreamId ?? existing.UpstreamId,
                ListedSize = file.Size ?? existing.ListedSize,
            };
            if (kept != existing) Lake.Touch(kept);
            _log($"{Describe(file)}: unchanged (the server answered 304 Not Modified to {(ifChanged!.ETag is not null ? "If-None-Match" : "If-Modified-Since")}).");
            return new FetchOutcome(file.Source, file.Period, file.Slot, kept.FileName, FetchStatus.Unchanged, kept);
        }
        var published = file.LastModified ?? downloaded.LastModified ?? probe?.LastModified;
        if (file.Source == SourceKind.Ods && downloaded.ServerFileName is { Length: > 0 } serverName && serverName.IndexOfAny(['/', '\\']) < 0) name = serverName;
        var entry = new LakeEntry(file.Source, file.Period, file.Slot, name, file.Url.AbsoluteUri, published, downloaded.Size, downloaded.Sha256, _time.GetUtcNow(), file.UpstreamId, file.Size,
            downloaded.ETag, downloaded.LastModified);

        // "Unchanged" means the bytes on disk are the bytes just downloaded: the manifest's checksum alone is not enough, since
        // the lake file may have been damaged since it was written (then the fresh download replaces it).
        if (existing is not null && existing.Sha256 == downloaded.Sha256 && existing.FileName == name
            && await Downloader.Sha256Async(Lake.PathFor(existing), cancellationToken).ConfigureAwait(false) == downloaded.Sha256)
        {
            Downloader.Discard(part);
            Lake.Touch(entry with { FetchedAt = existing.FetchedAt });
            _log($"{Describe(file)}: unchanged (same SHA-256).");
            return new FetchOutcome(file.Source, file.Period, file.Slot, name, FetchStatus.Unchanged, entry with { FetchedAt = existing.FetchedAt });
        }
        Lake.Commit(part, entry);
        var status = existing is null ? FetchStatus.New : FetchStatus.Changed;
        _log($"{Describe(file)}: {status.ToString().ToLowerInvariant()} → {entry.RelativePath} ({entry.Size:N0} bytes)");
        return new FetchOutcome(file.Source, file.Period, file.Slot, name, status, entry);
    }

    /// <summary>The lake files whose period and slot the listing does not name.</summary>
    /// <summary>False for a file copied into the lake from a local folder (<c>rxatlas run --from-dir</c>: its source is a
    /// path, not an http(s) URL).</summary>
    private static bool FromUpstream(LakeEntry entry) =>
        Uri.TryCreate(entry.SourceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private static IEnumerable<LakeEntry> NotListed(IReadOnlyList<LakeEntry> lake, IReadOnlyList<UpstreamFile> files) =>
        lake.Where(e => !files.Any(f => f.Period == e.Period && f.Slot == e.Slot));

    /// <summary>A month's BNF code file that the listing replaces with its year's historic file (listed under December).</summary>
    private static bool IsSuperseded(LakeEntry entry, IReadOnlyList<UpstreamFile> files) =>
        entry.Source == SourceKind.Bnf && YearMonth.TryParse(entry.Period, out var month) && month.Month != 12
        && files.Any(f => f.Source == SourceKind.Bnf && f.Period == new YearMonth(month.Year, 12).ToString());

    private static string AfterAttempts(Exception e) => RetryPolicy.AttemptsOf(e) is { } n ? $" after {n} attempt(s)" : "";

    private static string Describe(UpstreamFile file) => $"{file.Source.Folder()} {file.Period} {file.Slot}";

    private static bool InRange(string period, MonthRange? range) =>
        range is null || !YearMonth.TryParse(period, out var month) || range.Value.Contains(month);

    public void Dispose() => _ownedClient?.Dispose();
}
