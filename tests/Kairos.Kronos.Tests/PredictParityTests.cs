using Kairos.Kronos.Engine;

namespace Kairos.Kronos.Tests;

/// <summary>Full predict runs against golden.json (greedy: top_k 1), for the straightforward and the fast path.</summary>
public sealed class PredictParityTests : IDisposable
{
    private readonly KronosModel _model = KronosModel.Load(Golden.ModelDir, Golden.TokenizerDir);

    public void Dispose() => _model.Dispose();

    public static TheoryData<string, int, bool> Cases => new()
    {
        { "max_context_512", 512, false },
        { "max_context_512", 512, true },
        { "max_context_32", 32, false },
        { "max_context_32", 32, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Single_series_matches_golden(string key, int maxContext, bool reference)
    {
        var traces = new List<StepTrace>();
        var predictor = new KronosPredictor(_model) { UseReferencePath = reference, Trace = traces.Add };
        var f = predictor.Predict(Input("input_ohlcva.csv"), Greedy(maxContext));
        CheckSteps($"predict.{key}", traces, 1);
        Assert.Equal(Golden.Ints($"predict.{key}.generated_s1"), traces.Select(t => t.S1[0]).ToArray());
        Assert.Equal(Golden.Ints($"predict.{key}.generated_s2"), traces.Select(t => t.S2[0]).ToArray());
        Golden.AssertRelClose(Golden.Floats($"predict.{key}.pred_rows_denormalised"), Flat(f.Mean), 1e-5, $"{key} rows");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Batch_of_two_matches_golden(bool reference)
    {
        var traces = new List<StepTrace>();
        var predictor = new KronosPredictor(_model) { UseReferencePath = reference, Trace = traces.Add };
        var f = predictor.PredictBatch([Input("input_ohlcva.csv"), Input("input_ohlcva_b.csv")], Greedy(512));
        CheckSteps("predict.batch2_max_context_512", traces, 2);
        var expected = Golden.Floats("predict.batch2_max_context_512.pred_rows_denormalised");
        Golden.AssertRelClose(expected[..42], Flat(f[0].Mean), 1e-5, "series a");
        Golden.AssertRelClose(expected[42..], Flat(f[1].Mean), 1e-5, "series b");
    }

    internal static PredictionOptions Greedy(int maxContext) => new() { PredLen = 7, MaxContext = maxContext, TopK = 1, TopP = 1.0, Temperature = 1f, Samples = 1 };

    internal static SeriesInput Input(string file)
    {
        var (times, values) = Golden.Csv(file);
        var (future, _) = Golden.Csv("future_timestamps.csv");
        return new SeriesInput(times, values, future);
    }

    internal static float[] Flat(float[,] v) => ReferenceParityTests.Flat(v);

    private static void CheckSteps(string key, List<StepTrace> traces, int rows)
    {
        Assert.Equal(7, traces.Count);
        for (var i = 0; i < 7; i++)
        {
            var t = traces[i];
            var g = $"{key}.steps.{i}";
            Assert.Equal(Golden.Get($"{g}.window_len").GetInt32(), t.WindowLength);
            Assert.Equal(Golden.Ints($"{g}.chosen_s1"), t.S1.Take(rows).ToArray());
            Assert.Equal(Golden.Ints($"{g}.chosen_s2"), t.S2.Take(rows).ToArray());
            Golden.AssertClose(Golden.Floats($"{g}.s1_logits_last"), t.S1Logits, 1e-4f, $"{g} s1 logits");
            Golden.AssertClose(Golden.Floats($"{g}.s2_logits_last"), t.S2Logits, 1e-4f, $"{g} s2 logits");
        }
    }
}
