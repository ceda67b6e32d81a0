using Kairos.Core;
using Kairos.Forecasting;
using Kairos.Forecasting.Kronos;
using Kairos.Kronos;

namespace Kairos.Forecasting.Tests;

/// <summary>Kronos behind IForecaster, on the tiny golden checkpoint.</summary>
public sealed class KronosForecasterTests : IDisposable
{
    private readonly KronosModel _model;

    public KronosForecasterTests()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kairos.slnx")))
        {
            dir = dir.Parent;
        }

        var tiny = Path.Combine(dir!.FullName, "tests", "Kairos.Kronos.Tests", "Fixtures", "tiny");
        ModelDir = Path.Combine(tiny, "model");
        TokenizerDir = Path.Combine(tiny, "tokenizer");
        _model = KronosModel.Load(ModelDir, TokenizerDir);
    }

    private string ModelDir { get; }

    private string TokenizerDir { get; }

    public void Dispose() => _model.Dispose();

    private static BarSeries Series(int n, int seed)
    {
        var rng = new Random(seed);
        var bars = new List<Bar>();
        var c = 100.0;
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < n; i++)
        {
            var o = c;
            c *= 1 + ((rng.NextDouble() - 0.5) * 0.04);
            bars.Add(new Bar(start.AddDays(i), o, Math.Max(o, c) * 1.01, Math.Min(o, c) * 0.99, c, 1000 + rng.Next(500)));
        }

        return new BarSeries(new Instrument("BTCUSD", AssetClass.Crypto), bars);
    }

    private KronosForecaster Forecaster(int samples = 4, int seed = 7) =>
        new(_model, CheckpointIdentity.Compute(ModelDir, TokenizerDir), new KronosForecasterOptions { Lookback = 40, MaxContext = 40, Samples = samples, Seed = seed, WindowsPerBatch = 3 });

    [Fact]
    public void A_forecast_depends_only_on_its_window_not_on_the_batch()
    {
        var s = Series(80, 1);
        var f = Forecaster();
        var batch = new BarForecast[5];
        f.Forecast(s, [50, 51, 52, 53, 79], batch, CancellationToken.None);
        var single = new BarForecast[1];
        f.Forecast(s, [53], single, CancellationToken.None);
        Assert.Equal(batch[3], single[0]);

        // The same window at another position of a longer series: same forecast.
        var longer = new BarSeries(s.Instrument, Series(80, 1).Bars.Concat(Series(90, 2).Bars.Skip(80).Select((b, i) => b with { Timestamp = s[79].Timestamp.AddDays(i + 1) })));
        var again = new BarForecast[1];
        f.Forecast(longer, [53], again, CancellationToken.None);
        Assert.Equal(single[0], again[0]);
    }

    [Fact]
    public void Forecasts_are_consistent_bars_with_sample_spreads()
    {
        var s = Series(60, 3);
        var output = new BarForecast[4];
        Forecaster(samples: 6).Forecast(s, [40, 45, 50, 59], output, CancellationToken.None);
        foreach (var x in output)
        {
            Assert.True(x.High >= Math.Max(x.Open, x.Close));
            Assert.True(x.Low <= Math.Min(x.Open, x.Close));
            Assert.True(x.Low > 0);
            Assert.True(x.CloseSpread >= 0);
        }

        var one = new BarForecast[1];
        Forecaster(samples: 1).Forecast(s, [59], one, CancellationToken.None);
        Assert.Equal(0, one[0].CloseSpread);
    }

    [Fact]
    public void Identity_names_weights_and_every_setting()
    {
        var a = Forecaster();
        Assert.StartsWith("kronos/v1(sha256:", a.Identity, StringComparison.Ordinal);
        Assert.NotEqual(a.Identity, Forecaster(samples: 5).Identity);
        Assert.NotEqual(a.Identity, Forecaster(seed: 8).Identity);
        Assert.Equal(40, a.ContextLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Forecast(Series(60, 4), [10], new BarForecast[1], CancellationToken.None));
    }

    [Fact]
    public void The_panel_memo_calls_kronos_once_per_window()
    {
        var s = Series(70, 5);
        var f = Forecaster(samples: 2);
        var memo = new ForecastMemo();
        var panel = ForecastPanel.Build(s, f, 45, 69, memo);
        Assert.Equal(25, panel.Computed);
        Assert.Equal(0, ForecastPanel.Build(s, f, 45, 69, memo).Computed);
    }
}
