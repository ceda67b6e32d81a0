using Kairos.Kronos.Engine;

namespace Kairos.Kronos.Tests;

/// <summary>The fast engine (shared prefix, KV cache, batched samples) against the straightforward full-recompute
/// path on sampled runs with the same seed: identical tokens, matching outputs.</summary>
public sealed class FastPathTests : IDisposable
{
    private readonly KronosModel _model = KronosModel.Load(Golden.ModelDir, Golden.TokenizerDir);

    public void Dispose() => _model.Dispose();

    [Theory]
    [InlineData(512, 7, 0.8f, 0, 0.9, 4)]   // window never slides: KV cache all the way
    [InlineData(66, 7, 1.0f, 0, 0.9, 3)]    // cache for 3 steps, then sliding
    [InlineData(32, 7, 1.3f, 5, 0.9, 4)]    // N > W_max: sliding from the first step, top-k
    [InlineData(64, 12, 0.5f, 3, 1.0, 2)]   // N = W_max
    [InlineData(8, 8, 1.0f, 0, 0.7, 3)]     // window made only of generated tokens at the end
    public void Sampled_runs_agree_with_the_reference_path(int maxContext, int predLen, float temperature, int topK, double topP, int samples)
    {
        var options = new PredictionOptions
        {
            PredLen = predLen,
            MaxContext = maxContext,
            Temperature = temperature,
            TopK = topK,
            TopP = topP,
            Samples = samples,
            Seed = 42,
            Quantiles = [0.1, 0.5, 0.9],
        };
        var inputs = new[] { Input("input_ohlcva.csv", predLen), Input("input_ohlcva_b.csv", predLen) };
        var slowTrace = new List<StepTrace>();
        var fastTrace = new List<StepTrace>();
        var slow = new KronosPredictor(_model) { UseReferencePath = true, Trace = slowTrace.Add }.PredictBatch(inputs, options);
        var fast = new KronosPredictor(_model) { Trace = fastTrace.Add }.PredictBatch(inputs, options);
        for (var i = 0; i < predLen; i++)
        {
            Assert.Equal(slowTrace[i].S1, fastTrace[i].S1);
            Assert.Equal(slowTrace[i].S2, fastTrace[i].S2);
            Golden.AssertClose(slowTrace[i].S1Logits, fastTrace[i].S1Logits, 1e-4f, $"step {i} s1 logits");
            Golden.AssertClose(slowTrace[i].S2Logits, fastTrace[i].S2Logits, 1e-4f, $"step {i} s2 logits");
        }

        // Different samples must actually differ somewhere (the test would be vacuous otherwise).
        Assert.Contains(fastTrace, t => t.S1.Distinct().Count() > 1 || t.S2.Distinct().Count() > 1);
        for (var b = 0; b < 2; b++)
        {
            AssertColumnsClose(Flat(slow[b].Mean), Flat(fast[b].Mean), "mean");
            AssertColumnsClose(slow[b].Samples.Cast<float>().ToArray(), fast[b].Samples.Cast<float>().ToArray(), "samples");
            Assert.Equal(3, fast[b].Quantiles.Count);
        }
    }

    [Fact]
    public void Real_preset_shapes_agree_with_the_reference_path()
    {
        // Kronos-mini shapes (d 256, 10+10 bits, vocab 1024, dependency head 64) with random weights: KV cache for
        // four steps, then sliding.
        using var mini = KronosModel.CreateRandom(KronosPreset.Mini, 5);
        var options = new PredictionOptions { PredLen = 6, MaxContext = 44, Samples = 2, Seed = 9, Temperature = 1f, TopP = 0.9 };
        var (times, values) = Golden.Csv("input_ohlcva.csv");
        var n = 40;
        var rows = new float[n, 6];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < 6; c++)
            {
                rows[i, c] = values[i, c];
            }
        }

        var input = new SeriesInput(times[..n], rows, Enumerable.Range(1, 6).Select(i => times[n - 1].AddMinutes(5 * i)).ToArray());
        var slowTrace = new List<StepTrace>();
        var fastTrace = new List<StepTrace>();
        var slow = new KronosPredictor(mini) { UseReferencePath = true, Trace = slowTrace.Add }.Predict(input, options);
        var fast = new KronosPredictor(mini) { Trace = fastTrace.Add }.Predict(input, options);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(slowTrace[i].S1, fastTrace[i].S1);
            Assert.Equal(slowTrace[i].S2, fastTrace[i].S2);
            Golden.AssertClose(slowTrace[i].S1Logits, fastTrace[i].S1Logits, 1e-3f, $"step {i} s1 logits");
            Golden.AssertClose(slowTrace[i].S2Logits, fastTrace[i].S2Logits, 1e-3f, $"step {i} s2 logits");
        }

        AssertColumnsClose(slow.Samples.Cast<float>().ToArray(), fast.Samples.Cast<float>().ToArray(), "samples");
    }

    [Fact]
    public void Same_seed_gives_bit_identical_results_and_another_seed_differs()
    {
        var options = new PredictionOptions { PredLen = 5, Samples = 6, Seed = 7, Temperature = 1.2f };
        var p = new KronosPredictor(_model);
        var a = p.Predict(Input("input_ohlcva.csv", 5), options);
        var b = p.Predict(Input("input_ohlcva.csv", 5), options);
        var c = p.Predict(Input("input_ohlcva.csv", 5), options with { Seed = 8 });
        Assert.Equal(a.Samples.Cast<float>(), b.Samples.Cast<float>());
        Assert.NotEqual(a.Samples.Cast<float>(), c.Samples.Cast<float>());
    }

    [Fact]
    public void Mean_is_the_sample_average_and_quantiles_bracket_the_median()
    {
        var options = new PredictionOptions { PredLen = 4, Samples = 9, Seed = 3, Quantiles = [0.1, 0.5, 0.9] };
        var f = new KronosPredictor(_model).Predict(Input("input_ohlcva.csv", 4), options);
        for (var t = 0; t < 4; t++)
        {
            for (var c = 0; c < 6; c++)
            {
                var values = Enumerable.Range(0, 9).Select(s => f.Samples[s, t, c]).Order().ToArray();
                Assert.Equal(values[4], f.Quantiles[0.5][t, c]);
                Assert.True(f.Quantiles[0.1][t, c] <= f.Quantiles[0.5][t, c] && f.Quantiles[0.5][t, c] <= f.Quantiles[0.9][t, c]);
                var avg = values.Average();
                Assert.True(Math.Abs(avg - f.Mean[t, c]) <= 1e-4 * (1 + Math.Abs(avg)), $"mean {t},{c}");
            }
        }
    }

    internal static SeriesInput Input(string file, int predLen)
    {
        var (times, values) = Golden.Csv(file);
        var future = Enumerable.Range(1, predLen).Select(i => times[^1].AddMinutes(5 * i)).ToArray();
        return new SeriesInput(times, values, future);
    }

    private static float[] Flat(float[,] v) => ReferenceParityTests.Flat(v);

    /// <summary>De-normalised values can cross zero (volume), so the tolerance is relative to each column's scale.</summary>
    private static void AssertColumnsClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var c = 0; c < 6; c++)
        {
            var scale = 0f;
            for (var i = c; i < expected.Length; i += 6)
            {
                scale = MathF.Max(scale, MathF.Abs(expected[i]));
            }

            for (var i = c; i < expected.Length; i += 6)
            {
                Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-5f * scale, $"{what}[{i}]: {expected[i]} vs {actual[i]} (column scale {scale})");
            }
        }
    }
}
