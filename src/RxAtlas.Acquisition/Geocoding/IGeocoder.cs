using RxAtlas.Core;

namespace RxAtlas.Acquisition.Geocoding;

/// <summary>Turns postcodes into locations.</summary>
public interface IGeocoder
{
    /// <summary>One result per input, in input order (duplicates included): the postcode in normalised form
    /// (<see cref="Postcode.Normalise"/>) with its location, or with null coordinates when it could not be resolved — never dropped.
    /// Blank inputs come back as given with null coordinates.</summary>
    /// <exception cref="UpstreamException">The lookup itself failed (after retries): nothing is silently skipped.</exception>
    Task<IReadOnlyList<PostcodeLocation>> GeocodeAsync(IReadOnlyCollection<string> postcodes, CancellationToken cancellationToken = default);
}

/// <summary>Remembers geocoding answers so each postcode is asked once. Keys are postcodes in any spacing or case.</summary>
/// <remarks>A cached location with null coordinates records "asked, not found" and is not asked again.</remarks>
public interface IPostcodeCache
{
    /// <summary>The cached answers among <paramref name="postcodes"/>, keyed by <see cref="Postcode.Key"/> (no spaces).</summary>
    ValueTask<IReadOnlyDictionary<string, PostcodeLocation>> GetAsync(IReadOnlyCollection<string> postcodes, CancellationToken cancellationToken = default);

    /// <summary>Stores answers (replacing older ones for the same postcode).</summary>
    ValueTask SetAsync(IReadOnlyCollection<PostcodeLocation> locations, CancellationToken cancellationToken = default);
}

internal static class GeocodeResults
{
    /// <summary>The distinct lookup keys of the inputs, with the normalised display form of each.</summary>
    public static Dictionary<string, string> Distinct(IEnumerable<string> postcodes)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in postcodes)
        {
            if (Postcode.Key(raw) is { Length: > 0 } key) keys.TryAdd(key, Postcode.Normalise(raw)!);
        }
        return keys;
    }

    /// <summary>One location per input, in input order, from answers keyed by <see cref="Postcode.Key"/>.</summary>
    public static IReadOnlyList<PostcodeLocation> Assemble(IEnumerable<string> postcodes, IReadOnlyDictionary<string, PostcodeLocation> answers)
    {
        var results = new List<PostcodeLocation>();
        foreach (var raw in postcodes)
        {
            var key = Postcode.Key(raw);
            if (key is null) results.Add(new PostcodeLocation(raw ?? "", null, null));
            else if (answers.TryGetValue(key, out var found)) results.Add(found);
            else results.Add(new PostcodeLocation(Postcode.Normalise(raw)!, null, null));
        }
        return results;
    }
}
