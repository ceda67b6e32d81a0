using Kairos.Kronos.Kernels;

namespace Kairos.Kronos.Tests;

/// <summary>SIMD kernels against their scalar twins, every length 0..256, seeded inputs, relative tolerance.</summary>
public sealed class KernelTests
{
    [Fact]
    public void Gemm_matches_scalar_twin_for_every_inner_length_0_to_256()
    {
        var rng = new Random(1234);
        for (var k = 0; k <= 256; k++)
        {
            int m = 1 + (k % 9), n = 1 + ((k * 7) % 13);
            Check(rng, m, k, n, bias: k % 2 == 0, accumulate: k % 3 == 0);
        }
    }

    [Fact]
    public void Gemm_matches_scalar_twin_for_every_row_and_column_count_0_to_256()
    {
        var rng = new Random(99);
        for (var i = 0; i <= 256; i++)
        {
            Check(rng, i, 37, 5, bias: true, accumulate: false);
            Check(rng, 3, 40, i, bias: false, accumulate: true);
        }
    }

    [Fact]
    public void Gemm_parallel_path_matches_scalar_twin()
    {
        var rng = new Random(7);
        Check(rng, 130, 832, 260, bias: true, accumulate: true);
        Check(rng, 1, 2048, 1024, bias: true, accumulate: false);
    }

