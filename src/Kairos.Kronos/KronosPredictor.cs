using Kairos.Kronos.Engine;
using Kairos.Kronos.Reference;

namespace Kairos.Kronos;

/// <summary>
/// Kronos forecasting with the reference predictor's exact semantics (kronos-spec.md §4) in eval mode:
/// z-score + clip over the whole input, tokenise, autoregressive sampling with a sliding window of MaxContext tokens,
/// tokenizer decode, samples averaged in normalised space, de-normalise. Additionally returns every sample path and
/// requested quantiles. Concurrent calls on one instance are safe (the cached run state is taken exclusively).
/// </summary>
public sealed class KronosPredictor
{
    private readonly KronosModel _model;

    // Run state of the last call, reused when the next call has the same shape (saves re-allocating and page-faulting
    // the KV caches — hundreds of MB for base with 192 samples). Taken with an exchange so concurrent calls never share it.
    private FastGenerator? _cached;

    public KronosPredictor(KronosModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <summary>Use the straightforward full-recompute implementation (tests only).</summary>
    internal bool UseReferencePath { get; set; }

    /// <summary>Receives every step's logits and choices (tests only).</summary>
    internal Action<StepTrace>? Trace { get; set; }

    /// <summary>Forecasts one series.</summary>
    /// <exception cref="ArgumentException">Bad shapes, NaN/∞ values, too few rows, timestamp counts that do not match.</exception>
    public SeriesForecast Predict(SeriesInput series, PredictionOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        return PredictBatch([series], options)[0];
    }

    /// <summary>Forecasts several series of equal length in one batched run (each normalised with its own statistics).
    /// All rows draw from one generator seeded with <see cref="PredictionOptions.Seed"/> (the reference's batch semantics).</summary>
    public IReadOnlyList<SeriesForecast> PredictBatch(IReadOnlyList<SeriesInput> series, PredictionOptions options) =>
        PredictBatch(series, options, seeds: null);

    /// <summary>
    /// Forecasts several series of equal length in one batched run, series b sampling from its own generator seeded with
    /// <paramref name="seeds"/>[b]: each series then gets the same tokens it would get from <see cref="Predict"/> with
    /// that seed, whatever else is in the batch — what a memo keyed by window content needs.
    /// </summary>
    public IReadOnlyList<SeriesForecast> PredictBatch(IReadOnlyList<SeriesInput> series, PredictionOptions options, IReadOnlyList<int>? seeds)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ObjectDisposedException.ThrowIf(_model.IsDisposed, _model);
        if (series.Count == 0)
        {
            throw new ArgumentException("At least one series is required.", nameof(series));
        }

        var n = series[0].Values.GetLength(0);
        var b = series.Count;
        var xs = new float[b][];
        var xStamps = new float[b][];
        var yStamps = new float[b][];
        var means = new float[b][];
        var stds = new float[b][];
        for (var i = 0; i < b; i++)
        {
            var raw = Prepare(series[i], i, n, options.PredLen);
            (xs[i], means[i], stds[i]) = Preprocessing.Normalize(raw, n, options.Clip);
            xStamps[i] = Preprocessing.TimeFeatures(series[i].Timestamps);
            yStamps[i] = Preprocessing.TimeFeatures(series[i].FutureTimestamps);
        }

        var input = new GenerationInput(xs, xStamps, yStamps, n, options.PredLen, options.MaxContext, options.Samples);
        var cfg = _model.Config;
        if (seeds is not null && seeds.Count != b)
        {
            throw new ArgumentException($"{seeds.Count} seeds for {b} series.", nameof(seeds));
        }

        var sampler = seeds is null
            ? new Sampler(Math.Max(cfg.V1, cfg.V2), options.Temperature, options.TopK, options.TopP, new Random(options.Seed))
            : new Sampler(Math.Max(cfg.V1, cfg.V2), options.Temperature, options.TopK, options.TopP, [.. seeds.Select(s => new Random(s))], options.Samples);
        var normalized = UseReferencePath
            ? ReferenceGenerator.Generate(new ReferenceKronos(_model.TokenizerConfig, _model.TokenizerWeights, cfg, _model.Weights), input, sampler, cfg.V1, cfg.V2, Trace)
            : RunFast(input, sampler);

        var result = new SeriesForecast[b];
        for (var i = 0; i < b; i++)
        {
            result[i] = Summarise(normalized, i, options, means[i], stds[i], series[i].FutureTimestamps);
        }

        return result;
    }

