using Microsoft.Extensions.Configuration;
using RxAtlas.Acquisition.Tests.Fakes;

namespace RxAtlas.Acquisition.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void FromConfiguration_NothingSet_PublishedDefaults()
    {
        var options = AcquisitionOptions.FromConfiguration(new ConfigurationBuilder().Build());

        Assert.Equal("https://opendata.nhsbsa.net", options.Sources.Nhsbsa.BaseUrl);
        Assert.Equal("https://digital.nhs.uk", options.Sources.NhsDigital.BaseUrl);
        Assert.Equal("https://www.odsdatasearchandexport.nhs.uk", options.Sources.Ods.BaseUrl);
        Assert.Equal("https://api.postcodes.io", options.Sources.PostcodesIo.BaseUrl);
        Assert.Equal(Path.Combine(".", "data", "lake"), options.Lake.Root);
    }

    [Fact]
    public void FromConfiguration_Keys_BindNestedOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:Ods:BaseUrl"] = "http://127.0.0.1:9/ods",
            ["Sources:PostcodesIo:BatchSize"] = "50",
            ["Download:RetryBaseDelay"] = "00:00:00.010",
            ["Lake:Root"] = "/tmp/lake",
        }).Build();

        var options = AcquisitionOptions.FromConfiguration(configuration);

        Assert.Equal("http://127.0.0.1:9/ods", options.Sources.Ods.BaseUrl);
        Assert.Equal(50, options.Sources.PostcodesIo.BatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(10), options.Download.RetryBaseDelay);
        Assert.Equal("/tmp/lake", options.Lake.Root);
    }

    [Fact]
    public void Load_AppSettingsThenPrefixedEnvironmentVariable_EnvironmentWins()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("appsettings.json"), """
            { "Sources": { "Nhsbsa": { "BaseUrl": "http://from-json.test" }, "NhsDigital": { "BaseUrl": "http://digital-from-json.test" } } }
            """);
        Environment.SetEnvironmentVariable("RXATLAS_Sources__Nhsbsa__BaseUrl", "http://from-env.test");
        try
        {
            var options = AcquisitionOptions.Load(temp.Path);

            Assert.Equal("http://from-env.test", options.Sources.Nhsbsa.BaseUrl);
            Assert.Equal("http://digital-from-json.test", options.Sources.NhsDigital.BaseUrl);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Sources__Nhsbsa__BaseUrl", null);
        }
    }

    [Fact]
    public void SourceCatalog_BaseUrlNotHttp_RefusedNamingTheKey()
    {
        using var temp = new TempFolder();
        using var http = new HttpClient();
        var options = new AcquisitionOptions { Lake = new LakeOptions { Root = temp.Path } };
        options.Sources.Nhsbsa.BaseUrl = "opendata.nhsbsa.net";

        var error = Assert.Throws<ArgumentException>(() => new SourceCatalog(Lake.FromOptions(options), http, options));

        Assert.Contains("Sources:Nhsbsa:BaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all", 5)]
    [InlineData("epd", 1)]
    [InlineData("EPD, listsize", 2)]
    public void ParseSources_Names(string text, int count) => Assert.Equal(count, SourceKinds.Parse(text).Count);

    [Fact]
    public void ParseSources_UnknownName_Refused() => Assert.Throws<ArgumentException>(() => SourceKinds.Parse("epd,gridall"));
}