    [Fact]
    public unsafe void Dot_and_axpy_match_scalar_for_every_length_0_to_256()
    {
        var rng = new Random(5);
        for (var n = 0; n <= 256; n++)
        {
            var a = Rand(rng, n);
            var b = Rand(rng, n);
            var y = Rand(rng, n);
            var expectedY = y.Select((v, i) => v + (0.37f * a[i])).ToArray();
            double exp = 0, mag = 0;
            for (var i = 0; i < n; i++)
            {
                exp += a[i] * b[i];
                mag += Math.Abs(a[i] * b[i]);
            }

            fixed (float* pa = a, pb = b, py = y)
            {
                Assert.True(Math.Abs(Gemm.Dot(pa, pb, n) - exp) <= (1e-5 * mag) + 1e-7, $"dot n={n}");
                Ops.Axpy(0.37f, pa, py, n);
            }

            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(expectedY[i] - y[i]) <= 1e-6 * (1 + Math.Abs(expectedY[i])), $"axpy n={n} i={i}");
            }
        }
    }

    [Fact]
    public void SiluMul_and_exp_shift_match_scalar_for_every_length_0_to_256()
    {
        var rng = new Random(11);
        for (var n = 0; n <= 256; n++)
        {
            var a = Rand(rng, n).Select(v => v * 8).ToArray();
            var b = Rand(rng, n);
            var expected = (float[])a.Clone();
            Ops.SiluMulScalar(expected, b);
            Ops.SiluMul(a, b);
            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(expected[i] - a[i]) <= 1e-6 * (1 + Math.Abs(expected[i])), $"silu n={n} i={i}");
            }

            var x = Rand(rng, n).Select(v => v * 10).ToArray();
            var max = n == 0 ? 0f : x.Max();
            var expSum = x.Sum(v => Math.Exp(v - max));
            var expX = x.Select(v => MathF.Exp(v - max)).ToArray();
            unsafe
            {
                fixed (float* px = x)
                {
                    Assert.True(Math.Abs(Ops.ExpShift(px, n, max) - expSum) <= 1e-5 * (1 + expSum), $"exp sum n={n}");
                }
            }

            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(expX[i] - x[i]) <= 1e-6 * (1 + expX[i]), $"exp n={n} i={i}");
            }
        }

        var big = Rand(rng, 100_000);
        var bigB = Rand(rng, 100_000);
        var bigExpected = (float[])big.Clone();
        Ops.SiluMulScalar(bigExpected, bigB);
        Ops.SiluMul(big, bigB);
        Golden.AssertClose(bigExpected, big, 1e-6f, "silu parallel");
    }

    [Fact]
    public unsafe void Attention_loops_match_scalar_twins_for_every_key_count_and_head_width_0_to_256()
    {
        var rng = new Random(17);
        foreach (var (n, hd) in Enumerable.Range(0, 257).Select(i => (i, 52)).Concat(Enumerable.Range(1, 256).Select(i => (7, i))))
        {
            var stride = hd + 3;
            var q = Rand(rng, hd);
            var k = Rand(rng, (n * stride) + 1);
            var p = Rand(rng, n);
            var o1 = Rand(rng, hd);
            var o2 = (float[])o1.Clone();
            var s1 = new float[n + 1];
            var s2 = new float[n + 1];
            fixed (float* pq = q, pk = k, pp = p, po1 = o1, po2 = o2, ps1 = s1, ps2 = s2)
            {
                var m1 = Attention.ScoresScalar(pq, pk, n, stride, hd, 0.125f, ps1);
                var m2 = Attention.Scores(pq, pk, n, stride, hd, 0.125f, ps2);
                Assert.True(Math.Abs(m1 - m2) <= 1e-5 * (1 + Math.Abs(m1)) || (n == 0 && float.IsNegativeInfinity(m2)), $"max n={n} hd={hd}");
                Attention.WeightedSumScalar(pp, pk, n, stride, hd, po1);
                Attention.WeightedSum(pp, pk, n, stride, hd, po2);
            }

            Golden.AssertClose(s1, s2, 1e-5f * (1 + hd), $"scores n={n} hd={hd}");
            Golden.AssertClose(o1, o2, 1e-5f * (1 + n), $"weighted sum n={n} hd={hd}");
        }
    }

    [Fact]
    public void RmsNorm_matches_scalar_twin_for_every_width_0_to_256()
    {
        var rng = new Random(21);
        for (var d = 1; d <= 256; d++)
        {
            var x = Rand(rng, 3 * d);
            var w = Rand(rng, d);
            var expected = new float[3 * d];
            var actual = new float[3 * d];
            Ops.RmsNormScalar(x, w, 3, d, expected);
            Ops.RmsNorm(x, w, 3, d, actual);
            Golden.AssertClose(expected, actual, 1e-5f, $"rmsnorm d={d}");
        }
    }

    [Fact]
    public void Kth_largest_matches_a_sort()
    {
        var rng = new Random(3);
        var scratch = new float[1024];
        foreach (var k in new[] { 1, 2, 5, 20, 64, 65, 300 })
        {
            for (var trial = 0; trial < 20; trial++)
            {
                // Few distinct values so that ties are common.
                var x = Enumerable.Range(0, 1024).Select(_ => (float)rng.Next(0, 50)).ToArray();
                var sorted = x.OrderDescending().ToArray();
                Assert.Equal(sorted[k - 1], Sampler.KthLargest(x, k, scratch));
            }
        }
    }

    private static void Check(Random rng, int m, int k, int n, bool bias, bool accumulate)
    {
        var x = Rand(rng, m * k);
        var w = Rand(rng, n * k);
        var b = bias ? Rand(rng, n) : [];
        var y0 = Rand(rng, m * n);
        var expected = (float[])y0.Clone();
        Gemm.MultiplyScalar(x, m, k, w, n, b, expected, accumulate);
        foreach (var tile in new[] { GemmTile.Avx512x4x4, GemmTile.Avx2x2x4, GemmTile.DotOnly })
        {
            var actual = (float[])y0.Clone();
            Gemm.Multiply(x, m, k, w, n, b, actual, accumulate, tile);
            Compare(x, w, y0, expected, actual, m, k, n, tile);
        }

        var auto = (float[])y0.Clone();
        Gemm.Multiply(x, m, k, w, n, b, auto, accumulate);
        Compare(x, w, y0, expected, auto, m, k, n, Gemm.BestTile);
    }

    private static void Compare(float[] x, float[] w, float[] y0, float[] expected, float[] actual, int m, int k, int n, GemmTile tile)
    {
        for (var i = 0; i < m * n; i++)
        {
            // Tolerance relative to Σ|x·w| of that output (the reassociation error bound).
            double mag = Math.Abs(y0[i]) + 1;
            var (r, c) = (i / n, i % n);
            for (var t = 0; t < k; t++)
            {
                mag += Math.Abs(x[(r * k) + t] * w[(c * k) + t]);
            }

            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * mag, $"{tile} m={m} k={k} n={n} at {i}: {expected[i]} vs {actual[i]}");
        }
    }

    private static float[] Rand(Random rng, int n)
    {
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return a;
    }
}
