namespace Kairos.Kronos.Tests;

public sealed class PredictorValidationTests : IDisposable
{
    private readonly KronosModel _model = KronosModel.Load(Golden.ModelDir, Golden.TokenizerDir);

    public void Dispose() => _model.Dispose();

    [Fact]
    public void Rejects_nan_wrong_columns_too_few_rows_and_mismatched_timestamps()
    {
        var p = new KronosPredictor(_model);
        var o = new PredictionOptions { PredLen = 2 };
        var (times, values) = Golden.Csv("input_ohlcva.csv");
        DateTime[] future = [times[^1].AddMinutes(5), times[^1].AddMinutes(10)];

        var nan = (float[,])values.Clone();
        nan[3, 2] = float.NaN;
        Assert.Contains("row 3, column 2", Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times, nan, future), o)).Message);
        Assert.Contains("columns", Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times, new float[64, 3], future), o)).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times[..1], new float[1, 6], future), o)).Message);
        Assert.Contains("timestamps for 64 rows", Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times[..10], values, future), o)).Message);
        Assert.Contains("future timestamps", Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times, values, future[..1]), o)).Message);
        Assert.Contains("equal input lengths", Assert.Throws<ArgumentException>(() => p.PredictBatch([new SeriesInput(times, values, future), new SeriesInput(times[..10], new float[10, 6], future)], o)).Message);
        Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times, values, future), o with { Samples = 0 }));
        Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times, values, future), o with { MaxContext = 1 }));
        Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times, values, future), o with { Temperature = 0 }));
    }

    [Fact]
    public void Rejects_timestamps_out_of_order_and_a_future_that_does_not_follow()
    {
        var p = new KronosPredictor(_model);
        var o = new PredictionOptions { PredLen = 2 };
        var (times, values) = Golden.Csv("input_ohlcva.csv");
        DateTime[] future = [times[^1].AddMinutes(5), times[^1].AddMinutes(10)];
        var swapped = (DateTime[])times.Clone();
        (swapped[10], swapped[11]) = (swapped[11], swapped[10]);
        Assert.Contains("row 11", Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(swapped, values, future), o)).Message);
        Assert.Contains("future timestamp 0", Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times, values, [times[^1], times[^1].AddMinutes(5)]), o)).Message);
        Assert.Contains("future timestamp 1", Assert.Throws<ArgumentException>(() => p.Predict(new SeriesInput(times, values, [future[1], future[0]]), o)).Message);
    }

    [Fact]
    public void Per_series_seeds_make_a_batch_equal_to_single_predicts()
    {
        var p = new KronosPredictor(_model);
        var o = new PredictionOptions { PredLen = 3, Samples = 4, TopP = 0.9 };
        var (times, values) = Golden.Csv("input_ohlcva.csv");
        var (_, valuesB) = Golden.Csv("input_ohlcva_b.csv");
        DateTime[] future = [times[^1].AddMinutes(5), times[^1].AddMinutes(10), times[^1].AddMinutes(15)];
        var a = new SeriesInput(times, values, future);
        var b = new SeriesInput(times, valuesB, future);
        var batch = p.PredictBatch([a, b], o, [11, 22]);
        var singleB = p.Predict(b, o with { Seed = 22 });
        var reversed = p.PredictBatch([b, a], o, [22, 11]);
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                Assert.Equal(singleB.Mean[r, c], batch[1].Mean[r, c], 1e-3f * Math.Max(1, Math.Abs(singleB.Mean[r, c])));
                Assert.Equal(reversed[0].Mean[r, c], batch[1].Mean[r, c], 1e-3f * Math.Max(1, Math.Abs(singleB.Mean[r, c])));
            }
        }

        Assert.Throws<ArgumentException>(() => p.PredictBatch([a, b], o, [1]));
    }

    [Fact]
    public void Disposed_model_is_refused()
    {
        var model = KronosModel.Load(Golden.ModelDir, Golden.TokenizerDir);
        var p = new KronosPredictor(model);
        model.Dispose();
        var (times, values) = Golden.Csv("input_ohlcva.csv");
        Assert.Throws<ObjectDisposedException>(() => p.Predict(new SeriesInput(times, values, [times[^1].AddMinutes(5)]), new PredictionOptions()));
    }

    [Fact]
    public void Missing_volume_and_amount_follow_the_reference_rules()
    {
        var p = new KronosPredictor(_model);
        var (times, values) = Golden.Csv("input_ohlcva.csv");
        DateTime[] future = [times[^1].AddMinutes(5)];
        var o = new PredictionOptions { PredLen = 1, TopK = 1 };
        var ohlcv = new float[64, 5];
        for (var i = 0; i < 64; i++)
        {
            for (var c = 0; c < 5; c++)
            {
                ohlcv[i, c] = values[i, c];
            }
        }

        // The fixture's amount is volume × mean(OHLC) rounded to cents, so deriving it gives (almost) the same forecast.
        var full = p.Predict(new SeriesInput(times, values, future), o);
        var derived = p.Predict(new SeriesInput(times, ohlcv, future), o);
        Assert.Equal(full.Mean[0, 0], derived.Mean[0, 0], 0.01f);
        var cols = Enumerable.Range(0, 4).Select(c => Enumerable.Range(0, 64).Select(i => values[i, c]).ToArray()).ToArray();
        var ohlc = p.Predict(SeriesInput.FromColumns(times, cols[0], cols[1], cols[2], cols[3], null, null, future), o);
        Assert.Equal(1, ohlc.Mean.GetLength(0));
    }

    [Fact]
    public void Random_preset_models_have_the_real_parameter_counts()
    {
        // Parameter counts from kronos-spec.md §5 (parameters; buffers excluded).
        Assert.Equal(4_108_032, Count(KronosPreset.Mini, out var tokMini));
        Assert.Equal(3_958_042, tokMini);
        Assert.Equal(24_741_376, Count(KronosPreset.Small, out _));
        Assert.Equal(102_310_592, Count(KronosPreset.Base, out var tokBase));
        Assert.Equal(3_958_042, tokBase);
    }

    private static long Count(KronosPreset preset, out long tokenizer)
    {
        using var m = KronosModel.CreateRandom(preset, 1);
        tokenizer = ParameterCount(m.TokenizerWeights);
        return ParameterCount(m.Weights);
    }

    private static long ParameterCount(object weights)
    {
        long n = 0;
        foreach (var prop in weights.GetType().GetProperties())
        {
            n += prop.GetValue(weights) switch
            {
                Model.WeightView v => v.Length,
                Model.LinearWeights l => l.Weight.Length + (l.Bias?.Length ?? 0),
                Model.WeightView[] vs => vs.Sum(v => (long)v.Length),
                Model.BlockWeights[] bs => bs.Sum(ParameterCount),
                _ => 0,
            };
        }

        return n;
    }
}
