using RxAtlas.Core;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Api;

/// <summary>What every endpoint needs: the warehouse's parameterised queries behind the response cache, and the rules
/// that turn raw selection parameters into a <see cref="Selection"/>. One per request (scoped): it reads the data version
/// through the request's <see cref="RequestDataVersion"/>.</summary>
internal sealed class ApiData(IWarehouse warehouse, ResponseCache cache, RequestDataVersion version)
{
    public IWarehouse Warehouse => warehouse;

    /// <summary>Runs <paramref name="load"/> against the queries unless an answer for <paramref name="key"/> is cached for
    /// the request's data version.</summary>
    public async Task<T> CachedAsync<T>(string key, Func<IPrescribingQueries, CancellationToken, Task<T>> load, CancellationToken cancellationToken) =>
        await cache.GetOrAddAsync(await version.GetAsync(cancellationToken), key, ct => load(warehouse.Queries, ct), cancellationToken);

    /// <summary>Runs <paramref name="read"/> (several cached queries that must agree with each other) until no load or publish
    /// committed while it ran: every commit that changes data bumps the data version, so an unchanged version before and after
    /// means every query in between saw the same data. "Before" is the request's version (read once per request); "after" is
    /// read from the warehouse again, and when it differs it becomes the request's version, which the next try's cached
    /// queries key on. Gives up after <see cref="ConsistentAttempts"/> tries (a warehouse committing faster than a request
    /// can run) and returns the last answer.</summary>
    public async Task<T> ConsistentAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var before = await version.GetAsync(cancellationToken);
            var result = await read(cancellationToken);
            if (attempt == ConsistentAttempts || await version.RefreshAsync(cancellationToken) == before) return result;
        }
    }

    public const int ConsistentAttempts = 5;

    /// <summary>Loaded months, oldest first.</summary>
    public async Task<IReadOnlyList<YearMonth>> MonthsAsync(CancellationToken cancellationToken) =>
        await CachedAsync("months", async (q, ct) => (IReadOnlyList<YearMonth>)[.. (await q.MonthsAsync(ct)).Order()], cancellationToken);

    /// <summary>Months with patient list sizes, oldest first (empty: no per-1,000-patient rates).</summary>
    public async Task<IReadOnlyList<YearMonth>> ListSizeMonthsAsync(CancellationToken cancellationToken) =>
        await CachedAsync("listsize-months", async (q, ct) => (IReadOnlyList<YearMonth>)[.. (await q.ListSizeMonthsAsync(ct)).Order()], cancellationToken);

    /// <summary>Records an error when rates per 1,000 patients are asked for but no list sizes are loaded.</summary>
    public async Task RequireListSizesAsync(bool perThousand, RequestErrors errors, CancellationToken cancellationToken)
    {
        if (perThousand && !errors.Any && (await ListSizeMonthsAsync(cancellationToken)).Count == 0)
            errors.Add(Parameters.PerThousandName, "No patient list sizes are loaded, so rates per 1,000 patients are not available (GET /api/config: has_list_sizes).");
    }

    public Task<IReadOnlyList<Region>> RegionsAsync(CancellationToken cancellationToken) =>
        CachedAsync("regions", (q, ct) => q.RegionsAsync(ct), cancellationToken);

    /// <summary>Real practices counted by region, ICB and sub-ICB location (what <c>/api/icbs</c> lists and the area filters
    /// are checked against).</summary>
    public Task<IReadOnlyList<PracticeArea>> AreasAsync(CancellationToken cancellationToken) =>
        CachedAsync("areas", (q, ct) => q.AreasAsync(ct), cancellationToken);

    /// <summary>
    /// Validates and resolves the selection parameters. A missing period means the latest loaded month; one end alone
    /// means that single month. Returns null (with no error) when nothing is loaded and no period was asked for.
    /// </summary>
    /// <param name="area">The area filters; each must name an area some practice is in, and two that no practice is in
    /// together (an ICB of another region, a sub-ICB location of another ICB) are an error naming the narrower one.</param>
    /// <param name="practiceMustExist">An unknown practice (or one outside <paramref name="area"/>) is an error naming
    /// <c>practice</c>, so that a mistyped code never reads as a practice that prescribed nothing. False where the caller
    /// answers an unknown practice itself (404).</param>
    public async Task<Selection?> SelectionAsync(
        string? bnf, string? from, string? to, AreaParameters area, string? practice, RequestErrors errors, CancellationToken cancellationToken,
        bool practiceMustExist = true)
    {
        var prefixes = Parameters.BnfPrefixes(bnf, errors);
        var first = Parameters.PeriodEnd(from, "from", errors);
        var last = Parameters.PeriodEnd(to, "to", errors);
        var regionCode = Parameters.RegionCode(area.Region, errors);
        var icbCode = Parameters.IcbCode(area.Icb, errors);
        var subIcbCode = Parameters.SubIcbCode(area.SubIcb, errors);
        var practiceCode = Parameters.PracticeCode(practice, "practice", errors);
        if (first is { } f && last is { } l && f.First > l.Last) errors.Add("to", $"The period ends ({l.Last}) before it starts ({f.First}).");
        if (regionCode is not null && !errors.Any)
        {
            var regions = await RegionsAsync(cancellationToken);
            if (!regions.Any(r => string.Equals(r.Code, regionCode, StringComparison.OrdinalIgnoreCase)))
                errors.Add("region", $"Unknown region '{regionCode}': GET /api/regions lists them.");
        }
        if ((icbCode ?? subIcbCode) is not null && !errors.Any)
            (icbCode, subIcbCode) = AreaChecks.Check(await AreasAsync(cancellationToken), regionCode, icbCode, subIcbCode, errors);
        if (practiceMustExist && practiceCode is not null && !errors.Any)
        {
            var detail = await CachedAsync($"practice|{practiceCode}", (q, ct) => q.PracticeAsync(practiceCode, ct), cancellationToken);
            if (detail is null)
                errors.Add("practice", $"Unknown practice '{practiceCode}': GET /api/practices?q=… finds them.");
            else
                AreaChecks.CheckPractice(detail, regionCode, icbCode, subIcbCode, errors);
        }
        if (!errors.Any) await RequireLoadedAsync([("from", first), ("to", last)], errors, cancellationToken);
        if (errors.Any) return null;

        if (first is null && last is null)
        {
            var months = await MonthsAsync(cancellationToken);
            if (months.Count == 0) return null;
            first = last = new PeriodEnd(months[^1], months[^1], null);
        }
        return new Selection(prefixes, (first ?? last)!.First, (last ?? first)!.Last, regionCode, practiceCode, icbCode, subIcbCode);
    }

    /// <summary>Records an error naming the parameter for a financial year none of whose months is loaded (a typo, or a year
    /// not loaded yet, would otherwise answer with nothing). One with some months loaded is answered; the months missing
    /// header names the rest.</summary>
    private async Task RequireLoadedAsync(IEnumerable<(string Name, PeriodEnd? End)> ends, RequestErrors errors, CancellationToken cancellationToken)
    {
        foreach (var (name, end) in ends)
        {
            if (end?.Year is not { } year) continue;
            var months = await MonthsAsync(cancellationToken);
            if (months.Any(m => m >= year.First && m <= year.Last)) continue;
            errors.Add(name, months.Count == 0
                ? $"No month of financial year {year} (April {year.First.Year} to March {year.Last.Year}) is loaded: nothing is loaded yet."
                : $"No month of financial year {year} (April {year.First.Year} to March {year.Last.Year}) is loaded; loaded months run from {months[0]} to {months[^1]} (GET /api/config).");
        }
    }

    /// <summary>A cache key that identifies a selection exactly.</summary>
    public static string Key(Selection s) =>
        $"{string.Join(',', s.BnfPrefixes)}|{s.From}|{s.To}|{s.RegionCode}|{s.IcbCode}|{s.SubIcbCode}|{s.PracticeCode}";
}
