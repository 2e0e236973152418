using System.Data.Common;
using RxAtlas.Core;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Loading;

public abstract partial class WarehouseWriter
{
    /// <summary>Rows per multi-row INSERT when writing list sizes (two parameters each: far below every engine's limit).</summary>
    private const int ListSizeBatch = 500;

    /// <summary>Replaces one month's practice list sizes in one transaction: the month and any unknown practice codes are added
    /// to the dimensions, the month's <c>fact_list_size</c> rows are deleted and the new ones inserted, and the data version
    /// is bumped. Returns the rows written.</summary>
    /// <exception cref="ArgumentException">A size for another month, a blank or invalid practice code, a negative count, or
    /// one practice given two different counts.</exception>
    public async Task<int> LoadListSizesAsync(DbConnection connection, YearMonth month, IReadOnlyCollection<PracticeListSize> sizes, CancellationToken cancellationToken)
    {
        var byCode = Normalise(month, sizes);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await InsertMonthAsync(connection, transaction, month, cancellationToken).ConfigureAwait(false);
            await UpsertPracticesAsync(connection, transaction, byCode.Keys.Select(c => new PracticeRecord(c, null, null, null)), month, cancellationToken).ConfigureAwait(false);
            var keys = (await Sql("SELECT practice_code, practice_key FROM dim_practice")
                    .ListAsync(connection, r => KeyValuePair.Create(r.GetString(0), r.Int64(1)), transaction, cancellationToken).ConfigureAwait(false))
                .ToDictionary(StringComparer.Ordinal);
            var delete = new SqlText(dialect);
            await delete.Append($"DELETE FROM fact_list_size WHERE month_key = {delete.Param(month.Key)}").ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var rows = byCode.Select(s => (Key: keys[s.Key], Patients: s.Value)).OrderBy(r => r.Key).ToList();
            foreach (var batch in rows.Chunk(ListSizeBatch))
            {
                var insert = new SqlText(dialect);
                var m = insert.Param(month.Key);
                var values = string.Join(", ", batch.Select(r => $"({m}, {insert.Param((int)r.Key)}, {insert.Param(r.Patients)})"));
                await insert.Append($"INSERT INTO fact_list_size (month_key, practice_key, patients) VALUES {values}")
                    .ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            }
            await BumpDataVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rows.Count;
        }
        catch
        {
            await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Codes trimmed and upper-cased, each once; refuses anything that is not one count per practice for
    /// <paramref name="month"/>.</summary>
    private static SortedDictionary<string, int> Normalise(YearMonth month, IReadOnlyCollection<PracticeListSize> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var byCode = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var size in sizes)
        {
            if (size.Month != month) throw new ArgumentException($"A list size for {size.Month} was given in the load of {month}.", nameof(sizes));
            var code = (size.PracticeCode ?? "").Trim().ToUpperInvariant();
            if (!PracticeCode.IsValid(code)) throw new ArgumentException($"'{size.PracticeCode}' is not a practice code.", nameof(sizes));
            if (size.Patients < 0) throw new ArgumentException($"Practice {code} has a negative list size ({size.Patients}).", nameof(sizes));
            if (byCode.TryGetValue(code, out var earlier) && earlier != size.Patients)
                throw new ArgumentException($"Practice {code} is given two list sizes for {month} ({earlier} and {size.Patients}).", nameof(sizes));
            byCode[code] = size.Patients;
        }
        return byCode;
    }
}
