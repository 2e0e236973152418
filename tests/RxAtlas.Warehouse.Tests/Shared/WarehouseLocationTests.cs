namespace RxAtlas.Warehouse.Tests.Shared;

public sealed class WarehouseLocationTests
{
    [Theory]
    [InlineData("duckdb:data/x.duckdb", "duckdb", "data/x.duckdb")]
    [InlineData("data/x.duckdb", "duckdb", "data/x.duckdb")]
    [InlineData(@"C:\data\x.duckdb", "duckdb", @"C:\data\x.duckdb")]
    [InlineData("postgres://u:p@localhost:5432/rx", "postgres", "postgres://u:p@localhost:5432/rx")]
    [InlineData("Host=localhost;Database=rx", "postgres", "Host=localhost;Database=rx")]
    [InlineData("Server=127.0.0.1;Database=rx;Username=u", "postgres", "Server=127.0.0.1;Database=rx;Username=u")]
    [InlineData("Database=rx; host = db.example ;Password=x", "postgres", "Database=rx; host = db.example ;Password=x")]
    [InlineData("Host=localhost", "postgres", "Host=localhost")]
    [InlineData("data/run=3;final.duckdb", "duckdb", "data/run=3;final.duckdb")]
    public void Parse_KnownForms(string value, string engine, string target) =>
        Assert.Equal(new WarehouseLocation(engine, target), WarehouseLocation.Parse(value));

    [Theory]
    [InlineData("bogus:foo")]
    [InlineData("mysql://u@h/db")]
    [InlineData("duckdb:")]
    [InlineData("duckdb:  ")]
    public void Parse_UnknownSchemeOrNoPath_IsRefusedNotTakenForAFileName(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => WarehouseLocation.Parse(value));
        Assert.Contains("duckdb:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ConnectionStringWithoutAServer_IsRefusedNotTakenForAFileName()
    {
        var error = Assert.Throws<ArgumentException>(() => WarehouseLocation.Parse("Database=rx;Username=u;Password=secret"));

        Assert.Contains("names no server", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
