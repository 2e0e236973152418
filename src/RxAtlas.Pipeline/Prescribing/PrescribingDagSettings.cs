using RxAtlas.Core;
using RxAtlas.Warehouse;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>What the monthly prescribing DAG works with.</summary>
/// <param name="Warehouse">Where months are loaded, checked and published.</param>
/// <param name="Lake">Where raw files are kept.</param>
public sealed record PrescribingDagSettings(IWarehouse Warehouse, Lake Lake)
{
    /// <summary>Fills the lake for the month (e.g. <see cref="DirectoryAcquirer"/>); null: use the lake as it is.</summary>
    public IReleaseAcquirer? Acquirer { get; init; }

    /// <summary>Locates and validates the month's files; null: a <see cref="LakeStager"/> on <see cref="Lake"/>.</summary>
    public IReleaseStager? Stager { get; init; }

    /// <summary>Locates practice postcodes that have no location (e.g. RxAtlas.Acquisition's <c>IGeocoder.GeocodeAsync</c>);
    /// answers with null coordinates are "not found". Null: only report how many lack a location.</summary>
    public Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyList<PostcodeLocation>>>? Geocode { get; init; }

    /// <summary>Also read every prescribing row while staging, so a corrupt row fails <c>stage_prescribing</c> (file, line and
    /// field named) before anything is written. Costs a second read of the file; off by default, when a corrupt row is
    /// reported by the load instead (which rolls back).</summary>
    public bool ValidateRowsWhenStaging { get; init; }

    /// <summary>Retry and timeout options for every task; default <see cref="PrescribingDag.DefaultTaskOptions"/>.</summary>
    public TaskOptions? TaskOptions { get; init; }
}
