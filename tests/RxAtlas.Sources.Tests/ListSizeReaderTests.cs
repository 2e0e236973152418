using RxAtlas.Core;

namespace RxAtlas.Sources.Tests;

public sealed class ListSizeReaderTests
{
    private const string MapHeader =
        "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,ONS_SUB_ICB_LOCATION_CODE," +
        "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME\r\n";

    [Fact]
    public void PracticeMap_2026Layout_GivesEachPracticeItsSubIcbIcbAndRegionWithNames()
    {
        using var temp = new TempFiles();
        var path = temp.Write("gp-reg-pat-prac-map.csv", MapHeader +
            "GP_PRAC_PAT_LIST,01-Jan-26,A81001,\"DR CLARKE, PARTNERS\",TS18 1HU,U12345,STOCKTON PCN,E38000247,16C,NHS TEES VALLEY CCG,E54000050,QHM," +
            "NHS NORTH EAST AND NORTH CUMBRIA INTEGRATED CARE BOARD,E40000012,Y63,NORTH EAST AND YORKSHIRE,EMIS\r\n");

        Assert.Equal(SourceKind.PracticeMap, SourceDetector.Detect(SourceFile.Open(path)).Kind);
        var practice = Assert.Single(PracticeMapReader.Read(path));

        Assert.Equal(new PracticeRecord("A81001", "DR CLARKE, PARTNERS", null, "TS18 1HU", "Y63", "NORTH EAST AND YORKSHIRE",
            "QHM", "NHS NORTH EAST AND NORTH CUMBRIA INTEGRATED CARE BOARD", "16C", "NHS TEES VALLEY CCG"), practice);
    }

    [Fact]
    public void PracticeMap_FillsTheNamesEpraccurLacks_WhenTheCodesAgree()
    {
        using var temp = new TempFiles();
        temp.Write("epraccur.csv",
            "\"A81001\",\"DR CLARKE\",\"Y63\",\"QHM\",\"1 HIGH ST\",\"\",\"\",\"STOCKTON\",\"\",\"TS18 1HU\",\"19740401\",\"\",\"A\",\"B\",\"16C\",\"19740401\",\"\",\"\",\"\",\"\",\"\",\"0\",\"\",\"16C\",\"\",\"4\",\"\"\r\n");
        temp.Write("listsize/2026-01/gp-reg-pat-prac-map.csv", MapHeader +
            "GP_PRAC_PAT_LIST,01-Jan-26,A81001,DR CLARKE,TS18 1HU,U12345,STOCKTON PCN,E38000247,16C,NHS TEES VALLEY CCG,E54000050,QHM,NHS NE AND NC ICB,E40000012,Y63,NORTH EAST AND YORKSHIRE,EMIS\r\n");

        var practice = Assert.Single(ReleaseCatalog.Scan([temp.Root]).ReadReference().Practices);

        Assert.Equal(("QHM", "NHS NE AND NC ICB", "16C", "NHS TEES VALLEY CCG"), (practice.IcbCode, practice.IcbName, practice.SubIcbCode, practice.SubIcbName));
        Assert.Equal("1 HIGH ST, STOCKTON", practice.Address);
    }

