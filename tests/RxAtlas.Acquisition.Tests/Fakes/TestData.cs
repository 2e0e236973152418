using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace RxAtlas.Acquisition.Tests.Fakes;

/// <summary>Small generated files and settings for tests.</summary>
public static class TestData
{
    /// <summary>Deterministic CSV-looking bytes of about <paramref name="rows"/> lines.</summary>
    public static byte[] Csv(int rows, int seed = 1)
    {
        var text = new StringBuilder("YEAR_MONTH,PRACTICE_CODE,BNF_CODE,ITEMS,NIC\n");
        for (var i = 0; i < rows; i++) text.Append(FormattableString.Invariant($"2024{seed:D2},P{i % 97:D5},0101010G0AAABAB,{i % 7 + 1},{i * 1.25m + seed:F2}\n"));
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    public static byte[] Zip(string entryName, byte[] content)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest);
            using var stream = entry.Open();
            stream.Write(content);
        }
        return memory.ToArray();
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Options pointing every source at the fake server, with tiny retry delays and a test lake.</summary>
    public static AcquisitionOptions Options(Uri baseUrl, string lakeRoot) => new()
    {
        Lake = new LakeOptions { Root = lakeRoot },
        Sources = new SourcesOptions
        {
            Nhsbsa = new NhsbsaOptions { BaseUrl = baseUrl.AbsoluteUri },
            NhsDigital = new NhsDigitalOptions { BaseUrl = baseUrl.AbsoluteUri },
            Ods = new OdsOptions { BaseUrl = baseUrl.AbsoluteUri },
            PostcodesIo = new PostcodesIoOptions { BaseUrl = baseUrl.AbsoluteUri, RequestsPerSecond = 0, MaxConcurrency = 3 },
        },
        Download = FastRetries(),
    };

    public static DownloadOptions FastRetries() => new()
    {
        MaxRetries = 4,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        ResponseTimeout = TimeSpan.FromSeconds(30),
        ReadIdleTimeout = TimeSpan.FromSeconds(30),
        ProgressInterval = TimeSpan.Zero,
        BufferSize = 4096,
    };
}

/// <summary>A temporary folder deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("rxatlas-acq-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
