using System.Runtime.Intrinsics;

namespace Kairos.Kronos.Kernels;

/// <summary>
/// The two inner loops of softmax attention for one query row and one head, over keys/values stored row-major with a
/// row stride (the KV caches hold [positions, d] and a head is a [hd] slice of each row). Four keys are processed
/// together so that four independent FMA chains hide the FMA latency (a single dot product of 52–64 floats is one
/// dependent chain), and the weighted sum loads and stores the output once per four values instead of once per value.
/// </summary>
internal static unsafe class Attention
{
    /// <summary>scores[j] = scale · (q · k_j), k_j = k + j·stride, j &lt; n; returns max over the new scores
    /// (−∞ when n = 0).</summary>
    /// <param name="q">[hd] query head.</param>
    /// <param name="k">First key head; key j starts at k + j·stride.</param>
    /// <param name="n">Number of keys.</param>
    /// <param name="stride">Floats between consecutive keys (d).</param>
    /// <param name="hd">Head width.</param>
    /// <param name="scale">1/√hd.</param>
    /// <param name="scores">[n] output.</param>
    public static float Scores(float* q, float* k, int n, int stride, int hd, float scale, float* scores)
    {
        var max = float.NegativeInfinity;
        var j = 0;
        for (; j + 4 <= n; j += 4)
        {
            var k0 = k + ((long)j * stride);
            Dot4(q, k0, k0 + stride, k0 + (2 * stride), k0 + (3 * stride), hd, scores + j);
            for (var t = 0; t < 4; t++)
            {
                scores[j + t] *= scale;
                max = MathF.Max(max, scores[j + t]);
            }
        }

        for (; j < n; j++)
        {
            scores[j] = Gemm.Dot(q, k + ((long)j * stride), hd) * scale;
            max = MathF.Max(max, scores[j]);
        }

        return max;
    }

    /// <summary>o[0..hd) += Σⱼ p[j] · v_j, v_j = v + j·stride, j &lt; n.</summary>
    public static void WeightedSum(float* p, float* v, int n, int stride, int hd, float* o)
    {
        var j = 0;
        for (; j + 4 <= n; j += 4)
        {
            var v0 = v + ((long)j * stride);
            float* v1 = v0 + stride, v2 = v1 + stride, v3 = v2 + stride;
            float p0 = p[j], p1 = p[j + 1], p2 = p[j + 2], p3 = p[j + 3];
            var c = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; c + 16 <= hd; c += 16)
                {
                    var acc = Vector512.Load(o + c);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(p0), Vector512.Load(v0 + c), acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(p1), Vector512.Load(v1 + c), acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(p2), Vector512.Load(v2 + c), acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(p3), Vector512.Load(v3 + c), acc);
                    acc.Store(o + c);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; c + 8 <= hd; c += 8)
                {
                    var acc = Vector256.Load(o + c);
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(p0), Vector256.Load(v0 + c), acc);
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(p1), Vector256.Load(v1 + c), acc);
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(p2), Vector256.Load(v2 + c), acc);
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(p3), Vector256.Load(v3 + c), acc);
                    acc.Store(o + c);
                }
            }

            for (; c < hd; c++)
            {
                o[c] += (p0 * v0[c]) + (p1 * v1[c]) + (p2 * v2[c]) + (p3 * v3[c]);
            }
        }

        for (; j < n; j++)
        {
            Ops.Axpy(p[j], v + ((long)j * stride), o, hd);
        }
    }

    /// <summary>Scalar twin of <see cref="Scores"/> (tests).</summary>
    public static float ScoresScalar(float* q, float* k, int n, int stride, int hd, float scale, float* scores)
    {
        var max = float.NegativeInfinity;
        for (var j = 0; j < n; j++)
        {
            var s = 0f;
            for (var c = 0; c < hd; c++)
            {
                s += q[c] * k[((long)j * stride) + c];
            }

            scores[j] = s * scale;
            max = MathF.Max(max, scores[j]);
        }

        return max;
    }

    /// <summary>Scalar twin of <see cref="WeightedSum"/> (tests).</summary>
    public static void WeightedSumScalar(float* p, float* v, int n, int stride, int hd, float* o)
    {
        for (var j = 0; j < n; j++)
        {
            for (var c = 0; c < hd; c++)
            {
                o[c] += p[j] * v[((long)j * stride) + c];
            }
        }
    }

    /// <summary>Four dot products of q with k0..k3 (length hd) into result[0..4), four independent chains.</summary>
    private static void Dot4(float* q, float* k0, float* k1, float* k2, float* k3, int hd, float* result)
    {
        var c = 0;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector512.IsHardwareAccelerated && hd >= 16)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; c + 16 <= hd; c += 16)
            {
                var x = Vector512.Load(q + c);
                a0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(k0 + c), a0);
                a1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(k1 + c), a1);
                a2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(k2 + c), a2);
                a3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(k3 + c), a3);
            }

            (s0, s1, s2, s3) = (Vector512.Sum(a0), Vector512.Sum(a1), Vector512.Sum(a2), Vector512.Sum(a3));
        }
        else if (Vector256.IsHardwareAccelerated && hd >= 8)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; c + 8 <= hd; c += 8)
            {
                var x = Vector256.Load(q + c);
                a0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(k0 + c), a0);
                a1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(k1 + c), a1);
                a2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(k2 + c), a2);
                a3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(k3 + c), a3);
            }

            (s0, s1, s2, s3) = (Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
        }

        for (; c < hd; c++)
        {
            var x = q[c];
            s0 += x * k0[c];
            s1 += x * k1[c];
            s2 += x * k2[c];
            s3 += x * k3[c];
        }

        result[0] = s0;
        result[1] = s1;
        result[2] = s2;
        result[3] = s3;
    }
}
