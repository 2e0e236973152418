using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RxAtlas.Core;
using RxAtlas.SampleData;
using RxAtlas.Sources;
using RxAtlas.TestSupport.Fakes;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary>One generated EPD SNOMED month served the way the real upstreams publish it: the NHSBSA CKAN portal
/// (<c>package_show</c> for both EPD datasets and the BNF datasets, <c>resource_show</c> with a signed <c>zip_url</c>), the
/// zip and BNF file with byte ranges, the ODS <c>epraccur</c> report, and postcodes.io bulk lookups answered from the
/// generator's own postcodes.io response (<c>null</c> for its deliberately unknown postcodes; terminated lookups 404).</summary>
public sealed class GeneratedUpstream : IAsyncDisposable
{
    public const string EpdSnomedDataset = "english-prescribing-dataset-epd-with-snomed-code";
    public const string EpdRetiredDataset = "english-prescribing-data-epd";
    public const string BnfCurrentDataset = "bnf-code-information-current-year";
    public const string BnfHistoricDataset = "bnf-code-information-historic";
    public const string PrescribingResourceId = "3e4f2a1c-epd-snomed";
    public const string PostcodesPath = "/postcodes";
    public const string TerminatedPrefix = "/terminated_postcodes/";

    private readonly Dictionary<string, JsonNode?> _postcodeAnswers;
    private FakeFile? _prescribingZip;

    private GeneratedUpstream(FakeUpstream server, GeneratedDataset dataset, Dictionary<string, JsonNode?> postcodeAnswers)
    {
        Server = server;
        Dataset = dataset;
        _postcodeAnswers = postcodeAnswers;
    }

    public FakeUpstream Server { get; }

    public GeneratedDataset Dataset { get; }

    public GeneratedMonth Month => Dataset.Months.Single();

    /// <summary>The month's prescribing zip (what <c>zip_url</c> points at).</summary>
    public FakeFile PrescribingZip => _prescribingZip ?? throw new InvalidOperationException("Not mapped yet.");

    public string PrescribingZipName => Path.GetFileName(Month.PrescribingFile);

    public FakeFile BnfFile { get; private set; } = null!;

    public string BnfFileName => Path.GetFileName(Dataset.BnfCodeFile);

    public FakeFile Epraccur { get; private set; } = null!;

    /// <summary>Postcodes the fake postcodes.io answers with a location, and their coordinates.</summary>
    public IReadOnlyDictionary<string, (double Latitude, double Longitude)> Located =>
        _postcodeAnswers.Where(p => p.Value is not null)
            .ToDictionary(p => p.Key, p => (p.Value!["latitude"]!.GetValue<double>(), p.Value!["longitude"]!.GetValue<double>()));

    /// <summary>Postcodes the fake postcodes.io does not know.</summary>
    public IReadOnlyList<string> Unknown => [.. _postcodeAnswers.Where(p => p.Value is null).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>Generates <paramref name="month"/> (zipped EPD SNOMED, current-year BNF file) into <paramref name="folder"/>
    /// and starts serving it.</summary>
    public static async Task<GeneratedUpstream> StartAsync(string folder, YearMonth month, long rows = 3000, int seed = 1)
    {
        var dataset = SampleGenerator.Generate(new GeneratorOptions(folder, month, month)
        {
            RowsPerMonth = rows,
            Format = SampleFormat.EpdSnomed,
            Compression = SampleCompression.Zip,
            BnfLayout = BnfCodeFileLayout.CurrentYear,
            Seed = seed,
        });
        var answers = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var item in JsonNode.Parse(await File.ReadAllTextAsync(dataset.PostcodesIoFile))!["result"]!.AsArray())
        {
            answers[Postcode.Key(item!["query"]!.GetValue<string>())!] = item["result"]?.DeepClone();
        }
        var upstream = new GeneratedUpstream(await FakeUpstream.StartAsync(), dataset, answers);
        upstream.MapAll();
        return upstream;
    }

