namespace RxAtlas.TestSupport.Postgres;

/// <summary>A test that needs a PostgreSQL server (<c>RXATLAS_TEST_POSTGRES</c>). Without one it is skipped with a message
/// saying how to start one — except under <c>CI=true</c>, where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestServer.Target is null && !PostgresTestServer.IsCi) Skip = PostgresTestServer.SkipReason;
    }
}
