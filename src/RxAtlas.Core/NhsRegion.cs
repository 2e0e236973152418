namespace RxAtlas.Core;

/// <summary>The names of NHS England's regions, keyed by their ODS Y-codes. ODS's practice file (epraccur) gives a
/// practice's region as a bare code, and only EPD's prescribing files carry names; this fixed list names the codes every
/// other source leaves bare.</summary>
/// <remarks>Y54, Y55 and Y57 are the regions of 2013–2018 (London, Y56, kept its code); Y58–Y63 are the seven that replaced
/// them. Names are written as EPD writes them (upper case).</remarks>
public static class NhsRegion
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Y54"] = "NORTH OF ENGLAND",
        ["Y55"] = "MIDLANDS AND EAST OF ENGLAND",
        ["Y56"] = "LONDON",
        ["Y57"] = "SOUTH OF ENGLAND",
        ["Y58"] = "SOUTH WEST",
        ["Y59"] = "SOUTH EAST",
        ["Y60"] = "MIDLANDS",
        ["Y61"] = "EAST OF ENGLAND",
        ["Y62"] = "NORTH WEST",
        ["Y63"] = "NORTH EAST AND YORKSHIRE",
    };

    /// <summary>The region's name, or null for a code that is not an NHS England region (or null).</summary>
    public static string? NameOf(string? code) => code is not null && Names.TryGetValue(code.Trim(), out var name) ? name : null;
}
