using Kairos.Core;
using Kairos.Forecasting;

namespace Kairos.Forecasting.Tests;

public class ForecastPanelTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class CountingForecaster : IForecaster
    {
        private readonly BaselineForecaster _inner = new();

        public string Identity => _inner.Identity;

        public int ContextLength => _inner.ContextLength;

        public int MinimumHistory => _inner.MinimumHistory;

        public int Calls { get; private set; }

        public int Windows { get; private set; }

        public void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken)
        {
            Calls++;
            Windows += decisionIndices.Length;
            _inner.Forecast(series, decisionIndices, forecasts, cancellationToken);
        }
    }

    private static BarSeries Series(int n, int seed = 1)
    {
        var rng = new Random(seed);
        var bars = new List<Bar>();
        var c = 100.0;
        for (var i = 0; i < n; i++)
        {
            var o = c;
            c *= 1 + ((rng.NextDouble() - 0.5) * 0.04);
            bars.Add(new Bar(Start.AddDays(i), o, Math.Max(o, c) * 1.01, Math.Min(o, c) * 0.99, c, 1));
        }

        return new BarSeries(new Instrument("AAA", AssetClass.Equity), bars);
    }

    [Fact]
    public void Each_distinct_window_is_forecast_once_in_one_batch()
    {
        var s = Series(120);
        var f = new CountingForecaster();
        var memo = new ForecastMemo();
        var panel = ForecastPanel.Build(s, f, 30, 119, memo);
        Assert.Equal(1, f.Calls);
        Assert.Equal(90, f.Windows);
        Assert.Equal(90, panel.Computed);

        // Same range again: everything memoised, the forecaster is not called.
        var again = ForecastPanel.Build(s, f, 30, 119, memo);
        Assert.Equal(1, f.Calls);
        Assert.Equal(0, again.Computed);
        Assert.Equal(panel[77], again[77]);

        // The next day's run (one more bar) needs exactly one new window.
        var longer = new BarSeries(s.Instrument, s.Bars.Concat([new Bar(Start.AddDays(120), 100, 101, 99, 100, 1)]));
        var next = ForecastPanel.Build(longer, f, 31, 120, memo);
        Assert.Equal(1, next.Computed);
        Assert.Equal(91, f.Windows);
    }

    [Fact]
    public void Panel_values_equal_direct_forecasts()
    {
        var s = Series(80);
        var f = new BaselineForecaster();
        var panel = ForecastPanel.Build(s, f, 25, 79);
        var direct = new BarForecast[1];
        f.Forecast(s, [60], direct, CancellationToken.None);
        Assert.Equal(direct[0], panel[60]);
        Assert.Throws<ArgumentOutOfRangeException>(() => panel[24]);
    }

    [Fact]
    public void Key_changes_with_any_byte_of_the_window_and_with_settings()
    {
        var s = Series(60);
        var f = new BaselineForecaster();
        var k = ForecastKey.For(f, s, 50);
        var bars = s.Bars.ToArray();
        bars[45] = bars[45] with { Volume = bars[45].Volume + 1 };
        Assert.NotEqual(k, ForecastKey.For(f, new BarSeries(s.Instrument, bars), 50));

        // A change before the window does not matter.
        var early = s.Bars.ToArray();
        early[5] = early[5] with { Close = early[5].Close * 1.01 };
        Assert.Equal(k, ForecastKey.For(f, new BarSeries(s.Instrument, early), 50));
        Assert.NotEqual(k, ForecastKey.For(new BaselineForecaster(new BaselineForecasterOptions { DriftShrink = 0.4 }), s, 50));
    }

    [Fact]
    public void Ranges_are_checked()
    {
        var s = Series(40);
        var f = new BaselineForecaster();
        Assert.Throws<ArgumentOutOfRangeException>(() => ForecastPanel.Build(s, f, 10, 30));
        Assert.Throws<ArgumentOutOfRangeException>(() => ForecastPanel.Build(s, f, 25, 40));
    }
}
