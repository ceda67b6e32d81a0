using System.Buffers.Binary;
using System.Globalization;
using Kairos.Core;
using Kairos.Kronos;

namespace Kairos.Forecasting.Kronos;

/// <summary>
/// Kronos behind <see cref="IForecaster"/>: the window of <c>Lookback</c> bars ending at the decision bar (daily
/// timestamps from the bars, volume from the bars; amount = volume × mean(OHLC) as the reference derives it), one bar
/// forecast for the instrument's next session, <c>Samples</c> sampled paths. The forecast is the mean path (the
/// reference's output) and the spread of each field is the standard deviation over the sampled paths. Windows of a
/// panel are batched, <c>WindowsPerBatch</c> at a time. Sampling is seeded per window from the configured seed and the
/// window's content, so a forecast depends only on its window and settings (the memo's contract) whatever the batch.
/// </summary>
public sealed class KronosForecaster : IForecaster
{
    private readonly KronosPredictor _predictor;
    private readonly KronosForecasterOptions _options;

    /// <param name="model">A loaded model (the caller owns and disposes it).</param>
    /// <param name="checkpointIdentity">What identifies the weights (e.g. the SHA-256 of both safetensors files).</param>
    /// <param name="options">Sampling and window settings.</param>
    public KronosForecaster(KronosModel model, string checkpointIdentity, KronosForecasterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointIdentity);
        _options = options ?? new KronosForecasterOptions();
        _options.Validate();
        _predictor = new KronosPredictor(model);
        var o = _options;
        Identity = string.Create(
            CultureInfo.InvariantCulture,
            $"kronos/v1({checkpointIdentity};lookback={o.Lookback},ctx={o.MaxContext},T={o.Temperature:R},k={o.TopK},p={o.TopP:R},S={o.Samples},clip={o.Clip:R},seed={o.Seed})");
    }

    public string Identity { get; }

    public int ContextLength => _options.Lookback;

    public int MinimumHistory => _options.Lookback;

    public void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (decisionIndices.Length != forecasts.Length)
        {
            throw new ArgumentException("decisionIndices and forecasts must have the same length.", nameof(forecasts));
        }

        var indices = decisionIndices.ToArray();
        for (var start = 0; start < indices.Length; start += _options.WindowsPerBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_options.WindowsPerBatch, indices.Length - start);
            var inputs = new SeriesInput[count];
            var seeds = new int[count];
            for (var i = 0; i < count; i++)
            {
                var t = indices[start + i];
                inputs[i] = Window(series, t);
                seeds[i] = WindowSeed(series, t);
            }

            // Every window samples from its own generator, so a batch predicts exactly what single calls would.
            var results = _predictor.PredictBatch(inputs, _options.ToPrediction(_options.Seed), seeds);
            for (var i = 0; i < count; i++)
            {
                forecasts[start + i] = ToBarForecast(results[i]);
            }
        }
    }

    private SeriesInput Window(BarSeries s, int t)
    {
        var n = _options.Lookback;
        if (t < n - 1 || t >= s.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"{s.Instrument.Symbol}: Kronos needs {n} bars up to the decision bar; index {t} of {s.Count} is out of range.");
        }

        var first = t - n + 1;
        var times = new DateTime[n];
        float[] o = new float[n], h = new float[n], l = new float[n], c = new float[n], v = new float[n];
        for (var i = 0; i < n; i++)
        {
            var bar = s[first + i];
            times[i] = bar.Timestamp.UtcDateTime;
            (o[i], h[i], l[i], c[i], v[i]) = ((float)bar.Open, (float)bar.High, (float)bar.Low, (float)bar.Close, (float)bar.Volume);
        }

        var calendar = s.Instrument.Calendar;
        var next = calendar.NextTradingDay(s[t].Date).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return SeriesInput.FromColumns(times, o, h, l, c, v, null, [next]);
    }

    private int WindowSeed(BarSeries s, int t)
    {
        var key = ForecastKey.For(this, s, t).WindowHash;
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, key);
        return _options.Seed ^ BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    private static BarForecast ToBarForecast(SeriesForecast f)
    {
        var samples = f.Samples;
        var s = samples.GetLength(0);
        Span<double> spread = stackalloc double[4];
        for (var c = 0; c < 4; c++)
        {
            double mean = 0, m2 = 0;
            for (var k = 0; k < s; k++)
            {
                var x = (double)samples[k, 0, c];
                var d = x - mean;
                mean += d / (k + 1);
                m2 += d * (x - mean);
            }

            spread[c] = s > 1 ? Math.Sqrt(m2 / s) : 0;
        }

        var open = (double)f.Mean[0, 0];
        var close = (double)f.Mean[0, 3];

        // The reference applies no post-processing, so a sampled mean bar can be inconsistent; the forecast contract
        // requires high ≥ max(open, close) ≥ min(open, close) ≥ low > 0.
        var high = Math.Max(f.Mean[0, 1], Math.Max(open, close));
        var low = Math.Min(f.Mean[0, 2], Math.Min(open, close));
        low = low > 0 ? low : Math.Min(open, close) * 0.5;
        return new BarForecast(open, high, low, close, spread[0], spread[1], spread[2], spread[3]);
    }
}
