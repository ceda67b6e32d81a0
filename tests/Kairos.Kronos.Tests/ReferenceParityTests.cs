using Kairos.Kronos.Reference;

namespace Kairos.Kronos.Tests;

/// <summary>Stage-by-stage parity of the straightforward implementation with the Python reference (golden.json).</summary>
public sealed class ReferenceParityTests : IDisposable
{
    private const float Tol = 1e-4f;
    private readonly KronosModel _model = KronosModel.Load(Golden.ModelDir, Golden.TokenizerDir);
    private readonly ReferenceKronos _ref;

    public ReferenceParityTests()
    {
        _ref = new ReferenceKronos(_model.TokenizerConfig, _model.TokenizerWeights, _model.Config, _model.Weights);
    }

    public void Dispose() => _model.Dispose();

    [Fact]
    public void Preprocess_matches_mean_std_normalised_and_stamps()
    {
        var (times, values) = Golden.Csv("input_ohlcva.csv");
        var x = Flat(values);
        Golden.AssertClose(Golden.Floats("preprocess.x_raw_float32"), x, 0f, "x_raw");
        var (norm, mean, std) = Preprocessing.Normalize(x, 64, 5f);
        Golden.AssertClose(Golden.Floats("preprocess.x_mean"), mean, 0f, "x_mean");
        Golden.AssertClose(Golden.Floats("preprocess.x_std"), std, 0f, "x_std");
        Golden.AssertClose(Golden.Floats("preprocess.x_norm_clipped"), norm, 1e-5f, "x_norm_clipped");
        Golden.AssertClose(Golden.Floats("preprocess.x_stamp"), Preprocessing.TimeFeatures(times), 0f, "x_stamp");
        var (future, _) = Golden.Csv("future_timestamps.csv");
        Golden.AssertClose(Golden.Floats("preprocess.y_stamp"), Preprocessing.TimeFeatures(future), 0f, "y_stamp");
    }

    [Fact]
    public void Tokenizer_encode_and_decode_match()
    {
        var x = Golden.Floats("preprocess.x_norm_clipped");
        var enc = _ref.Encode(x, 64);
        Golden.AssertClose(Golden.Floats("tokenizer.encoder_out"), enc.EncoderOut, Tol, "encoder_out");
        Golden.AssertClose(Golden.Floats("tokenizer.quant_embed_out"), enc.QuantEmbedOut, Tol, "quant_embed_out");
        Golden.AssertClose(Golden.Floats("tokenizer.l2_normalized"), enc.L2Normalized, Tol, "l2_normalized");
        Assert.Equal(Golden.Ints("tokenizer.s1_ids"), enc.S1);
        Assert.Equal(Golden.Ints("tokenizer.s2_ids"), enc.S2);
        Assert.Equal(Golden.Ints("tokenizer.full_ids"), enc.S1.Zip(enc.S2, (a, b) => a + (16 * b)).ToArray());
        var dec = _ref.Decode(enc.S1, enc.S2, 64);
        Golden.AssertClose(Golden.Floats("tokenizer.decoded_from_half_ids"), dec, Tol, "decoded_from_half_ids");
        Golden.AssertClose(Golden.Floats("tokenizer.decoded_from_full_ids"), dec, Tol, "decoded_from_full_ids");
    }

    [Fact]
    public void Model_embeddings_context_and_logits_match()
    {
        var s1 = Golden.Ints("tokenizer.s1_ids");
        var s2 = Golden.Ints("tokenizer.s2_ids");
        var stamps = Golden.Floats("preprocess.x_stamp");
        Golden.AssertClose(Golden.Floats("model.fused_token_embedding"), _ref.TokenEmbedding(s1, s2, 64), Tol, "fused_token_embedding");
        Golden.AssertClose(Golden.Floats("model.temporal_embedding"), _ref.TemporalEmbedding(stamps, 64), Tol, "temporal_embedding");
        var (logits, context) = _ref.DecodeS1(s1, s2, stamps, 64);
        Golden.AssertClose(Golden.Floats("model.context"), context, Tol, "context");
        Golden.AssertClose(Golden.Floats("model.s1_logits_all"), logits, Tol, "s1_logits_all");
        Golden.AssertClose(Golden.Floats("model.s1_logits_last"), logits.AsSpan(63 * 16, 16), Tol, "s1_logits_last");
        var (noStamp, _) = _ref.DecodeS1(s1, s2, null, 64);
        Golden.AssertClose(Golden.Floats("model.s1_logits_last_no_stamp"), noStamp.AsSpan(63 * 16, 16), Tol, "s1_logits_last_no_stamp");
        Assert.Equal(Golden.Get("model.s1_greedy_last").GetInt32(), ArgMax(logits.AsSpan(63 * 16, 16)));

        foreach (var c in Golden.Get("model.s2_cases_query_len_1").EnumerateArray())
        {
            var q = c.GetProperty("s1").GetInt32();
            var expected = c.GetProperty("s2_logits_last").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            Golden.AssertClose(expected, _ref.DecodeS2(context, 64, [q]), Tol, $"s2_logits_last(s1={q})");
        }

        Golden.AssertClose(Golden.Floats("model.s2_logits_all_given_input_s1"), _ref.DecodeS2(context, 64, s1), Tol, "s2_logits_all_given_input_s1");
    }

    internal static float[] Flat(float[,] v)
    {
        var y = new float[v.Length];
        var c = v.GetLength(1);
        for (var i = 0; i < v.GetLength(0); i++)
        {
            for (var j = 0; j < c; j++)
            {
                y[(i * c) + j] = v[i, j];
            }
        }

        return y;
    }

    private static int ArgMax(ReadOnlySpan<float> x)
    {
        var best = 0;
        for (var i = 1; i < x.Length; i++)
        {
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return best;
    }
}
