namespace RxAtlas.Warehouse.Tests.TestData;

/// <summary>Every row's values of a query run through <see cref="IWarehouse.QueryAsync"/> (null for SQL NULL).</summary>
public static class WarehouseRows
{
    public static async Task<List<object?[]>> ReadAsync(IWarehouse warehouse, string sql)
    {
        var rows = new List<object?[]>();
        await warehouse.QueryAsync(sql, async reader =>
        {
            while (await reader.ReadAsync())
                rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        });
        return rows;
    }
}
