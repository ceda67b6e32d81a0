using Kairos.Core;
using Kairos.Forecasting.Caching;
using Kairos.Forecasting.Kronos;
using Kairos.Kronos;

namespace Kairos.Forecasting.Tests.Caching;

/// <summary>Every input of a forecast is part of its cache key; identical inputs give the identical key.</summary>
public sealed class ForecastCacheKeyTests : IDisposable
{
    private const int Decision = 40;
    private readonly KronosModel _model;
    private readonly string _modelDir;
    private readonly string _tokenizerDir;

    public ForecastCacheKeyTests()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kairos.slnx")))
        {
            dir = dir.Parent;
        }

        var tiny = Path.Combine(dir!.FullName, "tests", "Kairos.Kronos.Tests", "Fixtures", "tiny");
        _modelDir = Path.Combine(tiny, "model");
        _tokenizerDir = Path.Combine(tiny, "tokenizer");
        _model = KronosModel.Load(_modelDir, _tokenizerDir);
    }

    public void Dispose() => _model.Dispose();

    [Fact]
    public void Identical_inputs_give_the_identical_key_wherever_the_window_sits()
    {
        var f = new BaselineForecaster();
        var s = CacheFixtures.Series(60);
        var a = ForecastCacheKey.For(f, s, Decision);
        var b = ForecastCacheKey.For(new BaselineForecaster(), CacheFixtures.Series(60), Decision);
        Assert.Equal(a, b);
        Assert.Equal(a.Hex, b.Hex);
        Assert.Equal(64, a.Hex.Length);

        // The same 21-bar window at the end of a shorter series: same content, same key.
        var shorter = new BarSeries(s.Instrument, s.Bars.Take(Decision + 1));
        Assert.Equal(a.Hex, ForecastCacheKey.For(f, shorter, Decision).Hex);
    }

    [Fact]
    public void A_changed_window_value_or_timestamp_changes_the_key()
    {
        var f = new BaselineForecaster();
        var s = CacheFixtures.Series(60);
        var key = ForecastCacheKey.For(f, s, Decision).Hex;

        // Every field of the oldest bar the window reads (index 40 − 21 + 1 = 20), and the decision bar's timestamp.
        var changes = new Func<Bar, Bar>[]
        {
            b => b with { Open = b.Open + 1e-9 },
            b => b with { High = b.High + 1e-9 },
            b => b with { Low = b.Low - 1e-9 },
            b => b with { Close = b.Close * (1 + 1e-12) },
            b => b with { Volume = b.Volume + 1 },
            b => b with { Timestamp = b.Timestamp.AddSeconds(1) },
        };
        foreach (var change in changes)
        {
            Assert.NotEqual(key, ForecastCacheKey.For(f, With(s, Decision - f.ContextLength + 1, change), Decision).Hex);
        }

        Assert.NotEqual(key, ForecastCacheKey.For(f, With(s, Decision, b => b with { Timestamp = b.Timestamp.AddTicks(1) }), Decision).Hex);

        // A bar outside the window (one before its first) does not take part.
        Assert.Equal(key, ForecastCacheKey.For(f, With(s, Decision - f.ContextLength, b => b with { Close = b.Close * 2, High = b.High * 2 }), Decision).Hex);
    }

    [Fact]
    public void The_symbol_is_part_of_the_key()
    {
        var f = new BaselineForecaster();
        var a = CacheFixtures.Series(60, "AAA");
        var b = new BarSeries(Instrument.Infer("BBB"), a.Bars);
        Assert.Equal(ForecastKey.For(f, a, Decision), ForecastKey.For(f, b, Decision));
        Assert.NotEqual(ForecastCacheKey.For(f, a, Decision).Hex, ForecastCacheKey.For(f, b, Decision).Hex);
    }

    [Fact]
    public void The_baseline_options_are_part_of_the_key()
    {
        var s = CacheFixtures.Series(60);
        var key = ForecastCacheKey.For(new BaselineForecaster(), s, Decision).Hex;
        Assert.NotEqual(key, ForecastCacheKey.For(new BaselineForecaster(new BaselineForecasterOptions { DriftShrink = 0.4 }), s, Decision).Hex);
        Assert.NotEqual(key, ForecastCacheKey.For(new BaselineForecaster(new BaselineForecasterOptions { HalfLife = 6 }), s, Decision).Hex);
    }

    [Fact]
    public void Every_Kronos_sampling_setting_the_seed_and_the_checkpoint_change_the_key()
    {
        var s = CacheFixtures.Series(60);
        var options = new KronosForecasterOptions { Lookback = 30, MaxContext = 30, Samples = 4, Seed = 7 };
        var identity = CheckpointIdentity.Compute(_modelDir, _tokenizerDir);
        var key = Key(identity, options);
        Assert.Equal(key, Key(identity, options with { }));

        // WindowsPerBatch changes only how windows are grouped, never a forecast (KronosForecasterTests), so it shares keys.
        Assert.Equal(key, Key(identity, options with { WindowsPerBatch = 1 }));
        var variants = new[]
        {
            options with { Seed = 8 },
            options with { Temperature = 0.153f },
            options with { TopK = 19 },
            options with { TopP = 0.84 },
            options with { Samples = 5 },
            options with { Clip = 1.9f },
            options with { MaxContext = 29 },
        };
        var keys = variants.Select(v => Key(identity, v)).Append(key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());

        // Another checkpoint (other weight bytes) gives another identity and so another key.
        using var scratch = CacheFixtures.Scratch();
        var model = Directory.CreateDirectory(scratch.File("model")).FullName;
        var tokenizer = Directory.CreateDirectory(scratch.File("tokenizer")).FullName;
        foreach (var (from, to) in new[] { (_modelDir, model), (_tokenizerDir, tokenizer) })
        {
            File.Copy(Path.Combine(from, "config.json"), Path.Combine(to, "config.json"));
            File.Copy(Path.Combine(from, "model.safetensors"), Path.Combine(to, "model.safetensors"));
        }

        Assert.Equal(identity, CheckpointIdentity.Compute(model, tokenizer));
        var weights = File.ReadAllBytes(Path.Combine(model, "model.safetensors"));
        weights[^1] ^= 1;
        File.WriteAllBytes(Path.Combine(model, "model.safetensors"), weights);
        var other = CheckpointIdentity.Compute(model, tokenizer);
        Assert.NotEqual(identity, other);
        Assert.NotEqual(key, Key(other, options));

        string Key(string checkpoint, KronosForecasterOptions o) => ForecastCacheKey.For(new KronosForecaster(_model, checkpoint, o), s, Decision).Hex;
    }

    private static BarSeries With(BarSeries s, int index, Func<Bar, Bar> change) =>
        new(s.Instrument, s.Bars.Select((b, i) => i == index ? change(b) : b));
}
