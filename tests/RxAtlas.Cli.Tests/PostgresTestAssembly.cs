using Xunit.Sdk;

// Classes marked [RequiresPostgres] skip (outside CI) when no server is configured; see tests/Shared/Postgres.
[assembly: TestFramework("RxAtlas.TestSupport.Postgres.PostgresTestFramework", "RxAtlas.Cli.Tests")]
