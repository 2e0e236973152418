using RxAtlas.Core;

namespace RxAtlas.Warehouse.Queries;

/// <summary>The read side the web API serves. Every method is parameterised; nothing is concatenated from user input.</summary>
public interface IPrescribingQueries
{
    /// <summary>One entry per practice (with or without coordinates) prescribing within the selection, unidentified
    /// prescribers included (<see cref="PracticeMeasure.IsUnidentified"/>), so that the entries add up to the time series.</summary>
    Task<IReadOnlyList<PracticeMeasure>> MapAsync(Selection selection, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="n"/> practices with the largest <paramref name="metric"/> per 1,000 registered patients
    /// (<see cref="PracticeMeasure.PerThousandPatients"/>), ranked on the exact rate; practices without a list size in any of
    /// the selection's months come after every ranked practice, in code order.</summary>
    Task<IReadOnlyList<PracticeMeasure>> TopPerThousandPatientsAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default);

    /// <summary>Months that have practice list sizes loaded, oldest first (empty: no per-patient rates available).</summary>
    Task<IReadOnlyList<YearMonth>> ListSizeMonthsAsync(CancellationToken cancellationToken = default);

    /// <summary>National (or an area's, or one practice's) totals per month within the selection.</summary>
    Task<IReadOnlyList<MonthMeasure>> TimeSeriesAsync(Selection selection, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="n"/> practices with the largest <paramref name="metric"/> (unidentified prescribers are not
    /// practices and are never ranked).</summary>
    Task<IReadOnlyList<PracticeMeasure>> TopAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default);

    /// <summary>Codes and names at every level matching <paramref name="text"/> (code prefix or name substring).</summary>
    Task<IReadOnlyList<BnfNode>> SearchBnfAsync(string text, int limit, CancellationToken cancellationToken = default);

    /// <summary>The next level down; <paramref name="code"/> empty lists the chapters.</summary>
    Task<IReadOnlyList<BnfNode>> BnfChildrenAsync(string code, CancellationToken cancellationToken = default);

    Task<PracticeDetail?> PracticeAsync(string practiceCode, CancellationToken cancellationToken = default);

    /// <summary>The practice's medicines ranked by <paramref name="metric"/> over the selection's period.</summary>
    Task<IReadOnlyList<MedicineMeasure>> TopMedicinesAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default);

    /// <summary>Practices by code, name or postcode; ungeocoded practices included (flagged by null coordinates). Spaces in
    /// the text are ignored for codes and postcodes ("E85 022" finds E85022), kept for names.</summary>
    Task<IReadOnlyList<PracticeSummary>> SearchPracticesAsync(string text, int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<YearMonth>> MonthsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Region>> RegionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Real practices (unidentified prescribers left out) counted by region, ICB and sub-ICB location, for practices
    /// with an ICB or a sub-ICB location; ordered by the three codes.</summary>
    Task<IReadOnlyList<PracticeArea>> AreasAsync(CancellationToken cancellationToken = default);
}
