using System.Text;
using Npgsql;
using static RxAtlas.Bench.BenchReport;

namespace RxAtlas.Bench;

/// <summary>Issue goal: loading a full-size month into PostgreSQL at least 5× faster than the conventional staging approach
/// (text COPY of the raw CSV into an all-text table, then INSERT … SELECT casting into a typed fact) on the same server,
/// same run. The original project's own tables (serial primary keys, typed staging) are measured too, as a second baseline.
/// Each run gets a fresh database.</summary>
internal static class PostgresLoadBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings)
    {
        var server = Environment.GetEnvironmentVariable("RXATLAS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set RXATLAS_TEST_POSTGRES (scripts/postgres.sh start prints it).");
        var csv = Children.EnsureMonth(settings);
        var serverCpu = await ServerCpu.FindAsync(RxAtlas.Warehouse.Postgres.PostgresTarget.ToConnectionString(server).ConnectionString);
        var baseline = new List<Measurement>();
        var original = new List<Measurement>();
        var ours = new List<Measurement>();
        for (var i = 0; i < settings.Repeat; i++)
        {
            var stagingDatabase = await FreshDatabaseAsync(server, "bench_staging");
            await SettleAsync(server);
            baseline.Add(await WithServerCpu(serverCpu, () => Isolated.RunAsync("pg-staging", csv, stagingDatabase)));
            var originalDatabase = await FreshDatabaseAsync(server, "bench_original");
            await SettleAsync(server);
            original.Add(await WithServerCpu(serverCpu, () => Isolated.RunAsync("pg-staging-original", csv, originalDatabase)));
            var copyDatabase = await FreshDatabaseAsync(server, "bench_copy");
            await SettleAsync(server);
            ours.Add(await WithServerCpu(serverCpu, () => Isolated.RunAsync("pg-binary-copy", csv, copyDatabase)));
            Console.Error.WriteLine($"run {i + 1}: staging {baseline[^1].Seconds:N2}s, the original's tables {original[^1].Seconds:N2}s, to the typed fact {ours[^1].PhaseSeconds(ToTypedFact):N2}s, full load {ours[^1].Seconds:N2}s");
        }
        var b = Median(baseline.Select(m => m.Seconds));
        var p = Median(original.Select(m => m.Seconds));
        var c = Median(ours.Select(m => m.PhaseSeconds(ToTypedFact)));
        var o = Median(ours.Select(m => m.Seconds));
        var sb = new StringBuilder();
        sb.AppendLine("## PostgreSQL: loading one full-size month");
        sb.AppendLine();
        sb.AppendLine($"Machine: {Machine()}. Server: local PostgreSQL from Debian (scripts/postgres.sh). File: clean PDPI layout, {ours[0].Rows:N0} rows. Median of {settings.Repeat} alternating runs, fresh database each, each started after a checkpoint and a sync.");
        sb.AppendLine();
        Table(sb, ["approach", "median s", "rows/s", "client peak memory MB"]);
        sb.AppendLine(Row("text COPY → all-text staging → INSERT…SELECT casts into a typed table (baseline)", F(b), F(baseline[0].Rows / b, 0), F(baseline.Max(m => m.PeakMegabytes), 0)));
        sb.AppendLine(Row("the same through the original project's tables: serial primary key and typed columns in staging, serial primary key and CHECK constraints in the fact (second baseline)",
            F(p), F(original[0].Rows / p, 0), F(original.Max(m => m.PeakMegabytes), 0)));
        sb.AppendLine(Row("rxatlas to the typed star fact: read → dimensions → arrange (sort by BNF key, sum per key) → binary COPY FREEZE of BNF-key ranges on 2 connections at once (each also proving its keys, analysing and indexing), attached to the month's partition", F(c), F(ours[0].Rows / c, 0), "(same process)"));
        sb.AppendLine(Row("rxatlas full month load: the above + rollups + every check + commit, one transaction", F(o), F(ours[0].Rows / o, 0), F(ours.Max(m => m.PeakMegabytes), 0)));
        sb.AppendLine();
        sb.AppendLine($"**Speed-up into the typed star fact: {F(b / c, 1)}×; full load with rollups and checks: {F(b / o, 1)}×** (goal ≥ 5×).");
        sb.AppendLine();
        sb.AppendLine($"Against the original project's tables: {F(p / c, 1)}× into the typed star fact, {F(p / o, 1)}× for the full load.");
        sb.AppendLine();
        if (serverCpu is not null)
        {
            Table(sb, ["approach", "client CPU s", "server CPU s", "cores busy"]);
            foreach (var (name, runs) in new[] { ("staging (baseline)", baseline), ("the original project's tables", original), ("rxatlas full month load", ours) })
                sb.AppendLine(Row(name, F(Median(runs.Select(m => m.CpuSeconds))), F(Median(runs.Select(m => m.ServerCpuSeconds ?? 0))),
                    F(Median(runs.Select(m => m.CoresBusy)))));
            var cpu = Median(ours.Select(m => m.TotalCpuSeconds));
            sb.AppendLine();
            sb.AppendLine($"5× is {F(b / 5)} s. The full load's CPU time, client and server ({F(cpu)} s), on {Environment.ProcessorCount} cores could not " +
                $"take less than {F(cpu / Environment.ProcessorCount)} s even if every core were busy all the time ({F(b / (cpu / Environment.ProcessorCount), 1)}× the baseline).");
            sb.AppendLine();
        }
        sb.AppendLine("Phases of the full load (median s): " + string.Join(", ", ours[0].Phases.Keys.Select(k => $"{k} {F(Median(ours.Select(m => m.Phases.GetValueOrDefault(k))))}")) + ".");
        return [sb.ToString().TrimEnd()];
    }

    /// <summary>Lets the previous run's writes settle before the next is measured: a server checkpoint (the staging baseline
    /// leaves gigabytes of WAL and dirty pages behind) and the kernel's writeback (<c>sync</c>), so neither lands in the middle
    /// of the next run.</summary>
    private static async Task SettleAsync(string server)
    {
        await using (var connection = new NpgsqlConnection(RxAtlas.Warehouse.Postgres.PostgresTarget.ToConnectionString(server).ConnectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection);
            await checkpoint.ExecuteNonQueryAsync();
        }
        using var sync = System.Diagnostics.Process.Start("sync") ?? throw new InvalidOperationException("could not run sync");
        await sync.WaitForExitAsync();
    }

    /// <summary>Runs a step and adds the server's CPU time over it, when the server is a local process.</summary>
    private static async Task<Measurement> WithServerCpu(ServerCpu? server, Func<Task<Measurement>> step)
    {
        var before = server?.Seconds();
        var measured = await step();
        var after = server?.Seconds();
        return before is null || after is null ? measured : measured with { ServerCpuSeconds = after - before };
    }

    /// <summary>The phases of our load that do what the baseline does: raw file in, typed fact table out.</summary>
    private static readonly string[] ToTypedFact = ["read", "upsert dimensions", "arrange", "write fact"];

    /// <summary>A new, uniquely named database for one measured run (left for the throwaway server to discard: dropping one
    /// that a background worker still touches is refused without superuser rights).</summary>
    private static async Task<string> FreshDatabaseAsync(string server, string name)
    {
        var builder = RxAtlas.Warehouse.Postgres.PostgresTarget.ToConnectionString(server);
        var unique = $"{name}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {unique}", connection);
            await create.ExecuteNonQueryAsync();
        }
        builder.Database = unique;
        return builder.ConnectionString;
    }
}
