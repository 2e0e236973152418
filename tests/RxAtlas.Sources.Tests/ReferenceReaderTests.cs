using RxAtlas.Core;

namespace RxAtlas.Sources.Tests;

public sealed class ReferenceReaderTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void AddressReader_PaddedNineFields_AddressJoinedPostcodeNormalisedMonthRead()
    {
        var reader = AddressReader.Open(_files.Write("T201008ADDR BNFT.CSV", Fixtures.AddrPadded, crlf: true));
        var practices = reader.Read().ToList();

        Assert.Equal(new PracticeRecord("A86003", "HIGH STREET SURGERY", "1 HIGH STREET, FAILSWORTH, MANCHESTER", "M35 0AA"), practices[0]);
        Assert.Equal(new PracticeRecord("A86998", "UNIDENTIFIED DOCTORS", null, null), practices[1]);
        Assert.Equal(new YearMonth(2010, 8), reader.Month);
    }

    [Fact]
    public void AddressReader_EightFieldsLatin1_Read()
    {
        var practice = Assert.Single(AddressReader.Open(_files.Write("T201911ADDR BNFT.csv", Fixtures.AddrClean)).Read());
        Assert.Equal(new PracticeRecord("N81002", "CAFÉ PRACTICE", "1 HIGH ST, WIRRAL, MERSEYSIDE", "CH41 1AA"), practice);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AddressReader_FileSavedAsUtf8_NamesReadAsWritten(bool bom)
    {
        const string name = "THE \"NEW\" SURGERY – ÆRØ ÜNÏCODE";
        var path = Path.Combine(_files.Root, "T201911ADDR BNFT.csv");
        byte[] preamble = bom ? [0xEF, 0xBB, 0xBF] : [];
        File.WriteAllBytes(path, [.. preamble, .. System.Text.Encoding.UTF8.GetBytes($"201911,N81004,\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\",1 HIGH ST,,,,CH41 1AA\n")]);

        var practice = Assert.Single(AddressReader.Open(path).Read());

        Assert.Equal(name, practice.Name);
    }

    [Fact]
    public void AddressReader_SevenFields_ThrowsWithLine()
    {
        var path = _files.Write("T201911ADDR BNFT.csv", Fixtures.AddrClean + "201911,N81003,X,1 HIGH ST,,,\n");
        var e = Assert.Throws<DataFormatException>(() => AddressReader.Open(path).Read().ToList());
        Assert.Equal(2, e.Line);
        Assert.Contains("7 fields; expected 8 or 9", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "the row is for 2019-10; expected 2019-11, like the file's first row")]
    [InlineData(true, "the row is for 2019-10; expected 2019-11, the month of its release")]
    public void AddressReader_RowOfAnotherMonth_SaysWhichMonthWasExpectedAndWhy(bool releaseMonthKnown, string message)
    {
        var text = releaseMonthKnown ? "201910,N81003,X,1 HIGH ST,,,,LS1 1AB\n" : Fixtures.AddrClean + "201910,N81003,X,1 HIGH ST,,,,LS1 1AB\n";
        var file = SourceFile.Open(_files.Write("T201911ADDR BNFT.csv", text));

        var e = Assert.Throws<DataFormatException>(() => new AddressReader(file, releaseMonthKnown ? new YearMonth(2019, 11) : null).Read().ToList());

        Assert.Equal((releaseMonthKnown ? 1L : 2L, "PERIOD"), (e.Line, e.Field));
        Assert.StartsWith(message, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AddressReader_BadPeriod_NamesPeriodField()
    {
        var path = _files.Write("T201911ADDR BNFT.csv", "PERIOD,PRACTICE_CODE,NAME,A1,A2,A3,COUNTY,POSTCODE\n");
        var e = Assert.Throws<DataFormatException>(() => AddressReader.Open(path).Read().ToList());
        Assert.Equal((1L, "PERIOD"), (e.Line, e.Field));
    }

    [Fact]
    public void BnfCodeReader_OldLayout_CodesPaddedAndDummyLevelsNull()
    {
        var records = BnfCodeReader.Read(_files.Write("20200201_1580570906919_BNF_Code_Information.csv", Fixtures.BnfOld)).ToList();

        Assert.Equal(new BnfRecord("0101010A0AAAAAA", "Alexitol Sod_Tab 360mg", "0101010A0AA", "Alexitol Sodium", "0101010A0", "Alexitol Sodium",
            "0101010", "Antacids and Simeticone", "010101", "Antacids and Simeticone", "0101", "Dyspep&Gastro-Oesophageal Reflux Disease",
            "01", "Gastro-Intestinal System"), records[0]);
        Assert.Equal(new BnfRecord("20031000015", "Crepe Bandage BP 7.5cm x 4.5m", null, null, null, null, null, null, null, null,
            "2003", "Wound Management & Other Dressings", "20", "Dressings"), records[1]);
    }

    [Fact]
    public void BnfCodeReader_NewLayout_RepeatedLevelsNullAndBlankRowsSkipped()
    {
        var records = BnfCodeReader.Read(_files.Write("BNF_CODE_CURRENT_202503_VERSION_88.csv", Fixtures.BnfNew)).ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal("0212000B0", records[0].ChemicalCode);
        Assert.Equal("021200", records[0].ParagraphCode);
        Assert.Equal(new BnfRecord("20020100101", "Arm sling large", "20020100101", "Sling", null, null, null, null, null, null,
            "2002", "Arm Sling/Bandages", "20", "Dressings"), records[1]);
    }

    [Fact]
    public void BnfCodeReader_BadPresentationCode_Throws()
    {
        var path = _files.Write("bnf.csv", Fixtures.BnfNew.Replace("0212000B0AAABAB", "0212000B0AAAB", StringComparison.Ordinal));
        var e = Assert.Throws<DataFormatException>(() => BnfCodeReader.Read(path).ToList());
        Assert.Equal((2L, "BNF_PRESENTATION_CODE"), (e.Line, e.Field));
    }

    [Fact]
    public void BnfCodeReader_HeaderMissingALevel_NamesTheColumn()
    {
        var path = _files.Write("bnf.csv", Fixtures.BnfOld.Replace("BNF Product Code", "BNF Prod Code", StringComparison.Ordinal));
        var e = Assert.Throws<DataFormatException>(() => BnfCodeReader.Read(path).ToList());
        Assert.Equal((1L, "BNF Product Code"), (e.Line, e.Field));
    }

    [Fact]
    public void PostcodeLookupReader_ColumnsMappedByNameNotPosition()
    {
        const string text = "postcode,region,county,latitude,longitude\nts58sb,North East,Cleveland,54.55,-1.25\nZZ1 1ZZ,,,,\n";
        var locations = PostcodeLookupReader.Read(_files.Write("postcodes.csv", text)).ToList();

        Assert.Equal(new PostcodeLocation("TS5 8SB", 54.55, -1.25, County: "Cleveland", RegionName: "North East"), locations[0]);
        Assert.Equal(new PostcodeLocation("ZZ1 1ZZ", null, null), locations[1]);
    }

    [Fact]
    public void PostcodeLookupReader_BadCoordinate_NamesField()
    {
        var path = _files.Write("postcodes.csv", "postcode,county,region,longitude,latitude\nTS5 8SB,,,-1.25,north\n");
        var e = Assert.Throws<DataFormatException>(() => PostcodeLookupReader.Read(path).ToList());
        Assert.Equal((2L, "latitude"), (e.Line, e.Field));
    }

    [Fact]
    public void PostcodesIoResponseReader_MapsFieldsSkipsNotFoundAndKeepsNullCoordinates()
    {
        const string json = """
            {"status":200,"result":[
              {"query":"TS58SB","result":{"postcode":"TS5 8SB","longitude":-1.25,"latitude":54.55,"region":"North East",
                "admin_county":null,"icb":"NHS North East and North Cumbria Integrated Care Board","ccg":"NHS North East and North Cumbria - 16C",
                "codes":{"ccg":"E38000247","ccg_id":"16C"}}},
              {"query":"XX1 1XX","result":null},
              {"query":"GY1 1AA","result":{"postcode":"GY1 1AA","longitude":null,"latitude":null,"region":null,"codes":{}}}
            ]}
            """;
        var locations = PostcodesIoResponseReader.Read(_files.Write("postcodes-io.json", json));

        Assert.Equal(2, locations.Count);
        Assert.Equal(new PostcodeLocation("TS5 8SB", 54.55, -1.25, RegionName: "North East",
            IcbName: "NHS North East and North Cumbria Integrated Care Board", SubIcbCode: "16C",
            SubIcbName: "NHS North East and North Cumbria - 16C"), locations[0]);
        Assert.Equal(new PostcodeLocation("GY1 1AA", null, null), locations[1]);
    }

    [Fact]
    public void PostcodesIoResponseReader_NotAResponse_Throws()
    {
        var path = _files.Write("postcodes-io.json", """{"status":200}""");
        Assert.Throws<DataFormatException>(() => PostcodesIoResponseReader.Read(path));
    }

    [Fact]
    public void EpraccurReader_QuotedCrlf_FieldsByPositionWithCommissionerFallback()
    {
        var practices = EpraccurReader.Read(_files.Write("epraccur.csv", Fixtures.Epraccur)).ToList();

        Assert.Equal(new PracticeRecord("A81043", "THE CAFÉ MEDICAL CENTRE", "1 ROAD, MIDDLESBROUGH, CLEVELAND", "TS5 8SB",
            RegionCode: "Y63", RegionName: "NORTH EAST AND YORKSHIRE", IcbCode: "QHM", SubIcbCode: "16C", Setting: "4", Status: "A"), practices[0]);
        Assert.Equal("03Q", practices[1].SubIcbCode);
        Assert.Null(practices[1].Address);
    }

    [Fact]
    public void EpraccurReader_WrongFieldCount_Throws()
    {
        var path = _files.Write("epraccur.csv", Fixtures.Epraccur + "\"A81044\",\"SHORT\"\n");
        var e = Assert.Throws<DataFormatException>(() => EpraccurReader.Read(path).ToList());
        Assert.Equal(3, e.Line);
        Assert.Contains("expected 27", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ChemicalSubstanceReader_OddHeaderAndPaddedNames_ReadByPosition()
    {
        const string text = "CHEM SUB ,NAME                                                        ,201008,\n0101010A0,Alexitol Sodium                                             ,\n";
        var chemical = Assert.Single(ChemicalSubstanceReader.Read(SourceFile.Open(_files.Write("T201008CHEM SUBS.csv", text))));
        Assert.Equal(new ChemicalSubstance("0101010A0", "Alexitol Sodium"), chemical);
    }
}
