using System.Globalization;

namespace RxAtlas.Warehouse.Tests.TestData;

/// <summary>Every row of every base table (main and meta schemas), as text, for before/after comparisons.</summary>
public static class WarehouseDump
{
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> TakeAsync(IWarehouse warehouse)
    {
        var tables = new List<string>();
        await warehouse.QueryAsync("""
            SELECT table_schema, table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema IN ('main', 'public', 'meta')
            ORDER BY table_schema, table_name
            """, async reader =>
        {
            while (await reader.ReadAsync()) tables.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
        });
        var dump = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var rows = new List<string>();
            await warehouse.QueryAsync($"SELECT * FROM {table}", async reader =>
            {
                while (await reader.ReadAsync())
                {
                    var cells = Enumerable.Range(0, reader.FieldCount)
                        .Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
                    rows.Add(string.Join("|", cells));
                }
            });
            rows.Sort(StringComparer.Ordinal);
            dump[table] = rows;
        }
        return dump;
    }

    public static void AssertEqual(IReadOnlyDictionary<string, IReadOnlyList<string>> expected, IReadOnlyDictionary<string, IReadOnlyList<string>> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (table, rows) in expected) Assert.True(rows.SequenceEqual(actual[table]), $"table {table} changed");
    }
}
