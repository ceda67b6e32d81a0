using Kairos.Core;

namespace Kairos.Core.Tests;

public class BarSeriesTests
{
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);

    private static Bar At(int day, double close) =>
        new(new DateTimeOffset(2024, 1, day, 0, 0, 0, TimeSpan.Zero), close, close + 1, close - 1, close, 100);

    [Fact]
    public void Columns_mirror_bars()
    {
        var series = new BarSeries(Aapl, [At(2, 10), At(3, 11), At(4, 12)]);
        Assert.Equal(3, series.Count);
        Assert.Equal([10.0, 11.0, 12.0], series.Close);
        Assert.Equal([11.0, 12.0, 13.0], series.High);
        Assert.Equal([9.0, 10.0, 11.0], series.Low);
        Assert.Equal(new DateOnly(2024, 1, 3), series[1].Date);
        Assert.Equal(2, series.Take(2).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Take(4));
    }

    [Fact]
    public void Rejects_unsorted_bars()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BarSeries(Aapl, [At(3, 10), At(2, 11)]));
        Assert.Contains("bar 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_duplicate_timestamps()
    {
        Assert.Throws<ArgumentException>(() => new BarSeries(Aapl, [At(2, 10), At(2, 10)]));
    }

    [Fact]
    public void Same_instant_in_another_offset_is_a_duplicate()
    {
        var utc = At(2, 10);
        var ny = utc with { Timestamp = utc.Timestamp.ToOffset(TimeSpan.FromHours(-5)) };
        Assert.Throws<ArgumentException>(() => new BarSeries(Aapl, [utc, ny]));
    }

    [Fact]
    public void Empty_series_is_allowed()
    {
        Assert.Equal(0, new BarSeries(Aapl, []).Count);
    }
}
