using Microsoft.AspNetCore.Http;
using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Api;

/// <summary>Which months of a selection's period the answer could not include: months whose prescribing is not loaded, and,
/// for answers with list sizes, loaded months with no list size at all. Sent as response headers, so that JSON arrays and
/// CSV files keep their shape while no partial period passes for a whole one.</summary>
internal static class MonthCoverage
{
    /// <summary>Months of the period (from–to) whose prescribing is not loaded: the answer sums the others.</summary>
    public const string MonthsMissingHeader = "X-RxAtlas-Months-Missing";

    /// <summary>Loaded months of the period for which no practice has a list size: rates per 1,000 patients use the others.</summary>
    public const string ListSizeMonthsMissingHeader = "X-RxAtlas-List-Size-Months-Missing";

    /// <summary>Months from <paramref name="from"/> to <paramref name="to"/> that are not in <paramref name="have"/>, oldest first.</summary>
    public static IReadOnlyList<YearMonth> Missing(YearMonth from, YearMonth to, IReadOnlyList<YearMonth> have)
    {
        var held = have.ToHashSet();
        return [.. YearMonth.Range(from, to).Where(m => !held.Contains(m))];
    }

    /// <summary>The months of <paramref name="selection"/>'s period that are not loaded (none without a selection).</summary>
    public static async Task<IReadOnlyList<YearMonth>> MonthsMissingAsync(ApiData data, Selection? selection, CancellationToken cancellationToken) =>
        selection is null ? [] : Missing(selection.From, selection.To, await data.MonthsAsync(cancellationToken));

    /// <summary>Sets <see cref="MonthsMissingHeader"/> (always, empty when every month is loaded).</summary>
    public static async Task SetMonthsMissingAsync(HttpResponse response, ApiData data, Selection? selection, CancellationToken cancellationToken) =>
        response.Headers[MonthsMissingHeader] = Format(await MonthsMissingAsync(data, selection, cancellationToken));

    /// <summary>Sets both headers for a map or ranking (always, empty when nothing is missing).</summary>
    public static async Task SetWithListSizesAsync(HttpResponse response, ApiData data, Selection? selection, CancellationToken cancellationToken)
    {
        IReadOnlyList<YearMonth> missing = [], unsized = [];
        if (selection is not null)
        {
            var months = await data.MonthsAsync(cancellationToken);
            missing = Missing(selection.From, selection.To, months);
            var sized = (await data.ListSizeMonthsAsync(cancellationToken)).ToHashSet();
            unsized = [.. months.Where(m => m >= selection.From && m <= selection.To && !sized.Contains(m))];
        }
        response.Headers[MonthsMissingHeader] = Format(missing);
        response.Headers[ListSizeMonthsMissingHeader] = Format(unsized);
    }

    /// <summary>Comma-separated <c>YYYY-MM</c>, oldest first; empty for none.</summary>
    public static string Format(IEnumerable<YearMonth> months) => string.Join(',', months.Select(m => m.ToString()));
}

/// <summary>Marks an endpoint whose 200 carries <see cref="MonthCoverage.MonthsMissingHeader"/> (and, when
/// <see cref="ListSizes"/>, <see cref="MonthCoverage.ListSizeMonthsMissingHeader"/>); the OpenAPI document declares them.</summary>
internal sealed record MonthCoverageMetadata(bool ListSizes);
