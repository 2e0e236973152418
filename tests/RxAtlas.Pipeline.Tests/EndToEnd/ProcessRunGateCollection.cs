namespace RxAtlas.Pipeline.Tests.EndToEnd;

/// <summary>Test classes whose runners use the process-wide <see cref="MonthRunGate.Process"/> (as
/// <see cref="Prescribing.PrescribingDag.CreateRunner"/> does) and run the same months: in one collection they run one after
/// another, so one class's run of a month never finds the other's active ("already active in this process").</summary>
[CollectionDefinition(Name)]
public sealed class ProcessRunGateCollection
{
    public const string Name = "process-wide month run gate";
}
