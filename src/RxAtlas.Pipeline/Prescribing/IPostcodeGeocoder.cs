using RxAtlas.Core;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Finds locations for practice postcodes (postcodes.io, ONSPD, …); postcodes it cannot place are left out.</summary>
public interface IPostcodeGeocoder
{
    Task<IReadOnlyCollection<PostcodeLocation>> LocateAsync(IReadOnlyList<string> postcodes, CancellationToken cancellationToken);
}
