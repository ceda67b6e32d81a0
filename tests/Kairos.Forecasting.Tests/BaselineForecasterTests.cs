using Kairos.Core;
using Kairos.Forecasting;

namespace Kairos.Forecasting.Tests;

public class BaselineForecasterTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Closes growing 1 % a day, open = close, high = close·1.01, low = close·0.99.</summary>
    private static BarSeries Growth(int n)
    {
        var bars = new List<Bar>();
        var c = 100.0;
        for (var i = 0; i < n; i++)
        {
            bars.Add(new Bar(Start.AddDays(i), c, c * 1.01, c * 0.99, c, 1));
            c *= 1.01;
        }

        return new BarSeries(new Instrument("AAA", AssetClass.Equity), bars);
    }

    [Fact]
    public void Constant_growth_is_forecast_with_shrunk_drift_and_typical_range()
    {
        var s = Growth(30);
        var f = new BaselineForecaster();
        var output = new BarForecast[1];
        f.Forecast(s, [29], output, CancellationToken.None);
        var c = s.Close[29];
        var mu = 0.5 * Math.Log(1.01);
        Assert.Equal(c * Math.Exp(mu), output[0].Close, 9);
        Assert.Equal(c * Math.Exp(mu), output[0].Open, 9);
        Assert.Equal(c * Math.Exp(mu + Math.Log(1.01)), output[0].High, 9);
        Assert.Equal(c * Math.Exp(mu + Math.Log(0.99)), output[0].Low, 9);

        // Every day moved identically: no dispersion.
        Assert.Equal(0, output[0].CloseSpread, 9);
        Assert.Equal(0, output[0].HighSpread, 9);
    }

    [Fact]
    public void Forecast_reads_only_its_context_window()
    {
        var a = Growth(40);
        var bars = a.Bars.ToArray();
        bars[5] = bars[5] with { Close = bars[5].Close * 1.5, High = bars[5].High * 1.5 };
        var b = new BarSeries(a.Instrument, bars);
        var f = new BaselineForecaster();
        var fa = new BarForecast[1];
        var fb = new BarForecast[1];
        f.Forecast(a, [39], fa, CancellationToken.None);
        f.Forecast(b, [39], fb, CancellationToken.None);
        Assert.Equal(fa[0], fb[0]);
        Assert.Equal(21, f.ContextLength);
    }

    [Fact]
    public void Forecast_is_a_consistent_bar_with_spreads()
    {
        var rng = new Random(3);
        var bars = new List<Bar>();
        var c = 50.0;
        for (var i = 0; i < 60; i++)
        {
            var o = c * (1 + ((rng.NextDouble() - 0.5) * 0.02));
            c = o * (1 + ((rng.NextDouble() - 0.5) * 0.05));
            bars.Add(new Bar(Start.AddDays(i), o, Math.Max(o, c) * 1.01, Math.Min(o, c) * 0.99, c, 1));
        }

        var s = new BarSeries(new Instrument("BBB", AssetClass.Equity), bars);
        var f = new BaselineForecaster();
        var idx = Enumerable.Range(20, 40).ToArray();
        var output = new BarForecast[idx.Length];
        f.Forecast(s, idx, output, CancellationToken.None);
        foreach (var x in output)
        {
            Assert.True(x.High >= Math.Max(x.Open, x.Close));
            Assert.True(x.Low <= Math.Min(x.Open, x.Close));
            Assert.True(x.Low > 0);
            Assert.True(x.CloseSpread > 0);
        }
    }

    [Fact]
    public void Too_little_history_is_a_clear_error()
    {
        var s = Growth(30);
        var f = new BaselineForecaster();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => f.Forecast(s, [10], new BarForecast[1], CancellationToken.None));
        Assert.Contains("AAA", ex.Message, StringComparison.Ordinal);
        Assert.Contains("21 bars", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_are_validated_and_part_of_the_identity()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BaselineForecaster(new BaselineForecasterOptions { Lookback = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BaselineForecaster(new BaselineForecasterOptions { HalfLife = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BaselineForecaster(new BaselineForecasterOptions { DriftShrink = 2 }));
        Assert.NotEqual(new BaselineForecaster().Identity, new BaselineForecaster(new BaselineForecasterOptions { HalfLife = 6 }).Identity);
    }
}
