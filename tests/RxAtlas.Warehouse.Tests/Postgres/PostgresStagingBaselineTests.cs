using Npgsql;
using RxAtlas.Warehouse.Postgres.Bench;

namespace RxAtlas.Warehouse.Tests.Postgres;

public sealed class PostgresStagingBaselineTests
{
    [PostgresFact]
    public async Task LoadAsync_PdpiFileWithTrailingComma_CastsEveryRowIntoTheTypedTable()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        using var csv = new TempCsv(
            " SHA,PCT,PRACTICE,BNF CODE,BNF NAME                                    ,ITEMS  ,NIC        ,ACT COST   ,QUANTITY,PERIOD,\r\n" +
            "Q44,01C,N81002,0101010G0AAABAB,Co-Magaldrox_Susp 195mg/220mg/5ml S/F   ,0000001,00000002.99,00000002.79,0000500,201911,\r\n" +
            "Q44,01C,N81002,0407010F0AAAAAA,\"Paracetamol, 500mg\"                    ,0000031,00000083.79,00000078.01,0018500,201911,\r\n");
        var report = await PostgresStagingBaseline.LoadAsync(db.Url, csv.Path);

        Assert.Equal(2, report.Rows);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT min(month)::text, sum(items), sum(nic), sum(actual_cost), sum(quantity), string_agg(bnf_code, ',' ORDER BY bnf_code) FROM baseline.prescribing",
            connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal("2019-11-01", reader.GetString(0));
        Assert.Equal(32m, reader.GetDecimal(1));
        Assert.Equal(86.78m, reader.GetDecimal(2));
        Assert.Equal(80.80m, reader.GetDecimal(3));
        Assert.Equal(19000m, reader.GetDecimal(4));
        Assert.Equal("0101010G0AAABAB,0407010F0AAAAAA", reader.GetString(5));
    }

    [PostgresFact]
    public async Task LoadAsync_EpdHeader_MapsColumnsByName()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        using var csv = new TempCsv(
            "YEAR_MONTH,REGIONAL_OFFICE_NAME,PRACTICE_CODE,BNF_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,NIC,ACTUAL_COST\n" +
            "202401,NORTH WEST,P81705,0304010I0AAAAAA,7.0,8,56.0,1.92,2.70676\n");
        var report = await PostgresStagingBaseline.LoadAsync(db.ConnectionString, csv.Path);

        Assert.Equal(1, report.Rows);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT practice_code || ' ' || items || ' ' || quantity || ' ' || nic || ' ' || actual_cost FROM baseline.prescribing", connection);
        Assert.Equal("P81705 8 56.000 1.92 2.70676", await cmd.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task LoadAsync_OriginalProjectShape_NumbersEveryRowAndSplitsThePeriod()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        using var csv = new TempCsv(
            "SHA,PCT,PRACTICE,BNF CODE,BNF NAME,ITEMS,NIC,ACT COST,QUANTITY,PERIOD\r\n" +
            "Q44,01C,N81002,0101010G0AAABAB,Co-Magaldrox_Susp 195mg/220mg/5ml S/F,1,2.99,2.79,500.0,201911\r\n" +
            "Q44,01C,N81002,0407010F0AAAAAA,\"Paracetamol, 500mg\",31,83.79,78.01,18500.0,201911\r\n");
        var report = await PostgresStagingBaseline.LoadAsync(db.Url, csv.Path, StagingShape.OriginalProject);

        Assert.Equal(2, report.Rows);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT string_agg(id || ':' || practice || ':' || bnf_code || ':' || items || ':' || year || '-' || month, ' ' ORDER BY id),
                   round(sum(nic)::numeric, 2), round(sum(actual_cost)::numeric, 2), sum(quantity),
                   (SELECT count(*) FROM baseline.stage_typed)
            FROM baseline.fact_serial
            """, connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal("1:N81002:0101010G0AAABAB:1:2019-11 2:N81002:0407010F0AAAAAA:31:2019-11", reader.GetString(0));
        Assert.Equal(86.78m, reader.GetDecimal(1));
        Assert.Equal(80.80m, reader.GetDecimal(2));
        Assert.Equal(19000d, reader.GetDouble(3));
        Assert.Equal(2L, reader.GetInt64(4));
    }

    [PostgresFact]
    public async Task LoadAsync_OriginalProjectShapeGivenTheEpdLayout_NamesTheFileAndTheExpectedLayout()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        using var csv = new TempCsv(
            "YEAR_MONTH,REGIONAL_OFFICE_NAME,PRACTICE_CODE,BNF_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,NIC,ACTUAL_COST\n" +
            "202401,NORTH WEST,P81705,0304010I0AAAAAA,7.0,8,56.0,1.92,2.70676\n");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => PostgresStagingBaseline.LoadAsync(db.Url, csv.Path, StagingShape.OriginalProject));

        Assert.Contains(csv.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("clean PDPI layout", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A CSV file in the temporary folder, deleted on dispose.</summary>
    private sealed class TempCsv : IDisposable
    {
        public TempCsv(string text) => File.WriteAllText(Path, text);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rxatlas-baseline-{Guid.NewGuid():N}.csv");

        public void Dispose() => File.Delete(Path);
    }
}
