using Kairos.Kronos.Reference;

namespace Kairos.Kronos.Engine;

/// <summary>
/// The reference autoregressive loop (kronos-spec.md §4.3) written the straightforward way: every row, every step,
/// the whole window is recomputed from scratch (no cache, no sharing). Slow; it is the definition the fast engine is
/// checked against (same sampler call order: all rows' s1, then all rows' s2, per step).
/// </summary>
internal static class ReferenceGenerator
{
    /// <returns>[R, P, 6] decoded generated bars in normalised space, rows b·S + s.</returns>
    public static float[] Generate(ReferenceKronos model, GenerationInput input, Sampler sampler, int v1, int v2, Action<StepTrace>? trace)
    {
        int n = input.Length, p = input.PredLen, rows = input.Rows, s = input.Samples;
        var s1 = new int[rows][];
        var s2 = new int[rows][];
        for (var b = 0; b < input.Series; b++)
        {
            // Tokenise the whole input once per series; the samples of a series share it.
            var enc = model.Encode(input.X[b], n);
            for (var j = 0; j < s; j++)
            {
                s1[(b * s) + j] = [.. enc.S1, .. new int[p]];
                s2[(b * s) + j] = [.. enc.S2, .. new int[p]];
            }
        }

        for (var i = 0; i < p; i++)
        {
            var len = n + i;
            var w = Math.Min(len, input.MaxContext);
            var start = len - w;
            var l1 = new float[rows * v1];
            var contexts = new float[rows][];
            for (var r = 0; r < rows; r++)
            {
                var b = r / s;
                var stamps = new float[w * 5];
                for (var t = 0; t < w; t++)
                {
                    input.Stamp(b, start + t).CopyTo(stamps.AsSpan(t * 5, 5));
                }

                var (logits, context) = model.DecodeS1(s1[r][start..len], s2[r][start..len], stamps, w);
                logits.AsSpan((w - 1) * v1, v1).CopyTo(l1.AsSpan(r * v1, v1));
                contexts[r] = context;
            }

            var chosen1 = new int[rows];
            var scratch = (float[])l1.Clone();
            for (var r = 0; r < rows; r++)
            {
                chosen1[r] = sampler.Sample(scratch.AsSpan(r * v1, v1), r);
            }

            var l2 = new float[rows * v2];
            for (var r = 0; r < rows; r++)
            {
                model.DecodeS2(contexts[r], w, [chosen1[r]]).CopyTo(l2.AsSpan(r * v2, v2));
            }

            var chosen2 = new int[rows];
            scratch = (float[])l2.Clone();
            for (var r = 0; r < rows; r++)
            {
                chosen2[r] = sampler.Sample(scratch.AsSpan(r * v2, v2), r);
                s1[r][len] = chosen1[r];
                s2[r][len] = chosen2[r];
            }

            trace?.Invoke(new StepTrace(i, w, l1, chosen1, l2, chosen2));
        }

        var wOut = Math.Min(n + p, input.MaxContext);
        var result = new float[rows * p * 6];
        for (var r = 0; r < rows; r++)
        {
            var dec = model.Decode(s1[r][(n + p - wOut)..], s2[r][(n + p - wOut)..], wOut);
            dec.AsSpan((wOut - p) * 6, p * 6).CopyTo(result.AsSpan(r * p * 6, p * 6));
        }

        return result;
    }
}
