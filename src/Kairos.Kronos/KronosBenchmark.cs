using System.Diagnostics;
using Kairos.Kronos.Model;

namespace Kairos.Kronos;

/// <summary>End-to-end predict timing on a seeded random model with a preset's real shapes (no checkpoint needed).</summary>
public static class KronosBenchmark
{
    /// <summary>Peak fp32 throughput of the reference machine (2 cores, AVX-512), performance.md.</summary>
    public const double PeakGflops = 575;

    /// <summary>Times <paramref name="runs"/> predicts (after one warm-up) of one synthetic series.</summary>
    /// <param name="preset">Model shapes.</param>
    /// <param name="lookback">N input bars.</param>
    /// <param name="maxContext">W_max.</param>
    /// <param name="predLen">P.</param>
    /// <param name="samples">S.</param>
    /// <param name="runs">Timed runs (≥ 1).</param>
    /// <param name="seed">Seed for the weights, the synthetic bars and the sampler.</param>
    public static BenchmarkResult Run(KronosPreset preset, int lookback, int maxContext, int predLen, int samples, int runs, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, 2);
        using var model = KronosModel.CreateRandom(preset, seed);
        var input = SyntheticSeries(lookback, predLen, seed);
        // Bot settings (performance.md): T 0.152, top_k 20.
        var options = new PredictionOptions { PredLen = predLen, MaxContext = maxContext, Samples = samples, Temperature = 0.152f, TopK = 20, Seed = seed };
        var predictor = new KronosPredictor(model);
        predictor.Predict(input, options);
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            predictor.Predict(input, options);
            times[i] = sw.Elapsed.TotalSeconds;
        }

        var sorted = times.Order().ToArray();
        var median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[(runs / 2) - 1] + sorted[runs / 2]) / 2;
        var (tokens, flops) = Cost(model.Config, model.TokenizerConfig, lookback, maxContext, predLen, samples);
        var reference = Enumerable.Range(0, predLen).Sum(i => (long)Math.Min(lookback + i, maxContext)) * samples;
        return new BenchmarkResult(median, times, tokens, reference, flops, flops / median / 1e9, flops / (PeakGflops * 1e9));
    }

    /// <summary>Model token rows and FLOPs of the fast engine's schedule (mirrors FastGenerator) for one series.</summary>
    internal static (long Tokens, double Flops) Cost(KronosConfig c, TokenizerConfig tc, int n, int w, int p, int s)
    {
        double d = c.DModel, ff = c.FfDim, layers = c.NLayers;
        var perToken = (2 * layers * ((4 * d * d) + (3 * d * ff))) + (2 * 2 * d * d) + (2 * 2 * d * d); // blocks + fusion + dep k/v
        long tokens = 0;
        double flops = 0;
        var prevStart = -1;
        var suffix = 0;
        for (var i = 0; i < p; i++)
        {
            var len = n + i;
            var win = Math.Min(len, w);
            var start = len - win;
            if (start != prevStart)
            {
                var lp = Math.Max(0, n - start);
                suffix = i - (Math.Max(start, n) - n);
                tokens += lp + ((long)s * suffix);
                flops += (lp * perToken) + (2.0 * layers * d * lp * lp);                   // prefix + causal attention
                flops += s * suffix * (perToken + (4.0 * layers * d * (lp + suffix)));       // suffix rows
            }
            else
            {
                tokens += s;
                suffix++;
                flops += s * (perToken + (4.0 * layers * d * win));
            }

            prevStart = start;
            // Per sample and step: proj_s1, dep q/o, dep attention over the window, proj_s2.
            flops += s * ((2 * d * c.V1) + (4 * d * d) + (4 * d * win) + (2 * d * c.V2));
        }

        double td = tc.DModel, tff = tc.FfDim;
        var tokPerRow = 2 * ((4 * td * td) + (3 * td * tff));
        flops += n * (((tc.NEncLayers - 1) * tokPerRow) + (2 * td * (6 + tc.CodeBits)) + ((tc.NEncLayers - 1) * 2.0 * td * n));
        var wOut = Math.Min(n + p, w);
        var decRows = (wOut - p) + ((long)s * p);
        flops += decRows * (((tc.NDecLayers - 1) * tokPerRow) + (2 * td * (6 + tc.CodeBits)) + ((tc.NDecLayers - 1) * 4.0 * td * wOut));
        return (tokens, flops);
    }

    /// <summary>A deterministic random-walk OHLCVA series of daily bars.</summary>
    private static SeriesInput SyntheticSeries(int n, int p, int seed)
    {
        var rng = new Random(seed);
        var times = new DateTime[n];
        var values = new float[n, 6];
        var price = 100.0;
        var t0 = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        for (var i = 0; i < n; i++)
        {
            times[i] = t0.AddDays(i);
            var open = price;
            price *= 1 + ((rng.NextDouble() - 0.5) * 0.04);
            var high = Math.Max(open, price) * (1 + (rng.NextDouble() * 0.01));
            var low = Math.Min(open, price) * (1 - (rng.NextDouble() * 0.01));
            var volume = 1e6 * (0.5 + rng.NextDouble());
            values[i, 0] = (float)open;
            values[i, 1] = (float)high;
            values[i, 2] = (float)low;
            values[i, 3] = (float)price;
            values[i, 4] = (float)volume;
            values[i, 5] = (float)(volume * (open + high + low + price) / 4);
        }

        var future = Enumerable.Range(1, p).Select(i => times[^1].AddDays(i)).ToArray();
        return new SeriesInput(times, values, future);
    }
}
