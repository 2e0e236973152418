namespace RxAtlas.Core;

/// <summary>Malformed source data: names the file, the 1-based line, the field and what was expected.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string file, long line, string? field, string problem)
        : base(Describe(file, line, field, problem))
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public DataFormatException(string message, Exception inner) : base(message, inner)
    {
        File = "";
        Problem = message;
    }

    public DataFormatException() : this("", 0, null, "malformed data") { }

    public DataFormatException(string message) : this("", 0, null, message) { }

    /// <summary>The file (as given to the reader; a zip entry is written <c>archive.zip!entry.csv</c>).</summary>
    public string File { get; }

    /// <summary>1-based physical line number; 0 when the problem is with the file as a whole.</summary>
    public long Line { get; }

    /// <summary>The column, by header name where the file has one; null for a whole-line problem.</summary>
    public string? Field { get; }

    /// <summary>What was wrong and what was expected.</summary>
    public string Problem { get; }

    private static string Describe(string file, long line, string? field, string problem)
    {
        var where = line > 0 ? $"{file}, line {line}" : file;
        return field is null ? $"{where}: {problem}" : $"{where}, field {field}: {problem}";
    }
}
