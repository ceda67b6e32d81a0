using System.Runtime.Intrinsics;

namespace Kairos.Kronos.Kernels;

/// <summary>The element-wise and row-wise operations of the transformer (cheap next to the GEMMs: O(rows·d)).</summary>
internal static unsafe class Ops
{
    /// <summary>RMSNorm eps (the reference default; no config field changes it).</summary>
    public const float RmsEps = 1e-5f;

    private const int Chunk = 1 << 14;

    [ThreadStatic]
    private static SiluJob? t_siluJob;

    /// <summary>y[r] = x[r] / sqrt(mean(x[r]²) + eps) ⊙ weight, for <paramref name="rows"/> rows of width <paramref name="d"/>.
    /// x and y may alias.</summary>
    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, int rows, int d, Span<float> y)
    {
        fixed (float* px = x, pw = weight, py = y)
        {
            for (var r = 0; r < rows; r++)
            {
                var xr = px + ((long)r * d);
                var yr = py + ((long)r * d);
                var ss = Gemm.Dot(xr, xr, d);
                var inv = 1f / MathF.Sqrt((ss / d) + RmsEps);
                var i = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    var vi = Vector256.Create(inv);
                    for (; i <= d - 8; i += 8)
                    {
                        (Vector256.Load(xr + i) * vi * Vector256.Load(pw + i)).Store(yr + i);
                    }
                }

                for (; i < d; i++)
                {
                    yr[i] = xr[i] * inv * pw[i];
                }
            }
        }
    }

    /// <summary>Scalar twin of <see cref="RmsNorm"/> (tests).</summary>
    public static void RmsNormScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, int rows, int d, Span<float> y)
    {
        for (var r = 0; r < rows; r++)
        {
            var ss = 0f;
            for (var i = 0; i < d; i++)
            {
                ss += x[(r * d) + i] * x[(r * d) + i];
            }

            var inv = 1f / MathF.Sqrt((ss / d) + RmsEps);
            for (var i = 0; i < d; i++)
            {
                y[(r * d) + i] = x[(r * d) + i] * inv * weight[i];
            }
        }
    }

    /// <summary>a ← silu(a) ⊙ b over <paramref name="a"/>'s length (SwiGLU gate), vectorised and split over cores
    /// for large inputs. silu(u) = u·sigmoid(u) = u / (1 + e^(−u)).</summary>
    public static void SiluMul(Span<float> a, ReadOnlySpan<float> b)
    {
        var n = a.Length;
        fixed (float* pa = a, pb = b)
        {
            if (n <= Chunk)
            {
                SiluMul(pa, pb, n);
                return;
            }

            var job = t_siluJob ??= new SiluJob();
            job.A = pa;
            job.B = pb;
            job.N = n;
            Parallel.For(0, (n + Chunk - 1) / Chunk, job.Body);
        }
    }

    /// <summary>Scalar twin of the SwiGLU gate (tests).</summary>
    public static void SiluMulScalar(Span<float> a, ReadOnlySpan<float> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var u = a[i];
            a[i] = u / (1f + MathF.Exp(-u)) * b[i];
        }
    }

    private static void SiluMul(float* a, float* b, int n)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i <= n - 8; i += 8)
            {
                var u = Vector256.Load(a + i);
                (u / (one + Vector256.Exp(-u)) * Vector256.Load(b + i)).Store(a + i);
            }
        }

        for (; i < n; i++)
        {
            var u = a[i];
            a[i] = u / (1f + MathF.Exp(-u)) * b[i];
        }
    }

    /// <summary>x[j] ← e^(x[j] − max) for j &lt; n; returns the sum (softmax numerator and denominator).</summary>
    public static float ExpShift(float* x, int n, float max)
    {
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated)
        {
            var vm = Vector256.Create(max);
            var acc = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var e = Vector256.Exp(Vector256.Load(x + i) - vm);
                e.Store(x + i);
                acc += e;
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            x[i] = MathF.Exp(x[i] - max);
            sum += x[i];
        }

        return sum;
    }

    /// <summary>Rotate-half RoPE of one row [heads·hd] in place, at the position the cos/sin rows belong to.
    /// Dimension j pairs with j + hd/2; angle = pos · invFreq[j].</summary>
    /// <param name="row">[heads·hd], modified in place.</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="cos">cos table row for this position [hd/2].</param>
    /// <param name="sin">sin table row for this position [hd/2].</param>
    public static void Rope(Span<float> row, int heads, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        var half = cos.Length;
        var hd = 2 * half;
        for (var h = 0; h < heads; h++)
        {
            var v = row.Slice(h * hd, hd);
            for (var j = 0; j < half; j++)
            {
                float x1 = v[j], x2 = v[j + half];
                v[j] = (x1 * cos[j]) - (x2 * sin[j]);
                v[j + half] = (x2 * cos[j]) + (x1 * sin[j]);
            }
        }
    }

    /// <summary>cos/sin tables [positions, hd/2] for rotate-half RoPE: angle = p · 10000^(−2j/hd), computed in float32
    /// like the reference (inv_freq in float32, then p·inv_freq in float32).</summary>
    public static (float[] Cos, float[] Sin) RopeTables(int positions, int hd)
    {
        var half = hd / 2;
        var cos = new float[positions * half];
        var sin = new float[positions * half];
        for (var j = 0; j < half; j++)
        {
            // torch: 1.0 / (10000 ** (arange(0, hd, 2).float() / hd)) — the exponent and power in float32.
            var invFreq = 1f / MathF.Pow(10000f, (2 * j) / (float)hd);
            for (var p = 0; p < positions; p++)
            {
                var angle = p * invFreq;
                cos[(p * half) + j] = MathF.Cos(angle);
                sin[(p * half) + j] = MathF.Sin(angle);
            }
        }

        return (cos, sin);
    }

    /// <summary>In-place softmax with the maximum subtracted first (no overflow).</summary>
    public static void Softmax(Span<float> x)
    {
        var max = float.NegativeInfinity;
        foreach (var v in x)
        {
            max = MathF.Max(max, v);
        }

        var sum = 0f;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Exp(x[i] - max);
            sum += x[i];
        }

        var inv = 1f / sum;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= inv;
        }
    }

    /// <summary>y[0..n) += a · x[0..n) (SIMD).</summary>
    public static void Axpy(float a, float* x, float* y, int n)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(a);
            for (; i <= n - 16; i += 16)
            {
                Vector512.FusedMultiplyAdd(va, Vector512.Load(x + i), Vector512.Load(y + i)).Store(y + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i <= n - 8; i += 8)
            {
                Vector256.FusedMultiplyAdd(va, Vector256.Load(x + i), Vector256.Load(y + i)).Store(y + i);
            }
        }

        for (; i < n; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>Arguments of a parallel SwiGLU gate, reused per calling thread (no closure per call).</summary>
    private sealed class SiluJob
    {
        public SiluJob()
        {
            Body = c =>
            {
                var start = c * Chunk;
                SiluMul(A + start, B + start, Math.Min(Chunk, N - start));
            };
        }

        public float* A { get; set; }

        public float* B { get; set; }

        public int N { get; set; }

        public Action<int> Body { get; }
    }
}
