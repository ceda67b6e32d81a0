using Kairos.Kronos.Kernels;
using Kairos.Kronos.Model;

namespace Kairos.Kronos.Reference;

/// <summary>
/// Straightforward float32 implementation of the reference forward passes (kronos-spec.md §2–§3), one sequence at a
/// time, full recomputation, scalar GEMM. It is the readable definition the fast engine is tested against, and it is
/// what the golden parity tests exercise stage by stage. Arrays are row-major; shapes are in the comments.
/// </summary>
internal sealed class ReferenceKronos(TokenizerConfig tc, TokenizerWeights tw, KronosConfig mc, ModelWeights mw)
{
    /// <summary>Tokenizer encode of one sequence. x: [T, 6] normalised bars. Returns the intermediates for parity tests.</summary>
    public TokenizerEncoding Encode(float[] x, int t)
    {
        int d = tc.DModel, k = tc.CodeBits;
        var z = Linear(x, t, tw.Embed);
        foreach (var b in tw.Encoder)
        {
            Block(z, t, d, tc.NHeads, b);
        }

        var encoderOut = (float[])z.Clone();
        var q = Linear(z, t, tw.QuantEmbed); // [T, K]
        var l2 = new float[t * k];
        var s1 = new int[t];
        var s2 = new int[t];
        for (var r = 0; r < t; r++)
        {
            var norm = 0f;
            for (var i = 0; i < k; i++)
            {
                norm += q[(r * k) + i] * q[(r * k) + i];
            }

            norm = MathF.Max(MathF.Sqrt(norm), 1e-12f);
            for (var i = 0; i < k; i++)
            {
                l2[(r * k) + i] = q[(r * k) + i] / norm;
            }

            (s1[r], s2[r]) = Bits(q.AsSpan(r * k, k), tc.S1Bits);
        }

        return new TokenizerEncoding(encoderOut, q, l2, s1, s2);
    }

    /// <summary>Sign bits of a quant_embed row → (s1, s2), LSB-first per half; a coordinate is 1 when &gt; 0.</summary>
    public static (int S1, int S2) Bits(ReadOnlySpan<float> z, int s1Bits)
    {
        int s1 = 0, s2 = 0;
        for (var i = 0; i < s1Bits; i++)
        {
            if (z[i] > 0)
            {
                s1 |= 1 << i;
            }
        }

        for (var i = s1Bits; i < z.Length; i++)
        {
            if (z[i] > 0)
            {
                s2 |= 1 << (i - s1Bits);
            }
        }

        return (s1, s2);
    }

    /// <summary>Tokenizer decode of one sequence of (s1, s2) ids [T] → [T, 6] in normalised space.</summary>
    public float[] Decode(int[] s1, int[] s2, int t)
    {
        int k = tc.CodeBits, half = k / 2;
        var scale = 1f / MathF.Sqrt(k);
        var codes = new float[t * k];
        for (var r = 0; r < t; r++)
        {
            for (var i = 0; i < half; i++)
            {
                codes[(r * k) + i] = ((s1[r] >> i) & 1) == 1 ? scale : -scale;
                codes[(r * k) + half + i] = ((s2[r] >> i) & 1) == 1 ? scale : -scale;
            }
        }

        var z = Linear(codes, t, tw.PostQuantEmbed);
        foreach (var b in tw.Decoder)
        {
            Block(z, t, tc.DModel, tc.NHeads, b);
        }

        return Linear(z, t, tw.Head);
    }

    /// <summary>Hierarchical token embedding [T, d] = fusion_proj(concat(emb_s1[s1]·√d, emb_s2[s2]·√d)).</summary>
    public float[] TokenEmbedding(int[] s1, int[] s2, int t)
    {
        var d = mc.DModel;
        var scale = (float)Math.Sqrt(d);
        var cat = new float[t * 2 * d];
        for (var r = 0; r < t; r++)
        {
            var e1 = mw.EmbS1.Row(s1[r], d);
            var e2 = mw.EmbS2.Row(s2[r], d);
            for (var i = 0; i < d; i++)
            {
                cat[(r * 2 * d) + i] = e1[i] * scale;
                cat[(r * 2 * d) + d + i] = e2[i] * scale;
            }
        }

        return Linear(cat, t, mw.FusionProj);
    }

    /// <summary>Temporal embedding [T, d]: sum of the five table rows (reference order hour+weekday+day+month+minute).
    /// stamps: [T, 5] = minute, hour, weekday, day, month (floats truncated to ints).</summary>
    public float[] TemporalEmbedding(float[] stamps, int t)
    {
        var d = mc.DModel;
        var y = new float[t * d];
        for (var r = 0; r < t; r++)
        {
            var min = mw.TimeTables[0].Row((int)stamps[(r * 5) + 0], d);
            var hour = mw.TimeTables[1].Row((int)stamps[(r * 5) + 1], d);
            var wd = mw.TimeTables[2].Row((int)stamps[(r * 5) + 2], d);
            var day = mw.TimeTables[3].Row((int)stamps[(r * 5) + 3], d);
            var mon = mw.TimeTables[4].Row((int)stamps[(r * 5) + 4], d);
            for (var i = 0; i < d; i++)
            {
                y[(r * d) + i] = hour[i] + wd[i] + day[i] + mon[i] + min[i];
            }
        }

        return y;
    }

