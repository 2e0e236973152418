using RxAtlas.Warehouse.Postgres;

namespace RxAtlas.Warehouse.Tests.Postgres;

public sealed class PostgresTargetTests
{
    [Fact]
    public void ToConnectionString_Url_MapsEveryPartAndDecodesEscapes()
    {
        var b = PostgresTarget.ToConnectionString("postgres://rx%40user:p%3Ass%2Fw@db.example:6543/rx_atlas?sslmode=disable");

        Assert.Equal("db.example", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("rx_atlas", b.Database);
        Assert.Equal("rx@user", b.Username);
        Assert.Equal("p:ss/w", b.Password);
        Assert.Equal(Npgsql.SslMode.Disable, b.SslMode);
    }

    [Theory]
    [InlineData("postgres://u:pw@h/db?max_pool_size=20")]
    [InlineData("postgres://u:pw@h/db?Maximum%20Pool%20Size=20")]
    public void ToConnectionString_PoolSizeOnAUrl(string url) =>
        Assert.Equal(20, PostgresTarget.ToConnectionString(url).MaxPoolSize);

    [Fact]
    public void ToConnectionString_UrlWithoutPort_UsesDefaultPort()
    {
        var b = PostgresTarget.ToConnectionString("postgresql://u:pw@localhost/db");

        Assert.Equal(5432, b.Port);
        Assert.Equal("db", b.Database);
    }

    [Fact]
    public void ToConnectionString_NpgsqlString_IsKept()
    {
        var b = PostgresTarget.ToConnectionString("Host=h;Port=1234;Database=d;Username=u;Password=secret");

        Assert.Equal(("h", 1234, "d", "u", "secret"), (b.Host, b.Port, b.Database, b.Username, b.Password));
    }

    [Theory]
    [InlineData("postgres://alice:S3cretPw@db:5432/rx")]
    [InlineData("Host=db;Port=5432;Database=rx;Username=alice;Password=S3cretPw")]
    public void DisplayName_AnyTarget_HasNoPassword(string target)
    {
        var name = PostgresTarget.DisplayName(target);

        Assert.Equal("postgres://alice@db:5432/rx", name);
        Assert.DoesNotContain("S3cretPw", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://alice:S3cretPw@/rx")]
    [InlineData("postgres://alice:S3cretPw@db:5432/rx?nonsense_option=S3cretPw")]
    [InlineData("Host=db;Password=S3cretPw;Bogus Keyword=1")]
    public void ToConnectionString_Malformed_ErrorDoesNotEchoPassword(string target)
    {
        var e = Assert.Throws<ArgumentException>(() => PostgresTarget.ToConnectionString(target));

        Assert.DoesNotContain("S3cretPw", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DuckDbLocation_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => PostgresWarehouse.Open(new WarehouseLocation(WarehouseLocation.DuckDb, "x.duckdb")));
    }
}
