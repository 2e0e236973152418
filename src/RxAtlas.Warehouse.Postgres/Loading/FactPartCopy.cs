using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Checking;
using RxAtlas.Warehouse.Loading;
using RxAtlas.Warehouse.Loading.Arranging;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>Writes a month's arranged fact as several BNF-key ranges at once, each over its own connection into its own new
/// table (<see cref="MonthPartitions.FactPartName"/>) by a binary <c>COPY … FREEZE</c>; the load attaches them to the month's
/// partition when it publishes the month (<see cref="MonthPartitions.PublishAsync"/>). One server process converts and stores
/// a COPY's rows, on one core, and the month's COPY is the load's longest step: several ranges at once put more of the server's
/// cores to it.</summary>
/// <remarks>
/// <para>Each range's table is created with a CHECK constraint that states its range, so attaching it needs no scan, and gets
/// its BRIN index after its rows are in (cheaper than maintaining it row by row). Each commits on its own connection; until the
/// load's transaction publishes them they are invisible to every query, and if the load rolls back,
/// <see cref="MonthPartitions.DropUnattachedPartsAsync"/> removes them (and a later load of the month would, after a crash).</para>
/// <para>The blocks arrive in key order, so the second range's rows come only after the first range's: blocks are copied into a
/// bounded buffer (<see cref="BufferedRows"/>) for their range's writer, which lets the producer run ahead of the first writer
/// and start the next. Any failure — the producer's (e.g. an items overflow) or a writer's — stops every writer and surfaces
/// unchanged.</para>
/// </remarks>
internal static class FactPartCopy
{
    /// <summary>Fact rows that may wait, copied, for their range's writer: enough for the second of two ranges of a full-size
    /// month to start soon after the first (~36 bytes a row, so ~220 MB at most).</summary>
    public const int BufferedRows = 6_000_000;

    /// <summary>The columns COPY sends: all but <c>month_key</c>, which each range's table fills from its default.</summary>
    private const string Columns = "practice_key, bnf_key, items, quantity_milli, nic_pence, actual_cost_e5";

