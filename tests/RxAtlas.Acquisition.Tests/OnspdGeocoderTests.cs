using System.Text;
using RxAtlas.Acquisition.Geocoding;
using RxAtlas.Acquisition.Tests.Fakes;
using RxAtlas.Core;

namespace RxAtlas.Acquisition.Tests;

public sealed class OnspdGeocoderTests
{
    private const string Feb2023Header =
        "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,park,lsoa01,msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua11,buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,lsoa21,msoa21";

    private const string Nov2025Header =
        "pcd7,pcd8,pcds,dointr,doterm,cty25cd,ced25cd,lad25cd,wd25cd,parncp25cd,usrtypind,east1m,north1m,gridind,hlth19cd,nhser24cd,ctry25cd,rgn25cd,ssr95cd,pcon24cd,eer20cd,educ23cd,ttwa15cd,pco19cd,itl25cd,wdstl05cd,oa01cd,wdcas03cd,npark16cd,lsoa01cd,msoa01cd,ruc01ind,oac01ind,oa11cd,lsoa11cd,msoa11cd,wz11cd,sicbl24cd,bua24cd,ruc11ind,oac11ind,lat,long,lep21cd1,lep21cd2,pfa23cd,imd20ind,cal24cd,icb23cd,oa21cd,lsoa21cd,msoa21cd,ruc21ind";

    /// <summary>A row for <paramref name="header"/> with the named columns set and the rest blank.</summary>
    private static string Row(string header, Dictionary<string, string> values) =>
        string.Join(',', header.Split(',').Select(h => values.TryGetValue(h, out var v) ? v : ""));

    [Fact]
    public async Task Geocode_Feb2023Layout_ColumnsFoundByName()
    {
        using var temp = new TempFolder();
        var path = temp.File("ONSPD_FEB_2023_UK.csv");
        File.WriteAllText(path, Feb2023Header + "\n"
            + Row(Feb2023Header, new() { ["pcd"] = "\"TS5 8SB\"", ["pcds"] = "\"TS5 8SB\"", ["rgn"] = "E12000001", ["sicbl"] = "E38000247", ["icb"] = "E54000050", ["oscty"] = "E99999999", ["lat"] = "54.560000", ["long"] = "-1.310000" }) + "\n"
            + Row(Feb2023Header, new() { ["pcds"] = "AB1 0AA", ["rgn"] = "S99999999", ["lat"] = "57.101474", ["long"] = "-2.242851" }) + "\n");

        var results = await new OnspdGeocoder(path).GeocodeAsync(["ts58sb", "AB10AA", "XX1 1XX"]);

        Assert.Equal(new PostcodeLocation("TS5 8SB", 54.56, -1.31, RegionCode: "E12000001", IcbCode: "E54000050", SubIcbCode: "E38000247"), results[0]);
        Assert.Equal(("AB1 0AA", 57.101474, (string?)null), (results[1].Postcode, results[1].Latitude, results[1].RegionCode));
        Assert.Equal(new PostcodeLocation("XX1 1XX", null, null), results[2]);
    }

    [Fact]
    public async Task Geocode_Nov2025ZipWithMultiCsv_ReadsTheUkFileAndTreatsNoLocationMarkerAsMissing()
    {
        using var temp = new TempFolder();
        var csv = Nov2025Header + "\r\n"
            + Row(Nov2025Header, new() { ["pcds"] = "M1 1AE", ["rgn25cd"] = "E12000002", ["icb23cd"] = "E54000007", ["sicbl24cd"] = "E38000217", ["cty25cd"] = "E13000001", ["lat"] = "53.479", ["long"] = "-2.236" }) + "\r\n"
            + Row(Nov2025Header, new() { ["pcds"] = "GY1 1AA", ["rgn25cd"] = "L99999999", ["lat"] = "99.999999", ["long"] = "0.000000" }) + "\r\n";
        var path = temp.File("ONSPD_NOV_2025.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            Write(zip, "Data/multi_csv/ONSPD_NOV_2025_UK_M.csv", Nov2025Header + "\r\n");
            Write(zip, "Documents/readme.csv", "nothing");
            Write(zip, "Data/ONSPD_NOV_2025_UK.csv", csv);
        }

        var results = await new OnspdGeocoder(path).GeocodeAsync(["M1 1AE", "GY1 1AA"]);

        Assert.Equal(new PostcodeLocation("M1 1AE", 53.479, -2.236, County: "E13000001", RegionCode: "E12000002", IcbCode: "E54000007", SubIcbCode: "E38000217"), results[0]);
        Assert.Equal(("GY1 1AA", (double?)null, (double?)null), (results[1].Postcode, results[1].Latitude, results[1].Longitude));
    }

    [Fact]
    public async Task Geocode_HeaderWithoutLatitude_ThrowsDataFormatException()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.csv");
        File.WriteAllText(path, "pcds,long\nTS5 8SB,-1.3\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => new OnspdGeocoder(path).GeocodeAsync(["TS5 8SB"]));

        Assert.Equal("lat", error.Field);
    }

    [Theory]
    [InlineData("ONSPD_NOV_2025.zip", "ONSPD_NOV_2025.zip")]
    [InlineData("ONSPD_NOV_2025.zip!Data/ONSPD_NOV_2025_UK.csv", "ONSPD_NOV_2025.zip")]
    [InlineData("ONSPD_FEB_2023_UK.csv", "ONSPD_FEB_2023_UK.csv")]
    public void Create_FileMissing_ThrowsAtOnceNamingIt(string name, string missing)
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<FileNotFoundException>(() => new OnspdGeocoder(temp.File(name)));

        Assert.Equal(temp.File(missing), error.FileName);
        Assert.Equal($"The ONSPD file {temp.File(missing)} does not exist.", error.Message);
    }

    private static void Write(System.IO.Compression.ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.ASCII.GetBytes(text));
    }
}
