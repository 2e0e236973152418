namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary>Tests that point <c>rxatlas</c> at a fake upstream through <c>RXATLAS_*</c> environment variables: they run one at
/// a time and never alongside other tests (which would otherwise read those variables).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FetchEndToEndCollection
{
    public const string Name = "rxatlas run against a fake upstream";
}