    /// <summary>decode_s1: returns (s1 logits [T, V1], context [T, d]). stamps [T, 5] or null (no temporal term).</summary>
    public (float[] Logits, float[] Context) DecodeS1(int[] s1, int[] s2, float[]? stamps, int t)
    {
        var d = mc.DModel;
        var x = TokenEmbedding(s1, s2, t);
        if (stamps is not null)
        {
            var te = TemporalEmbedding(stamps, t);
            for (var i = 0; i < x.Length; i++)
            {
                x[i] += te[i];
            }
        }

        foreach (var b in mw.Blocks)
        {
            Block(x, t, d, mc.NHeads, b);
        }

        Ops.RmsNorm(x, mw.Norm.Span, t, d, x);
        return (Linear(x, t, mw.ProjS1), x);
    }

    /// <summary>decode_s2 in inference mode. context [T, d]; query s1 ids [Lq] with Lq = 1 or T.
    /// Returns s2 logits [Lq, V2]: for Lq = 1 the row of the last context position (what the predictor keeps),
    /// for Lq = T all rows. The cross-attention is unmasked; RoPE positions 0..Lq−1 on q and k.</summary>
    public float[] DecodeS2(float[] context, int t, int[] s1Query)
    {
        int d = mc.DModel, lq = s1Query.Length, heads = KronosConfig.DepHeads, hd = d / heads;
        var sib = new float[lq * d];
        for (var r = 0; r < lq; r++)
        {
            mw.EmbS1.Row(s1Query[r], d).CopyTo(sib.AsSpan(r * d, d));
        }

        var q = Linear(sib, lq, mw.DepQ);
        var k = Linear(context, t, mw.DepK);
        var v = Linear(context, t, mw.DepV);
        var (cos, sin) = Ops.RopeTables(lq, hd);
        for (var r = 0; r < lq; r++)
        {
            Ops.Rope(q.AsSpan(r * d, d), heads, cos.AsSpan(r * hd / 2, hd / 2), sin.AsSpan(r * hd / 2, hd / 2));
        }

        for (var r = 0; r < t; r++)
        {
            // The table length is the query length; with Lq = 1 every key gets position 0 (identity).
            var p = Math.Min(r, lq - 1);
            if (lq > 1)
            {
                Ops.Rope(k.AsSpan(r * d, d), heads, cos.AsSpan(p * hd / 2, hd / 2), sin.AsSpan(p * hd / 2, hd / 2));
            }
        }

        var att = Attention(q, lq, k, v, t, d, heads, causal: false);
        var o = Linear(att, lq, mw.DepO);
        var rows = lq == 1 ? 1 : t;
        var x2 = new float[rows * d];
        for (var r = 0; r < rows; r++)
        {
            var cr = lq == 1 ? t - 1 : r;
            for (var i = 0; i < d; i++)
            {
                x2[(r * d) + i] = context[(cr * d) + i] + o[(r * d) + i];
            }
        }

        Ops.RmsNorm(x2, mw.DepNorm.Span, rows, d, x2);
        return Linear(x2, rows, mw.ProjS2);
    }

    /// <summary>One pre-norm TransformerBlock over x [T, d] in place (causal self-attention, RoPE positions 0..T−1).</summary>
    private static void Block(float[] x, int t, int d, int heads, BlockWeights b)
    {
        var hd = d / heads;
        var h = new float[t * d];
        Ops.RmsNorm(x, b.Norm1.Span, t, d, h);
        var q = Linear(h, t, b.Q);
        var k = Linear(h, t, b.K);
        var v = Linear(h, t, b.V);
        var (cos, sin) = Ops.RopeTables(t, hd);
        for (var r = 0; r < t; r++)
        {
            Ops.Rope(q.AsSpan(r * d, d), heads, cos.AsSpan(r * hd / 2, hd / 2), sin.AsSpan(r * hd / 2, hd / 2));
            Ops.Rope(k.AsSpan(r * d, d), heads, cos.AsSpan(r * hd / 2, hd / 2), sin.AsSpan(r * hd / 2, hd / 2));
        }

        var att = Attention(q, t, k, v, t, d, heads, causal: true);
        var o = Linear(att, t, b.O);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += o[i];
        }

        Ops.RmsNorm(x, b.Norm2.Span, t, d, h);
        var g = Linear(h, t, b.W1);
        var u = Linear(h, t, b.W3);
        Ops.SiluMul(g, u);
        var f = Linear(g, t, b.W2);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += f[i];
        }
    }

    /// <summary>Scaled dot-product attention. q [lq, d], k/v [lk, d] → [lq, d]; causal: query i sees keys 0..i.</summary>
    private static float[] Attention(float[] q, int lq, float[] k, float[] v, int lk, int d, int heads, bool causal)
    {
        var hd = d / heads;
        var scale = 1f / MathF.Sqrt(hd);
        var y = new float[lq * d];
        var p = new float[lk];
        for (var i = 0; i < lq; i++)
        {
            var n = causal ? i + 1 : lk;
            for (var h = 0; h < heads; h++)
            {
                for (var j = 0; j < n; j++)
                {
                    var s = 0f;
                    for (var c = 0; c < hd; c++)
                    {
                        s += q[(i * d) + (h * hd) + c] * k[(j * d) + (h * hd) + c];
                    }

                    p[j] = s * scale;
                }

                Ops.Softmax(p.AsSpan(0, n));
                for (var j = 0; j < n; j++)
                {
                    for (var c = 0; c < hd; c++)
                    {
                        y[(i * d) + (h * hd) + c] += p[j] * v[(j * d) + (h * hd) + c];
                    }
                }
            }
        }

        return y;
    }

    private static float[] Linear(float[] x, int rows, LinearWeights l)
    {
        var y = new float[rows * l.Out];
        Gemm.MultiplyScalar(x, rows, l.In, l.Weight.Span, l.Out, l.Bias is { } b ? b.Span : default, y);
        return y;
    }
}
