using System.Collections.Concurrent;
using RxAtlas.Core;
using RxAtlas.Pipeline.Prescribing;

namespace RxAtlas.Pipeline.Tests.Support;

/// <summary>Stages fake releases and a practice per reference source, counting calls.</summary>
internal sealed class FakeStager : IReleaseStager
{
    private int _prescribingStages;

    public ConcurrentDictionary<string, int> ReferenceStages { get; } = new();

    public int PrescribingStages => _prescribingStages;

    /// <summary>When set, staging prescribing throws this (a corrupt header, say).</summary>
    public Exception? PrescribingFailure { get; set; }

    public long? CorruptLine { get; set; }

    public IMonthRelease StagePrescribing(YearMonth month)
    {
        Interlocked.Increment(ref _prescribingStages);
        if (PrescribingFailure is { } failure) throw failure;
        return new FakeRelease(month, 3, CorruptLine);
    }

    public ReferenceData StageReference(string source, YearMonth month)
    {
        ReferenceStages.AddOrUpdate(source, 1, (_, n) => n + 1);
        return source == LakeSources.Ods
            ? new ReferenceData([new PracticeRecord("A81001", "THE DENSHAM SURGERY", null, "TS18 1HU")], [], [])
            : ReferenceData.Empty;
    }
}
