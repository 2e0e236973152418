using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RxAtlas.Web.Api;

/// <summary>Describes the API's query parameters in the OpenAPI document (they are bound as strings and validated by
/// <see cref="Parameters"/>, so the generator alone would only say "string").</summary>
internal static class OpenApiParameterDocs
{
    private sealed record Doc(string Description, string? Pattern = null, string[]? Values = null);

    private static readonly Dictionary<string, Doc> Docs = new(StringComparer.Ordinal)
    {
        ["bnf"] = new("Comma-separated BNF code prefixes (1–15 letters and digits each, at most 20); empty means all prescribing.",
            "^[A-Za-z0-9]{1,15}(,[A-Za-z0-9]{1,15})*$"),
        ["from"] = new("Start of the period: a month, YYYY-MM, or an NHS financial year, YYYY/YY (2019/20: April 2019 to March 2020), " +
            "from its April. With neither from nor to: the latest loaded month; with one: that month or financial year alone. A " +
            "financial year with no month loaded is rejected.", "^[0-9]{4}(-|/)[0-9]{2}$"),
        ["to"] = new("End of the period, not before from: a month, YYYY-MM, or a financial year, YYYY/YY, to its March.", "^[0-9]{4}(-|/)[0-9]{2}$"),
        ["region"] = new("A region code from GET /api/regions; unknown codes are rejected.", "^[A-Za-z0-9]{1,12}$"),
        [Parameters.IcbName] = new("An Integrated Care Board's ODS code (e.g. QE1) from GET /api/icbs; unknown codes are rejected. With " +
            "region: an ICB of another region is rejected (400 naming icb), not answered empty.", "^[A-Za-z0-9]{1,12}$"),
        [Parameters.SubIcbName] = new("A sub-ICB location's ODS code (e.g. 00L; EPD's PCO code 00L00 is read as 00L) from GET /api/icbs; " +
            "unknown codes are rejected. With icb (or region): one of another ICB (or region) is rejected (400 naming sub_icb). " +
            "The area filters narrow to practices in every area given; with practice, a practice outside them is rejected.",
            "^[A-Za-z0-9]{1,12}$"),
        ["practice"] = new("A practice code (1–8 letters and digits).", "^([A-Za-z0-9]{1,8}|-)$"),
        ["metric"] = new("The measure values and rankings use (default nic). Money is in pounds with two decimals. quantity is in " +
            "each presentation's own unit (tablets, ml, grams…), so it is meaningful only within one presentation: over a wider " +
            "BNF group, or all prescribing, it adds unlike units (the API allows it; the map page offers it only when every bnf " +
            "code is a 15-character presentation).", null,
            ["nic", "actual_cost", "items", "quantity"]),
        ["per_1000"] = new("true for the metric per 1,000 registered patients over the period, from the months the practice has a " +
            "list size for (sized_months): 1000 × metric in those months × the period's loaded months ÷ their list sizes summed; " +
            "rounded to four decimals; null for practices with no list size in any month of the period, which rankings list after " +
            "the ranked ones). Rejected when no list sizes are loaded (GET /api/config: has_list_sizes).", null, ["true", "false"]),
        ["n"] = new("How many to return, 1 to 1000.", "^[0-9]{1,4}$"),
        ["unlocated"] = new("true to list every prescriber in the selection, not only the geocoded practices: practices without a " +
            "location (coordinates null) and unidentified prescribers (is_unidentified), so the entries add up to GET /api/timeseries.",
            null, ["true", "false"]),
        ["format"] = new("json (default) or csv: CSV with a header row, as an attachment (text/csv).", null, ["json", "csv"]),
        ["q"] = new("Search text, 1 to 100 characters (a code prefix or part of a name; postcodes for practices, whose codes and " +
            "postcodes are matched ignoring spaces: E85 022 finds E85022)."),
        ["limit"] = new("At most this many results."),
        ["code"] = new("A code: a BNF code prefix, or a practice code."),
    };

    public static void Add(OpenApiOptions options) => options.AddOperationTransformer((operation, _, _) =>
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter p || p.Name is null || !Docs.TryGetValue(p.Name, out var doc)) continue;
            p.Description = doc.Description;
            if (p.Schema is OpenApiSchema schema)
            {
                if (doc.Pattern is not null) schema.Pattern = doc.Pattern;
                if (doc.Values is not null) schema.Enum = [.. doc.Values.Select(v => (JsonNode)JsonValue.Create(v))];
            }
        }
        return Task.CompletedTask;
    });
}
