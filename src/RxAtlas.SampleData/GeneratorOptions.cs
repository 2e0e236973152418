using System.Diagnostics.CodeAnalysis;
using RxAtlas.Core;

namespace RxAtlas.SampleData;

/// <summary>The published layout a month's prescribing file is written in.</summary>
public enum SampleFormat
{
    /// <summary>What was really published for the month: <see cref="PdpiPadded"/> before 2018-12, <see cref="PdpiClean"/>
    /// 2018-12..2020-10, <see cref="EpdSnomed"/> 2020-11..2025-02, <see cref="EpdSnomed2025"/> from 2025-03.</summary>
    Auto,

    /// <summary>NHS Digital PDPI version A: CRLF, space/zero padded values, leading space in the header, trailing comma.</summary>
    PdpiPadded,

    /// <summary>NHS Digital PDPI version B (Dec 2018 on): LF, no padding, 10 columns, decimal quantities.</summary>
    PdpiClean,

    /// <summary>NHSBSA EPD retired dataset <c>EPD_YYYYMM.csv</c> (flavour A, 26 columns).</summary>
    EpdRetired,

    /// <summary>NHSBSA EPD SNOMED dataset before Mar 2025 <c>EPD_SNOMED_YYYYMM.csv</c> (flavour B, 27 columns).</summary>
    EpdSnomed,

    /// <summary>NHSBSA EPD SNOMED dataset from Mar 2025 (flavour C: renamed columns, <c>YEAR_MONTH</c> as <c>2025-03</c>).</summary>
    EpdSnomed2025,
}

/// <summary>How the monthly prescribing and address files are packed. Reference files are always plain.</summary>
public enum SampleCompression
{
    /// <summary>Plain <c>.csv</c>.</summary>
    None,

    /// <summary><c>name.csv.gz</c>.</summary>
    Gzip,

    /// <summary><c>name.zip</c> holding one entry <c>name.csv</c>, as NHSBSA and NHS Digital publish.</summary>
    Zip,
}

/// <summary>The layout of the BNF Code Information file.</summary>
public enum BnfCodeFileLayout
{
    /// <summary>Old/historic 14 columns with spaced headers (<c>BNF Chapter, BNF Chapter Code, …</c>) and <c>DUMMY …</c>
    /// placeholder levels, legacy abbreviated names; named like <c>20200201_1580515200000_BNF_Code_Information.csv</c>.</summary>
    Historic,

    /// <summary>Current-year 15 columns (<c>YEAR_MONTH, BNF_CHAPTER, …</c>) where missing levels repeat the parent level,
    /// dm+d style names; named like <c>BNF_CODE_CURRENT_202503_VERSION_88.csv</c>.</summary>
    CurrentYear,
}

/// <summary>What <see cref="SampleGenerator.Generate"/> writes. Create with the constructor or an object initializer.</summary>
public sealed record GeneratorOptions
{
    public GeneratorOptions()
    {
    }

    [SetsRequiredMembers]
    public GeneratorOptions(string outputDirectory, YearMonth from, YearMonth to)
    {
        OutputDirectory = outputDirectory;
        From = from;
        To = to;
    }

    /// <summary>Created if missing; files of the same names are overwritten.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>First month, included.</summary>
    public required YearMonth From { get; init; }

    /// <summary>Last month, included.</summary>
    public required YearMonth To { get; init; }

    /// <summary>Approximate prescribing rows per month (the exact count is reported); a real month is ~9.4 million.
    /// The practice count scales with it: rows/50, at least 20, at most 9,000.</summary>
    public long RowsPerMonth { get; init; } = 50_000;

    public SampleFormat Format { get; init; } = SampleFormat.Auto;

    /// <summary>Same seed and options ⇒ byte-identical files.</summary>
    public int Seed { get; init; } = 1;

    public SampleCompression Compression { get; init; } = SampleCompression.None;

    public BnfCodeFileLayout BnfLayout { get; init; } = BnfCodeFileLayout.Historic;

    /// <summary>The format actually used for <paramref name="month"/> (resolves <see cref="SampleFormat.Auto"/>).</summary>
    public SampleFormat FormatFor(YearMonth month) => Format == SampleFormat.Auto ? HistoricalFormat(month) : Format;

    /// <summary>The layout really published for a month.</summary>
    public static SampleFormat HistoricalFormat(YearMonth month) => month.Key switch
    {
        < 201812 => SampleFormat.PdpiPadded,
        < 202011 => SampleFormat.PdpiClean,
        < 202503 => SampleFormat.EpdSnomed,
        _ => SampleFormat.EpdSnomed2025,
    };

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("An output directory is required.", nameof(OutputDirectory));
        if (To < From) throw new ArgumentException($"The last month {To} is before the first month {From}.", nameof(To));
        if (RowsPerMonth is < 1 or > 50_000_000) throw new ArgumentOutOfRangeException(nameof(RowsPerMonth), RowsPerMonth, "Rows per month must be between 1 and 50,000,000.");
        if (!Enum.IsDefined(Format)) throw new ArgumentOutOfRangeException(nameof(Format), Format, "Unknown format.");
        if (!Enum.IsDefined(Compression)) throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "Unknown compression.");
    }
}