    /// <summary>Writes <paramref name="blocks"/> as the ranges <paramref name="splitKeys"/> cut them into, as the tables of load
    /// <paramref name="load"/>; returns the rows written, whether every range's stored keys proved strictly increasing (the
    /// ranges being disjoint, no key of the month then repeats), and each range's table and partition bound.</summary>
    public static async Task<(long Rows, bool KeysIncreasing, IReadOnlyList<(string Name, string Bound)> Parts)> WriteAsync(NpgsqlConnection connection,
        YearMonth month, string load, IEnumerable<FactBlock> blocks, IReadOnlyList<int> splitKeys, Action<long> onRows, CancellationToken cancellationToken)
    {
        var parts = Enumerable.Range(0, splitKeys.Count + 1)
            .Select(i => new Part(MonthPartitions.FactPartName(month, load, i), i == 0 ? null : splitKeys[i - 1], i == splitKeys.Count ? null : splitKeys[i]))
            .ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var budget = new SemaphoreSlim(BufferedRows / WarehouseWriter.FactBlockRows);
        var spare = new ConcurrentBag<FactBlock>();
        var writers = parts.Select(part => Task.Factory.StartNew(() => Copy(connection, month, part, spare, budget, stop), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        long total = 0;
        try
        {
            var current = 0;
            foreach (var block in blocks)
            {
                for (var start = 0; start < block.Count;)
                {
                    while (parts[current].To is { } to && block.BnfKeys[start] >= to) parts[current++].Queue.CompleteAdding();
                    var end = parts[current].To is { } limit ? FirstAtLeast(block.BnfKeys, start, block.Count, limit) : block.Count;
                    budget.Wait(stop.Token);
                    var copy = spare.TryTake(out var recycled) ? recycled : new FactBlock(WarehouseWriter.FactBlockRows);
                    copy.CopyFrom(block, start, end - start);
                    parts[current].Queue.Add(copy, stop.Token);
                    start = end;
                }
                total += block.Count;
                onRows(total);
            }
            foreach (var part in parts) part.Queue.CompleteAdding();
            await Task.WhenAll(writers).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var part in parts) part.Queue.CompleteAdding();
            await Task.WhenAll(writers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // Stopped only because a writer failed (the others then stop too): report that writer's failure.
            if (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested
                && writers.Select(w => w.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } writerFailure)
                ExceptionDispatchInfo.Throw(writerFailure);
            throw;
        }
        finally
        {
            foreach (var part in parts) part.Queue.Dispose();
        }

        return (total, parts.All(p => p.KeysIncreasing), [.. parts.Select(p => (p.Name, $"FROM ({Bound(p.From, "MINVALUE")}) TO ({Bound(p.To, "MAXVALUE")})"))]);
    }

    /// <summary>One range's writer, on its own thread and connection: create the range's table, COPY its blocks as they come,
    /// prove its keys strictly increasing, analyse, index, commit. A failure stops the producer and the other writers.</summary>
    private static void Copy(NpgsqlConnection main, YearMonth month, Part part, ConcurrentBag<FactBlock> spare, SemaphoreSlim budget,
        CancellationTokenSource stop)
    {
        try
        {
            // Its own application name: writers show as such in pg_stat_activity, and pool apart from the load's connections.
            var settings = new NpgsqlConnectionStringBuilder(main.ConnectionString);
            settings.ApplicationName = (settings.ApplicationName is { Length: > 0 } name ? name + " " : "") + "fact writer";
            using var connection = main.CloneWith(settings.ConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            var key = month.Key.ToString(CultureInfo.InvariantCulture);
            var range = (part.From is { } from ? $" AND bnf_key >= {from}" : "") + (part.To is { } to ? $" AND bnf_key < {to}" : "");
            Exec(connection, $"""
                CREATE TABLE {part.Name} (
                    month_key INTEGER NOT NULL DEFAULT {key}, practice_key INTEGER NOT NULL, bnf_key INTEGER NOT NULL, items INTEGER NOT NULL,
                    quantity_milli BIGINT NOT NULL, nic_pence BIGINT NOT NULL, actual_cost_e5 BIGINT NOT NULL,
                    CONSTRAINT {part.Name}_range CHECK (month_key = {key}{range}))
                """);
            using (var copy = connection.BeginRawBinaryCopy($"COPY {part.Name} ({Columns}) FROM STDIN (FORMAT BINARY, FREEZE)"))
            {
                try
                {
                    using var rows = new BinaryCopyRows(copy, 6);
                    foreach (var block in part.Queue.GetConsumingEnumerable(stop.Token))
                    {
                        Encode(rows, block);
                        spare.Add(block);
                        budget.Release();
                    }
                    stop.Token.ThrowIfCancellationRequested();
                    rows.Complete();
                }
                catch
                {
                    copy.Cancel();
                    throw;
                }
            }
            // The duplicate-key proof of the load's checks, over this range's stored rows, here where ranges run at once.
            using (var proof = new NpgsqlCommand("SET LOCAL max_parallel_workers_per_gather = 0; " + QualityChecks.OutOfOrderKeysSql(part.Name), connection))
                part.KeysIncreasing = (long)proof.ExecuteScalar()! == 0;
            // Statistics now, not whenever autovacuum gets round to it: without a correlation for bnf_key the planner prices the
            // BRIN index as useless and scans every range of every month (a year's map of one chemical took ~1.3 s, not ~0.1 s).
            Exec(connection, $"ANALYZE {part.Name}");
            // The same index as the migration's fact_prescribing_bnf, so attaching adopts it instead of building another.
            Exec(connection, $"CREATE INDEX {part.Name}_bnf ON {part.Name} USING brin (bnf_key) WITH (pages_per_range = 16)");
            transaction.Commit();
        }
        catch
        {
            stop.Cancel();
            throw;
        }
    }

    private static void Encode(BinaryCopyRows rows, FactBlock block)
    {
        for (var i = 0; i < block.Count; i++)
        {
            rows.StartRow();
            rows.Int32(block.PracticeKeys[i]);
            rows.Int32(block.BnfKeys[i]);
            rows.Int32(block.Items[i]);
            rows.Int64(block.QuantityMilli[i]);
            rows.Int64(block.NicPence[i]);
            rows.Int64(block.ActualCostE5[i]);
        }
    }

    /// <summary>The first index in [start, end) whose key is at least <paramref name="key"/> (the keys are sorted), else end.</summary>
    private static int FirstAtLeast(int[] keys, int start, int end, int key)
    {
        var i = Array.BinarySearch(keys, start, end - start, key);
        if (i < 0) return ~i;
        while (i > start && keys[i - 1] == key) i--;
        return i;
    }

    private static string Bound(int? key, string open) => key?.ToString(CultureInfo.InvariantCulture) ?? open;

    private static void Exec(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>One BNF-key range [<see cref="From"/>, <see cref="To"/>) (open where null) and the blocks waiting for it.</summary>
    private sealed record Part(string Name, int? From, int? To)
    {
        public BlockingCollection<FactBlock> Queue { get; } = new();

        /// <summary>Set by the range's writer: its stored keys are strictly increasing.</summary>
        public bool KeysIncreasing { get; set; }
    }
}