    /// <summary>The environment variables that point <c>rxatlas</c> at this server and <paramref name="lakeRoot"/>, with
    /// retries that wait milliseconds rather than seconds (or minutes, for DAG task retries).</summary>
    public IReadOnlyDictionary<string, string> Environment(string lakeRoot) => new Dictionary<string, string>
    {
        ["RXATLAS_Sources__Nhsbsa__BaseUrl"] = Server.BaseUrl.AbsoluteUri,
        ["RXATLAS_Sources__NhsDigital__BaseUrl"] = Server.BaseUrl.AbsoluteUri,
        ["RXATLAS_Sources__Ods__BaseUrl"] = Server.BaseUrl.AbsoluteUri,
        ["RXATLAS_Sources__PostcodesIo__BaseUrl"] = Server.BaseUrl.AbsoluteUri,
        ["RXATLAS_Sources__PostcodesIo__RequestsPerSecond"] = "0",
        ["RXATLAS_Lake__Root"] = lakeRoot,
        ["RXATLAS_Download__MaxRetries"] = "3",
        ["RXATLAS_Download__RetryBaseDelay"] = "00:00:00.001",
        ["RXATLAS_Download__MaxRetryDelay"] = "00:00:00.005",
        ["RXATLAS_Download__BufferSize"] = "4096",
        ["RXATLAS_Pipeline__TaskRetries"] = "1",
        ["RXATLAS_Pipeline__TaskRetryDelay"] = "00:00:00.010",
    };

    /// <summary>SHA-256 (lower-case hex) of what the server serves for a lake file name.</summary>
    public string Sha256Of(FakeFile file) => Convert.ToHexStringLower(SHA256.HashData(file.Content));

    /// <summary>GET requests for file bytes (not API calls) the server has answered, by path.</summary>
    public int Gets(string path) => Server.Requests.Count(r => r.Method == "GET" && r.Path == path);

    public static string ZipPath(string name) => "/zips/" + name;

    public static string BnfPath(string name) => "/bnf/" + name;

    public const string OdsPath = "/api/getReport";

    /// <summary>Where the month's list-size file is served once <see cref="PublishListSizes"/> has run.</summary>
    public const string ListSizePath = "/files/gp-reg-pat-prac-all.csv";

    /// <summary>Where the publication's practice map is served once <see cref="PublishListSizes"/> has run with it.</summary>
    public const string PracticeMapPath = "/files/map/gp-reg-pat-prac-map.csv";

    /// <summary>The practice map served at <see cref="PracticeMapPath"/> (null until published with one).</summary>
    public FakeFile? PracticeMap { get; private set; }

    /// <summary>NHS Digital publishes the month's "Patients Registered at a GP Practice" page, linking the generated
    /// practice-totals file and, as recent publications do, its practice map (until then the page answers 404, as for
    /// a month not published yet).</summary>
    /// <param name="withMap">False for an older publication, which links no practice map.</param>
    public FakeFile PublishListSizes(bool withMap = true)
    {
        var month = Month.Month;
        var mapLink = withMap ? $"<li><a href=\"{PracticeMapPath}\">Mapping (GP practice to sub-ICB location, ICB and region)</a></li>" : "";
        Server.MapText($"/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/{System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month.Month).ToLowerInvariant()}-{month.Year}",
            $"<html><body><ul><li><a href=\"{ListSizePath}\">Patients registered at a GP practice, totals</a></li>{mapLink}</ul></body></html>");
        if (withMap) PracticeMap = Server.MapFile(PracticeMapPath, File.ReadAllBytes(Month.PracticeMapFile!));
        return Server.MapFile(ListSizePath, File.ReadAllBytes(Month.ListSizeFile!));
    }

