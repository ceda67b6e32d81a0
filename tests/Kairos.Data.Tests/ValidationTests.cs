using Kairos.Core;
using static Kairos.Data.Tests.TestFiles;

namespace Kairos.Data.Tests;

public class ValidationTests
{
    private const string Header = "timestamp,open,high,low,close,volume\n";

    [Fact]
    public void Empty_file_fails()
    {
        var ex = Fails("");
        Assert.Equal("test.csv: the file is empty", ex.Message);
        Assert.Null(ex.LineNumber);
        Assert.Null(ex.Field);
        Assert.Equal(Source, ex.SourceName);
    }

    [Fact]
    public void Blank_lines_only_is_empty() => Assert.Equal("test.csv: the file is empty", Fails("\n  \n\n").Message);

    [Fact]
    public void Header_only_fails() =>
        Assert.Equal("test.csv, line 1: the file has a header but no data rows", Fails(Header).Message);

    [Theory]
    [InlineData("timestamp,open,high,low,volume", "close")]
    [InlineData("open,high,low,close,volume", "timestamp")]
    [InlineData("Date,Open,High,Close,Volume", "low")]
    [InlineData("t,o,l,c,v", "high")]
    [InlineData("Date,High,Low,Close", "open")]
    public void Missing_required_column_fails_naming_it(string header, string column)
    {
        var ex = Fails(header + "\n2024-01-02,1,1,1,1\n");
        Assert.Equal((1, column), (ex.LineNumber, ex.Field));
        Assert.StartsWith($"test.csv, line 1, field '{column}': the header has no {column} column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_columns_with_one_meaning_fail()
    {
        var ex = Fails("timestamp,open,high,low,close,c,volume\n2024-01-02,10,11,9,10.5,10.5,1000\n");
        Assert.Equal("test.csv, line 1, field 'c': columns 'close' and 'c' both mean close", ex.Message);
    }

    [Fact]
    public void Header_line_number_counts_leading_blank_lines()
    {
        var ex = Fails("\n\ntimestamp,open,high,low,close,volume\n2024-01-02,10,11,9,x,1000\n");
        Assert.Equal(4, ex.LineNumber);
    }

    [Fact]
    public void Short_row_fails_naming_the_first_missing_column()
    {
        var ex = Fails(Header + "2024-01-02,10,11,9,10.5,1000\n2024-01-03,10,11,9\n");
        Assert.Equal("test.csv, line 3, field 'close': the row has 4 cells but the header has 6", ex.Message);
    }

    [Fact]
    public void Long_row_fails()
    {
        var ex = Fails(Header + "2024-01-02,10,11,9,10.5,1000,7\n");
        Assert.Equal("test.csv, line 2: the row has 7 cells but the header has 6", ex.Message);
        Assert.Null(ex.Field);
    }

    [Theory]
    [InlineData("2024-01-02,,11,9,10.5,1000", "open", "the cell is empty")]
    [InlineData("2024-01-02,10,11,9,10.5,", "volume", "the cell is empty")]
    [InlineData(",10,11,9,10.5,1000", "timestamp", "the timestamp is empty")]
    [InlineData("2024-01-02,10,11,9,1O.5,1000", "close", "'1O.5' is not a number")]
    [InlineData("2024-01-02,10,11,9,10,5,1000", null, "the row has 7 cells but the header has 6")] // decimal comma
    [InlineData("2024-01-02,10,11,9,null,1000", "close", "'null' is not a number")]
    [InlineData("2024-01-02,10,11,9,\"1,000\",1000", null, "the row has 7 cells but the header has 6")]
    [InlineData("2024-01-02,10,11,9,10.5,1 000", "volume", "'1 000' is not a number")]
    [InlineData("2024-01-02,NaN,11,9,10.5,1000", "open", "'NaN' is not a finite number")]
    [InlineData("2024-01-02,10,Infinity,9,10.5,1000", "high", "'Infinity' is not a finite number")]
    [InlineData("2024-01-02,10,11,-Infinity,10.5,1000", "low", "'-Infinity' is not a finite number")]
    [InlineData("2024-01-02,10,11,9,10.5,1e400", "volume", "'1e400' is not a finite number")]
    [InlineData("2024-01-02,10,11,9,0,1000", "close", "a price must be greater than 0, got 0")]
    [InlineData("2024-01-02,-10,11,9,10.5,1000", "open", "a price must be greater than 0, got -10")]
    [InlineData("2024-01-02,10,11,9,10.5,-1", "volume", "volume must not be negative, got -1")]
    [InlineData("2024-01-02,10,9,11,10.5,1000", "high", "high 9 is below low 11")]
    [InlineData("2024-13-01,10,11,9,10.5,1000", "timestamp", "'2024-13-01' is not a timestamp (expected YYYY-MM-DD, or ISO-8601 date and time with an optional offset)")]
    [InlineData("01/02/2024,10,11,9,10.5,1000", "timestamp", "'01/02/2024' is not a timestamp (expected YYYY-MM-DD, or ISO-8601 date and time with an optional offset)")]
    [InlineData("2024-02-30,10,11,9,10.5,1000", "timestamp", "'2024-02-30' is not a timestamp (expected YYYY-MM-DD, or ISO-8601 date and time with an optional offset)")]
    [InlineData("20240102,10,11,9,10.5,1000", "timestamp", "'20240102' is not a timestamp (expected YYYY-MM-DD, or ISO-8601 date and time with an optional offset)")]
    public void Bad_cell_fails_with_line_and_field(string row, string? field, string detail)
    {
        var ex = Fails(Header + "2024-01-01,10,11,9,10.5,1000\n" + row + "\n");

        Assert.Equal(3, ex.LineNumber);
        Assert.Equal(field, ex.Field);
        Assert.Equal(detail, ex.Detail);
        var location = field is null ? "test.csv, line 3" : $"test.csv, line 3, field '{field}'";
        Assert.Equal($"{location}: {detail}", ex.Message);
    }

    [Fact]
    public void Open_above_high_within_tolerance_widens_high()
    {
        var result = Load(Header + "2024-01-02,11.05,11,9,10.5,1000\n");

        Assert.Equal(new Bar(Utc(2024, 1, 2), 11.05, 11.05, 9, 10.5, 1000), result.Series[0]);
        Assert.Equal([new BarRepair(Source, 2, "high", BarRepairRule.WidenedRange, "high 11 raised to 11.05 to include open 11.05")], result.Repairs);
    }

    [Fact]
    public void Close_below_low_within_tolerance_widens_low()
    {
        var result = Load(Header + "2024-01-02,10,11,9,8.95,1000\n");

        Assert.Equal(new Bar(Utc(2024, 1, 2), 10, 11, 8.95, 8.95, 1000), result.Series[0]);
        Assert.Equal([new BarRepair(Source, 2, "low", BarRepairRule.WidenedRange, "low 9 lowered to 8.95 to include close 8.95")], result.Repairs);
    }

    [Fact]
    public void Open_and_close_both_outside_give_one_repair_per_widened_bound()
    {
        var result = Load("Date,Open,High,Low,Close,Volume\n2024-01-02,11.05,11,9,8.95,1000\n2024-01-03,11.05,11,9,11.1,1000\n");

        Assert.Equal(
            [
                new BarRepair(Source, 2, "High", BarRepairRule.WidenedRange, "high 11 raised to 11.05 to include Open 11.05"),
                new BarRepair(Source, 2, "Low", BarRepairRule.WidenedRange, "low 9 lowered to 8.95 to include Close 8.95"),
                new BarRepair(Source, 3, "High", BarRepairRule.WidenedRange, "high 11 raised to 11.1 to include Open 11.05 and Close 11.1"),
            ],
            result.Repairs);
        Assert.Equal(new Bar(Utc(2024, 1, 3), 11.05, 11.1, 9, 11.1, 1000), result.Series[1]);
    }

    [Fact]
    public void Open_or_close_beyond_tolerance_fails()
    {
        var above = Fails(Header + "2024-01-02,10,11,9,11.2,1000\n");
        Assert.Equal(
            "test.csv, line 2, field 'close': close 11.2 is above high 11 by 1.8182% (range [low, high]); more than the 1% repair tolerance",
            above.Message);

        var below = Fails(Header + "2024-01-02,8,11,9,10,1000\n");
        Assert.Equal((2, "open"), (below.LineNumber, below.Field));
        Assert.Contains("below low 9", below.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_tolerance_fails_any_excursion()
    {
        var ex = Fails(Header + "2024-01-02,11.0001,11,9,10.5,1000\n", policy: new BarValidationPolicy { RangeRepairTolerance = 0 });
        Assert.Equal((2, "open"), (ex.LineNumber, ex.Field));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Tolerance_must_be_in_unit_interval(double tolerance) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BarValidationPolicy { RangeRepairTolerance = tolerance });

    [Fact]
    public void Default_policy()
    {
        Assert.Equal(0.01, BarValidationPolicy.Default.RangeRepairTolerance);
        Assert.False(BarValidationPolicy.Default.UseAdjustedClose);
        Assert.True(BarValidationPolicy.Default.ReportGaps);
    }

    [Fact]
    public void Identical_duplicate_is_dropped_and_reported()
    {
        var result = Load(Header + "2024-01-02,10,11,9,10.5,1000\n2024-01-02,10,11,9,10.5,1000\n2024-01-03,10,11,9,10.5,1000\n");

        Assert.Equal(2, result.Series.Count);
        Assert.Equal(
            [new BarRepair(Source, 3, "timestamp", BarRepairRule.DroppedDuplicate, "timestamp 2024-01-02 and values repeat line 2; row dropped")],
            result.Repairs);
    }

    [Fact]
    public void Same_instant_written_with_another_offset_is_a_duplicate()
    {
        var result = Load(Header + "2024-01-02T14:30:00Z,10,11,9,10.5,1000\n2024-01-02T09:30:00-05:00,10,11,9,10.5,1000\n");

        Assert.Single(result.Series.Bars);
        Assert.Equal(BarRepairRule.DroppedDuplicate, Assert.Single(result.Repairs).Rule);
    }

    [Fact]
    public void Conflicting_duplicate_fails()
    {
        var ex = Fails(Header + "2024-01-02,10,11,9,10.5,1000\n2024-01-02,10,11,9,10.6,1000\n");
        Assert.Equal("test.csv, line 3, field 'timestamp': timestamp 2024-01-02 repeats line 2 with different values", ex.Message);
    }

    [Fact]
    public void Newest_first_file_is_reversed_with_one_repair()
    {
        var result = Load(Header + "2024-01-04,12,13,11,12.5,3\n2024-01-03,11,12,10,11.5,2\n2024-01-02,10,11,9,10.5,1\n");

        Assert.Equal([Utc(2024, 1, 2), Utc(2024, 1, 3), Utc(2024, 1, 4)], result.Series.Bars.Select(b => b.Timestamp));
        Assert.Equal([1.0, 2.0, 3.0], result.Series.Volume);
        Assert.Equal([new BarRepair(Source, 2, "timestamp", BarRepairRule.ReversedOrder, "all 3 rows are newest-first; reversed")], result.Repairs);
    }

    [Fact]
    public void Local_disorder_is_sorted_with_one_repair_per_late_row()
    {
        var result = Load(Header + "2024-01-02,10,11,9,10.5,1\n2024-01-04,10,11,9,10.5,3\n2024-01-03,10,11,9,10.5,2\n2024-01-05,10,11,9,10.5,4\n2024-01-01,10,11,9,10.5,0\n");

        Assert.Equal([0.0, 1.0, 2.0, 3.0, 4.0], result.Series.Volume);
        Assert.Equal(
            [
                new BarRepair(Source, 4, "timestamp", BarRepairRule.SortedOutOfOrderRow, "2024-01-03 comes after 2024-01-04 on line 3; rows sorted by timestamp"),
                new BarRepair(Source, 6, "timestamp", BarRepairRule.SortedOutOfOrderRow, "2024-01-01 comes after 2024-01-05 on line 5; rows sorted by timestamp"),
            ],
            result.Repairs);
    }

    [Fact]
    public void Late_identical_duplicate_is_sorted_then_dropped()
    {
        var result = Load(Header + "2024-01-02,10,11,9,10.5,1\n2024-01-03,10,11,9,10.5,2\n2024-01-02,10,11,9,10.5,1\n");

        Assert.Equal(2, result.Series.Count);
        Assert.Equal([BarRepairRule.SortedOutOfOrderRow, BarRepairRule.DroppedDuplicate], result.Repairs.Select(r => r.Rule));
        Assert.All(result.Repairs, r => Assert.Equal(4, r.Line));
    }

    [Fact]
    public void Repairs_are_ordered_by_line()
    {
        var result = Load("timestamp,open,high,low,close\n2024-01-03,11.05,11,9,10.5\n2024-01-02,10,11,9,10.5\n2024-01-04,10,11,9,10.5\n");

        Assert.Equal([1, 2, 3], result.Repairs.Select(r => r.Line));
        Assert.Equal([BarRepairRule.DefaultedVolume, BarRepairRule.WidenedRange, BarRepairRule.SortedOutOfOrderRow], result.Repairs.Select(r => r.Rule));
        Assert.Equal("test.csv, line 2, field 'high': WidenedRange: high 11 raised to 11.05 to include open 11.05", result.Repairs[1].ToString());
    }

    [Fact]
    public void Equity_gaps_are_missing_nyse_sessions_and_not_filled()
    {
        // 2024-07-04 is a holiday and 07-06/07 a weekend: only 07-08 and 07-09 are missing.
        var result = Load(Header + "2024-07-03,10,11,9,10.5,1\n2024-07-05,10,11,9,10.5,1\n2024-07-10,10,11,9,10.5,1\n");

        Assert.Equal(3, result.Series.Count);
        Assert.Equal([new BarGap(new DateOnly(2024, 7, 8), new DateOnly(2024, 7, 9), 2)], result.Gaps);
        Assert.Equal(2, result.MissingSessions);
        Assert.Empty(result.BarsOnClosedDays);
        Assert.Empty(result.Repairs);
        Assert.Equal("2024-07-08..2024-07-09 (2 missing)", result.Gaps[0].ToString());
    }

    [Fact]
    public void Equity_bars_on_closed_days_are_reported()
    {
        var result = Load(Header + "2024-07-03,10,11,9,10.5,1\n2024-07-04,10,11,9,10.5,1\n2024-07-06,10,11,9,10.5,1\n2024-07-08,10,11,9,10.5,1\n");

        Assert.Equal([new DateOnly(2024, 7, 4), new DateOnly(2024, 7, 6)], result.BarsOnClosedDays);
        Assert.Equal([new BarGap(new DateOnly(2024, 7, 5), new DateOnly(2024, 7, 5), 1)], result.Gaps);
    }

    [Fact]
    public void Crypto_gaps_count_every_calendar_day()
    {
        var result = Load(Header + "2024-07-05,10,11,9,10.5,1\n2024-07-06,10,11,9,10.5,1\n2024-07-09,10,11,9,10.5,1\n2024-07-11,10,11,9,10.5,1\n", "BTCUSD");

        Assert.Equal(
            [new BarGap(new DateOnly(2024, 7, 7), new DateOnly(2024, 7, 8), 2), new BarGap(new DateOnly(2024, 7, 10), new DateOnly(2024, 7, 10), 1)],
            result.Gaps);
        Assert.Equal(3, result.MissingSessions);
        Assert.Empty(result.BarsOnClosedDays);
    }

    [Fact]
    public void Gap_report_can_be_switched_off()
    {
        var result = Load(Header + "2024-07-05,10,11,9,10.5,1\n2024-07-09,10,11,9,10.5,1\n", "BTCUSD", new BarValidationPolicy { ReportGaps = false });
        Assert.Empty(result.Gaps);
    }

    [Fact]
    public void Intraday_series_are_not_gap_checked()
    {
        var result = Load(Header + "2024-07-05T14:00:00Z,10,11,9,10.5,1\n2024-07-09T14:00:00Z,10,11,9,10.5,1\n", "BTCUSD");
        Assert.False(result.IsDaily);
        Assert.Empty(result.Gaps);
    }

    [Fact]
    public void Loader_rejects_null_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => BarCsvLoader.Load(new StringReader(Header), Source, null!, BarValidationPolicy.Default));
        Assert.Throws<ArgumentNullException>(() => BarCsvLoader.Load(new StringReader(Header), Source, Instrument.Infer("AAPL"), null!));
        Assert.Throws<ArgumentException>(() => BarCsvLoader.Load(new StringReader(Header), "", Instrument.Infer("AAPL"), BarValidationPolicy.Default));
    }

    [Fact]
    public void Exception_standard_constructors()
    {
        Assert.Null(new BarDataException().LineNumber);
        Assert.Equal("m", new BarDataException("m").Message);
        var inner = new InvalidOperationException();
        Assert.Same(inner, new BarDataException("m", inner).InnerException);
    }
}