    private float[] RunFast(GenerationInput input, Sampler sampler)
    {
        var generator = Interlocked.Exchange(ref _cached, null);
        if (generator is null || !generator.Fits(_model, input))
        {
            generator = new FastGenerator(_model, input);
        }

        var result = generator.Generate(input, sampler, Trace);
        _cached = generator;
        return result;
    }

    /// <summary>Validates one series and returns its raw [N, 6] float32 matrix (volume/amount filled per the reference).</summary>
    private static float[] Prepare(SeriesInput s, int index, int n, int predLen)
    {
        var v = s.Values;
        var rows = v.GetLength(0);
        var cols = v.GetLength(1);
        var name = $"series {index}";
        if (cols is < 4 or > 6)
        {
            throw new ArgumentException($"{name}: values must have 4, 5 or 6 columns (open, high, low, close[, volume[, amount]]), got {cols}.");
        }

        if (rows < 2)
        {
            throw new ArgumentException($"{name}: at least 2 input rows are required, got {rows}.");
        }

        if (rows != n)
        {
            throw new ArgumentException($"{name}: has {rows} rows but series 0 has {n}; a batch needs equal input lengths.");
        }

        if (s.Timestamps.Count != rows)
        {
            throw new ArgumentException($"{name}: {s.Timestamps.Count} timestamps for {rows} rows.");
        }

        if (s.FutureTimestamps.Count != predLen)
        {
            throw new ArgumentException($"{name}: {s.FutureTimestamps.Count} future timestamps, expected PredLen = {predLen}.");
        }

        // The model reads time features, so the bars must be in time order and the forecast bars must follow them.
        for (var r = 1; r < rows; r++)
        {
            if (s.Timestamps[r] <= s.Timestamps[r - 1])
            {
                throw new ArgumentException($"{name}: timestamp of row {r} ({s.Timestamps[r]:O}) is not after row {r - 1}'s ({s.Timestamps[r - 1]:O}).");
            }
        }

        for (var r = 0; r < predLen; r++)
        {
            var previous = r == 0 ? s.Timestamps[rows - 1] : s.FutureTimestamps[r - 1];
            if (s.FutureTimestamps[r] <= previous)
            {
                throw new ArgumentException($"{name}: future timestamp {r} ({s.FutureTimestamps[r]:O}) is not after the bar before it ({previous:O}).");
            }
        }

        var x = new float[rows * 6];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var value = v[r, c];
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException($"{name}: value at row {r}, column {c} is {value}.");
                }

                x[(r * 6) + c] = value;
            }

            if (cols == 5)
            {
                // pandas computes volume × mean(o, h, l, c) in float64, then the frame is cast to float32.
                x[(r * 6) + 5] = (float)(v[r, 4] * (((double)v[r, 0] + v[r, 1] + v[r, 2] + v[r, 3]) / 4.0));
            }
        }

        return x;
    }

    private static SeriesForecast Summarise(float[] normalized, int series, PredictionOptions o, float[] mean, float[] std, IReadOnlyList<DateTime> times)
    {
        int s = o.Samples, p = o.PredLen;
        var meanPath = new float[p, 6];
        var paths = new float[s, p, 6];
        for (var t = 0; t < p; t++)
        {
            for (var f = 0; f < 6; f++)
            {
                var sum = 0f;
                for (var j = 0; j < s; j++)
                {
                    var z = normalized[(((((series * s) + j) * p) + t) * 6) + f];
                    sum += z;
                    paths[j, t, f] = (z * (std[f] + 1e-5f)) + mean[f];
                }

                meanPath[t, f] = (sum / s * (std[f] + 1e-5f)) + mean[f];
            }
        }

        var quantiles = new Dictionary<double, float[,]>();
        var column = new float[s];
        foreach (var q in o.Quantiles)
        {
            var qs = new float[p, 6];
            for (var t = 0; t < p; t++)
            {
                for (var f = 0; f < 6; f++)
                {
                    for (var j = 0; j < s; j++)
                    {
                        column[j] = paths[j, t, f];
                    }

                    Array.Sort(column);
                    var pos = q * (s - 1);
                    var lo = (int)Math.Floor(pos);
                    var hi = Math.Min(lo + 1, s - 1);
                    qs[t, f] = (float)(column[lo] + ((pos - lo) * (column[hi] - column[lo])));
                }
            }

            quantiles[q] = qs;
        }

        return new SeriesForecast(times, meanPath, paths, quantiles);
    }
}