    /// <summary>NHSBSA republishes the month: the same CSV without its last row, zipped again and listed with a later date.
    /// The new zip is written to <paramref name="folder"/>; returns the exact totals of the new file.</summary>
    public SourceTotals RepublishWithoutLastRow(string folder)
    {
        string csv;
        string entryName;
        using (var zip = ZipFile.OpenRead(Month.PrescribingFile))
        {
            var entry = zip.Entries.Single();
            entryName = entry.Name;
            using var reader = new StreamReader(entry.Open());
            csv = reader.ReadToEnd();
        }
        var body = csv.TrimEnd('\r', '\n');
        var corrected = body[..(body.LastIndexOf('\n') + 1)];
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, PrescribingZipName);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry(entryName).Open());
            writer.Write(corrected);
        }
        MapPrescribing(File.ReadAllBytes(path), "2021-06-02T08:00:00.000000");

        var release = ReleaseCatalog.Scan([path]).Months.Single();
        foreach (var _ in release.ReadPrescribing())
        {
        }
        return release.Totals;
    }

    private void MapPrescribing(byte[] zipBytes, string published)
    {
        var month = Month.Month;
        var name = $"EPD_SNOMED_{month.Year:D4}{month.Month:D2}";
        var csvUrl = Server.Url($"/datasets/epd/{Path.ChangeExtension(PrescribingZipName, ".csv")}");
        var zipUrl = Server.Url(ZipPath(PrescribingZipName) + "?Expires=1700000000&Signature=abc");
        Server.MapPackage(EpdSnomedDataset, Ckan.Resource(PrescribingResourceId, name, csvUrl, size: zipBytes.Length * 6L, created: published));
        Server.MapJson($"{Ckan.ResourceShow}?id={PrescribingResourceId}",
            Ckan.Envelope(Ckan.Resource(PrescribingResourceId, name, csvUrl, size: zipBytes.Length * 6L, created: published, zipUrl: zipUrl.AbsoluteUri)));
        if (_prescribingZip is null) _prescribingZip = Server.MapFile(ZipPath(PrescribingZipName), zipBytes);
        else _prescribingZip.Content = zipBytes;
    }

    private void MapAll()
    {
        var published = "2021-05-13T09:30:00.000000";
        MapPrescribing(File.ReadAllBytes(Month.PrescribingFile), published);
        Server.MapPackage(EpdRetiredDataset);

        var bnfBytes = File.ReadAllBytes(Dataset.BnfCodeFile);
        Server.MapPackage(BnfCurrentDataset,
            Ckan.Resource("bnf-current-88", Path.GetFileNameWithoutExtension(BnfFileName) + "_FINAL", Server.Url(BnfPath(BnfFileName)), size: bnfBytes.Length, created: published));
        Server.MapPackage(BnfHistoricDataset);
        BnfFile = Server.MapFile(BnfPath(BnfFileName), bnfBytes);

        Epraccur = Server.MapFile(OdsPath, File.ReadAllBytes(Dataset.EpraccurFile), contentDisposition: "attachment; filename=\"epraccur.csv\"");

        Server.Map(PostcodesPath, AnswerBulkAsync);
    }

    /// <summary>Answers a postcodes.io bulk lookup (at most 100 postcodes).</summary>
    public Task AnswerBulkAsync(HttpContext ctx)
    {
        if (ctx.Request.Method != "POST") return FakeUpstream.WriteJson(ctx, new { status = 405, error = "POST only" }, 405);
        using var body = JsonDocument.Parse(FakeUpstream.BodyOf(ctx));
        var queries = body.RootElement.GetProperty("postcodes").EnumerateArray().Select(p => p.GetString()!).ToList();
        if (queries.Count > 100) return FakeUpstream.WriteJson(ctx, new { status = 400, error = "No more than 100 postcodes per request" }, 400);
        var result = new JsonArray();
        foreach (var query in queries)
        {
            var answer = _postcodeAnswers.TryGetValue(Postcode.Key(query) ?? "", out var found) ? found?.DeepClone() : null;
            result.Add(new JsonObject { ["query"] = query, ["result"] = answer });
        }
        return FakeUpstream.WriteJson(ctx, new JsonObject { ["status"] = 200, ["result"] = result });
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
