using System.Data;
using RxAtlas.Cli;
using RxAtlas.Cli.Output;
using Spectre.Console;

namespace RxAtlas.Cli.Tests;

public class TabularWriterTests
{
    private static DataTable Sample()
    {
        var table = new DataTable();
        table.Columns.Add("practice_code", typeof(string));
        table.Columns.Add("month", typeof(DateTime));
        table.Columns.Add("actual_cost", typeof(decimal));
        table.Columns.Add("items", typeof(long));
        table.Rows.Add("N81002", new DateTime(2019, 11, 1), 14.55976m, 3L);
        table.Rows.Add("A, \"quoted\"", new DateTime(2019, 12, 1), -0.10000m, 0L);
        table.Rows.Add(DBNull.Value, new DateTime(2020, 1, 1), 0m, 1L);
        return table;
    }

    [Fact]
    public async Task Csv_HasHeaderRowQuotesFieldsAndKeepsExactDecimals()
    {
        var output = new StringWriter();
        var rows = await TabularWriter.WriteCsvAsync(Sample().CreateDataReader(), output);

        Assert.Equal(3, rows);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("practice_code,month,actual_cost,items", lines[0]);
        Assert.Equal("N81002,2019-11-01,14.55976,3", lines[1]);
        Assert.Equal("\"A, \"\"quoted\"\"\",2019-12-01,-0.10000,0", lines[2]); // exact, at the value's own scale
        Assert.Equal(",2020-01-01,0,1", lines[3]);
    }

    [Fact]
    public async Task Json_WritesNumbersAsNumbersAndNullsAsNull()
    {
        var output = new StringWriter();
        await TabularWriter.WriteJsonAsync(Sample().CreateDataReader(), output);

        using var doc = System.Text.Json.JsonDocument.Parse(output.ToString());
        var first = doc.RootElement[0];
        Assert.Equal(14.55976m, first.GetProperty("actual_cost").GetDecimal());
        Assert.Equal("2019-11-01", first.GetProperty("month").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, doc.RootElement[2].GetProperty("practice_code").ValueKind);
    }

    [Fact]
    public async Task Table_PrintsEveryRowAndACount()
    {
        var output = new StringWriter();
        var context = new CliContext(output, new StringWriter());
        await TabularWriter.WriteAsync(Sample().CreateDataReader(), OutputFormat.Table, context);

        var text = output.ToString();
        Assert.Contains("N81002", text);
        Assert.Contains("14.55976", text);
        Assert.Contains("3 rows", text);
    }

    [Fact]
    public async Task Table_OfMoreRowsThanTheLimit_ShowsTheFirstAndSaysHowToGetAll()
    {
        var many = new DataTable();
        many.Columns.Add("n", typeof(long));
        for (long n = 1; n <= TabularWriter.TableRowLimit + 5; n++) many.Rows.Add(n);
        var output = new StringWriter();
        var context = new CliContext(output, new StringWriter());

        var rows = await TabularWriter.WriteAsync(many.CreateDataReader(), OutputFormat.Table, context);

        var text = output.ToString();
        Assert.Equal(TabularWriter.TableRowLimit, rows);
        Assert.Contains($" {TabularWriter.TableRowLimit} ", text);
        Assert.DoesNotContain($" {TabularWriter.TableRowLimit + 1} ", text);
        Assert.Contains("use --format csv or json", text);
    }

    [Theory]
    [InlineData(null, CliContext.UnboundedWidth)]
    [InlineData("", CliContext.UnboundedWidth)]
    [InlineData("wide", CliContext.UnboundedWidth)]
    [InlineData("0", CliContext.UnboundedWidth)]
    [InlineData("132", 132)]
    public void WidthOffTerminal_ColumnsWhenANumberElseUnbounded(string? columns, int width) =>
        Assert.Equal(width, CliContext.WidthOffTerminal(columns));

    [Fact]
    public void Table_WrittenToAPipe_IsAsWideAsTheContextAllows()
    {
        var output = new StringWriter();
        var context = new CliContext(output, new StringWriter());
        var cell = new string('x', Math.Min(150, context.Console.Profile.Width - 10));

        context.Console.Write(new Table().AddColumn("detail").AddRow(cell));

        Assert.True(context.Console.Profile.Width > 80);
        Assert.Contains(output.ToString().Split('\n'), line => line.Contains(cell, StringComparison.Ordinal));
    }
}