    [Fact]
    public void PracticeMap_BadPracticeCode_NamesFileLineAndField()
    {
        using var temp = new TempFiles();
        var path = temp.Write("gp-reg-pat-prac-map.csv", MapHeader +
            "GP_PRAC_PAT_LIST,01-Jan-26,a 81001,X,TS18 1HU,U12345,P,E38000247,16C,S,E54000050,QHM,I,E40000012,Y63,R,EMIS\r\n");

        var error = Assert.Throws<DataFormatException>(() => PracticeMapReader.Read(path));

        Assert.Equal((2L, "PRACTICE_CODE"), (error.Line, error.Field));
        Assert.Contains("gp-reg-pat-prac-map.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PracticeTotals2026Layout_OneRowPerPractice()
    {
        using var temp = new TempFiles();
        var path = temp.Write("gp-reg-pat-prac-all.csv",
            "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n" +
            "GP_PRAC_PAT_LIST,01-Jan-26,GP,16C,E38000247,A81001,TS18 1HU,ALL,ALL,4123\r\n" +
            "GP_PRAC_PAT_LIST,01-Jan-26,GP,16C,E38000247,A81002,TS18 2AW,ALL,ALL,19876\r\n", bom: true);

        var sizes = ListSizeReader.Read(path);

        Assert.Equal([new PracticeListSize("A81001", new YearMonth(2026, 1), 4123), new PracticeListSize("A81002", new YearMonth(2026, 1), 19876)], sizes);
    }

    [Fact]
    public void Read_QuinaryAgeFile_KeepsOnlyGpRowsForAllSexesAndAges()
    {
        using var temp = new TempFiles();
        var path = temp.Write("gp-reg-pat-prac-quin-age.csv",
            "PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,POSTCODE,SEX,AGE_GROUP_5,NUMBER_OF_PATIENTS\n" +
            "GP_PRAC_PAT_LIST,01SEP2017,Comm Region,Y54,E40000001,,ALL,ALL,15000000\n" +
            "GP_PRAC_PAT_LIST,01SEP2017,GP,B85010,,HD8 8EW,ALL,ALL,6939\n" +
            "GP_PRAC_PAT_LIST,01SEP2017,GP,B85010,,HD8 8EW,MALE,ALL,3400\n" +
            "GP_PRAC_PAT_LIST,01SEP2017,GP,B85010,,HD8 8EW,ALL,0_4,400\n");

        var size = Assert.Single(ListSizeReader.Read(path));

        Assert.Equal(new PracticeListSize("B85010", new YearMonth(2017, 9), 6939), size);
    }

    [Fact]
    public void Read_GivenMonth_OverridesExtractDate()
    {
        using var temp = new TempFiles();
        var path = temp.Write("l.csv", "CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,10\n");

        Assert.Equal(new YearMonth(2020, 4), Assert.Single(ListSizeReader.Read(path, new YearMonth(2020, 4))).Month);
    }

    [Fact]
    public void Read_CountNotANumber_DataFormatExceptionWithLineAndField()
    {
        using var temp = new TempFiles();
        var path = temp.Write("bad.csv", "CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,10\nA81002,ALL,ALL,ten\n");

        var error = Assert.Throws<DataFormatException>(() => ListSizeReader.Read(path, new YearMonth(2020, 4)));

        Assert.Equal((path, 3L, "NUMBER_OF_PATIENTS"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Read_TruncatedLine_DataFormatExceptionNamingTheMissingColumn()
    {
        using var temp = new TempFiles();
        var path = temp.Write("gp-reg-pat-prac-all.csv",
            "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n" +
            "GP_PRAC_PAT_LIST,01NOV2019,GP,27D,E38000259,N81002,CW1 1AA,ALL,ALL,6939\r\n" +
            "GP_PRAC_PAT_LIST,01NOV2019,GP,27D,E38000259,N81003,CW2 2BB\r\n");

        var error = Assert.Throws<DataFormatException>(() => ListSizeReader.Read(path));

        Assert.Equal((3L, "NUMBER_OF_PATIENTS"), (error.Line, error.Field));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoPracticeCodeColumn_DataFormatException()
    {
        using var temp = new TempFiles();
        var path = temp.Write("bad.csv", "PRACTICE,NUMBER_OF_PATIENTS\nA81001,10\n");

        var error = Assert.Throws<DataFormatException>(() => ListSizeReader.Read(path, new YearMonth(2020, 4)));

        Assert.Equal((1L, "CODE"), (error.Line, error.Field));
    }

    [Fact]
    public void Read_PracticeListedTwice_DataFormatException()
    {
        using var temp = new TempFiles();
        var path = temp.Write("dup.csv", "CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,10\nA81001,ALL,ALL,11\n");

        Assert.Equal(3, Assert.Throws<DataFormatException>(() => ListSizeReader.Read(path, new YearMonth(2020, 4))).Line);
    }

    [Theory]
    [InlineData("01SEP2017", 2017, 9)]
    [InlineData("01-Apr-17", 2017, 4)]
    [InlineData("2024-06-01", 2024, 6)]
    [InlineData("01/02/2021", 2021, 2)]
    public void ParseExtractDate_PublishedSpellings(string text, int year, int month) =>
        Assert.Equal(new YearMonth(year, month), ListSizeReader.ParseExtractDate(text));
}

public sealed class ListSizeCatalogTests
{
    private const string Header = "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n";

    [Theory]
    [InlineData("gp-reg-pat-prac-all.csv")]
    [InlineData("gp-reg-pat-prac-all-jan-26.csv")]
    [InlineData("gp-reg-pat-prac-quin-age.csv")]
    [InlineData("gp-reg-patients-prac-quin-age.csv")]
    public void KindFromName_ListSizeFileNames_ListSizes(string name) =>
        Assert.Equal(SourceKind.ListSizes, SourceDetector.KindFromName(name));

    [Fact]
    public void KindFromName_SingleAgeFile_NotListSizes() =>
        Assert.Null(SourceDetector.KindFromName("gp-reg-pat-prac-sing-age-male.csv"));

    [Fact]
    public void Detect_UnnamedFileWithListSizeHeader_ListSizes()
    {
        using var temp = new TempFiles();
        var path = temp.Write("sizes.csv", Header + "GP_PRAC_PAT_LIST,01-Jan-26,GP,16C,E38000247,A81001,TS18 1HU,ALL,ALL,4123\n");

        Assert.Equal(SourceKind.ListSizes, SourceDetector.Detect(SourceFile.Open(path)).Kind);
    }

    [Fact]
    public void Scan_FolderWithListSizesOfTwoMonths_GroupedByExtractMonth()
    {
        using var temp = new TempFiles();
        temp.Write("2026-01/gp-reg-pat-prac-all.csv", Header +
            "GP_PRAC_PAT_LIST,01-Jan-26,GP,16C,E38000247,A81002,TS18 2AW,ALL,ALL,200\n" +
            "GP_PRAC_PAT_LIST,01-Jan-26,GP,16C,E38000247,A81001,TS18 1HU,ALL,ALL,100\n");
        temp.Write("2026-02/gp-reg-pat-prac-all.csv", Header + "GP_PRAC_PAT_LIST,01-Feb-26,GP,16C,E38000247,A81001,TS18 1HU,ALL,ALL,101\n");

        var set = ReleaseCatalog.Scan([temp.Root]);
        var months = set.ReadListSizes();

        Assert.Equal(2, set.ListSizeFiles.Count);
        Assert.Empty(set.ReferenceFiles);
        Assert.Empty(set.Months);
        Assert.Equal(
            [new MonthListSizes(new YearMonth(2026, 1), []), new MonthListSizes(new YearMonth(2026, 2), [])],
            months.Select(m => m with { Sizes = [] }));
        Assert.Equal(
            [new PracticeListSize("A81001", new YearMonth(2026, 1), 100), new PracticeListSize("A81002", new YearMonth(2026, 1), 200)],
            months[0].Sizes);
        Assert.Equal(101, Assert.Single(months[1].Sizes).Patients);
    }

    [Fact]
    public void ReadListSizes_MonthGiven_OverridesExtractDate()
    {
        using var temp = new TempFiles();
        temp.Write("gp-reg-pat-prac-all.csv", Header + "GP_PRAC_PAT_LIST,01-Jan-26,GP,16C,E38000247,A81001,TS18 1HU,ALL,ALL,100\n");

        var month = Assert.Single(ReleaseCatalog.Scan([temp.Root]).ReadListSizes(new YearMonth(2025, 12)));

        Assert.Equal(new YearMonth(2025, 12), month.Month);
    }
}
