namespace RxAtlas.Cli.Tests;

/// <summary>The same commands against PostgreSQL and DuckDB give the same numbers.</summary>
[RequiresPostgres]
[Collection(RxAtlas.Cli.Tests.EndToEnd.FetchEndToEndCollection.Name)]
public sealed class CliPostgresTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] Queries =
    [
        "SELECT month, count(*) AS n, sum(items) AS items, sum(quantity) AS quantity, sum(nic) AS nic, sum(actual_cost) AS actual_cost FROM prescribing GROUP BY 1 ORDER BY 1",
        "SELECT b.chapter_code, sum(p.nic) AS nic FROM prescribing p JOIN bnf b USING (bnf_code) GROUP BY 1 ORDER BY 1",
        "SELECT count(*) AS practices, count(latitude) AS located, sum(CASE WHEN is_unidentified THEN 1 ELSE 0 END) AS unidentified FROM practices",
    ];

    [Fact]
    public async Task BackfillAndDemoData_OnPostgresAndDuckDb_GiveIdenticalNumbers()
    {
        await using var database = await PostgresTestServer.CreateDatabaseAsync();
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-01", "--to", "2019-02", "--rows", "2000");
        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", _dir["lake"]);
        try
        {
            var duck = "duckdb:" + _dir["w.duckdb"];
            foreach (var warehouse in new[] { duck, database.Url })
            {
                var result = await CliRunner.RunAsync("backfill", "--warehouse", warehouse, "--from", "2019-01", "--to", "2019-02", "--from-dir", _dir["gen"]);
                Assert.True(result.Exit == 0, result.Err + result.Out);
                Assert.DoesNotContain(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Password!, result.Out + result.Err);
            }

            foreach (var sql in Queries)
            {
                var fromDuck = await CliRunner.RunAsync("query", "--warehouse", duck, "--format", "csv", sql);
                var fromPostgres = await CliRunner.RunAsync("query", "--warehouse", database.Url, "--format", "csv", sql);
                Assert.True(fromPostgres.Exit == 0, fromPostgres.Err);
                Assert.Equal(fromDuck.Out, fromPostgres.Out);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }

    [Fact]
    public async Task Backfill_OnPostgres_ListSizesFetchedAfterTheMonthWasLoaded_LoadsThemAlone()
    {
        await using var database = await PostgresTestServer.CreateDatabaseAsync();
        await CliWorkflowTests.LateListSizesAsync(_dir, database.Url);
    }

    [Fact]
    public async Task Demo_OnPostgres_PrintsAQueryHintThatWorksOncePasswordIsFilledIn_WithoutThePassword()
    {
        await using var database = await PostgresTestServer.CreateDatabaseAsync();
        var password = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Password!;

        var demo = await CliRunner.RunAsync("demo", "--warehouse", database.Url, "--dir", _dir["demo"], "--rows", "300", "--no-serve");

        Assert.True(demo.Exit == 0, demo.Err + demo.Out);
        Assert.DoesNotContain(password, demo.Out + demo.Err, StringComparison.Ordinal);
        var hint = System.Text.RegularExpressions.Regex.Match(demo.Out, " query --warehouse (\\S+) ");
        Assert.True(hint.Success, demo.Out);
        Assert.Contains(":PASSWORD@", hint.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("RXATLAS_WAREHOUSE", demo.Out, StringComparison.Ordinal);
        var query = await CliRunner.RunAsync("query", "--warehouse", hint.Groups[1].Value.Replace("PASSWORD", Uri.EscapeDataString(password), StringComparison.Ordinal),
            "--format", "csv", "SELECT count(DISTINCT month) AS months FROM prescribing");
        Assert.True(query.Exit == 0, query.Err);
        Assert.Equal("months\n12\n", query.Out.ReplaceLineEndings("\n"));
    }
}
