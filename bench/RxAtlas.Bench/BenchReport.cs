using System.Globalization;
using System.Text;

namespace RxAtlas.Bench;

/// <summary>Keeps docs/benchmarks.md: each benchmark owns the text between its markers and rewrites only that.</summary>
internal static class BenchReport
{
    public static void Replace(string docPath, string benchmark, IReadOnlyList<string> lines)
    {
        var begin = $"<!-- bench:{benchmark} -->";
        var end = $"<!-- /bench:{benchmark} -->";
        var text = File.Exists(docPath) ? File.ReadAllText(docPath) : "# Benchmarks\n";
        var block = begin + "\n" + string.Join("\n", lines) + "\n" + end;
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        text = start >= 0 && stop > start
            ? text[..start] + block + text[(stop + end.Length)..]
            : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(docPath, text);
    }

    public static string Machine() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9:N0} GB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

    public static string Row(params object[] cells) =>
        "| " + string.Join(" | ", cells.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture))) + " |";

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string F(double value, int digits = 2) => value.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Lines(params string[] lines) => string.Join("\n", lines);

    public static StringBuilder Table(StringBuilder sb, string[] header)
    {
        sb.AppendLine(Row(header));
        sb.AppendLine(Row(header.Select(_ => (object)"---").ToArray()));
        return sb;
    }
}
