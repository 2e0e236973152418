using RxAtlas.Acquisition.Tests.Fakes;
using RxAtlas.Core;

namespace RxAtlas.Acquisition.Tests;

public sealed class ListSizeReaderTests
{
    [Fact]
    public void Read_PracticeTotals2026Layout_OneRowPerPractice()
    {
        using var temp = new TempFolder();
        var path = temp.File("gp-reg-pat-prac-all.csv");
        File.WriteAllText(path,
            "\uFEFFPUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n" +
            "GP_PRAC_PAT_LIST,01-Jan-26,GP,16C,E38000247,A81001,TS18 1HU,ALL,ALL,4123\r\n" +
            "GP_PRAC_PAT_LIST,01-Jan-26,GP,16C,E38000247,A81002,TS18 2AW,ALL,ALL,19876\r\n");

        var sizes = ListSizeReader.Read(path);

        Assert.Equal([new PracticeListSize("A81001", new YearMonth(2026, 1), 4123), new PracticeListSize("A81002", new YearMonth(2026, 1), 19876)], sizes);
    }

    [Fact]
    public void Read_QuinaryAgeFile_KeepsOnlyGpRowsForAllSexesAndAges()
    {
        using var temp = new TempFolder();
        var path = temp.File("gp-reg-pat-prac-quin-age.csv");
        File.WriteAllText(path,
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
        using var temp = new TempFolder();
        var path = temp.File("l.csv");
        File.WriteAllText(path, "CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,10\n");

        Assert.Equal(new YearMonth(2020, 4), Assert.Single(ListSizeReader.Read(path, new YearMonth(2020, 4))).Month);
    }

    [Fact]
    public void Read_CountNotANumber_DataFormatExceptionWithLineAndField()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.csv");
        File.WriteAllText(path, "CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,10\nA81002,ALL,ALL,ten\n");

        var error = Assert.Throws<DataFormatException>(() => ListSizeReader.Read(path, new YearMonth(2020, 4)));

        Assert.Equal((path, 3L, "NUMBER_OF_PATIENTS"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Read_NoPracticeCodeColumn_DataFormatException()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.csv");
        File.WriteAllText(path, "PRACTICE,NUMBER_OF_PATIENTS\nA81001,10\n");

        var error = Assert.Throws<DataFormatException>(() => ListSizeReader.Read(path, new YearMonth(2020, 4)));

        Assert.Equal((1L, "CODE"), (error.Line, error.Field));
    }

    [Fact]
    public void Read_PracticeListedTwice_DataFormatException()
    {
        using var temp = new TempFolder();
        var path = temp.File("dup.csv");
        File.WriteAllText(path, "CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,10\nA81001,ALL,ALL,11\n");

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
