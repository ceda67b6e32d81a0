using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kairos.Kronos.Kernels;

/// <summary>
/// Y[M, N] = X[M, K] · W[N, K]ᵀ (+ bias[N]) (+ Y when accumulating) — the PyTorch Linear layout, so weights are used
/// straight from the memory-mapped checkpoint without repacking.
/// </summary>
/// <remarks>
/// Register tile (AVX-512): 4 rows of X × 4 rows of W, 16 vector accumulators running along K (dot-product form,
/// because both operands are K-contiguous). Per 16-float K-chunk that is 8 loads for 16 FMAs, so the kernel is
/// FMA-bound, not load-bound. With AVX2 (16 registers) the tile is 3 × 4 (7 loads for 12 FMAs, every register used, no spill), then 2 × 4 for leftover rows. X is walked in tiles of <see cref="RowTile"/> rows that stay in L2 while W streams through.
/// Work is split over column blocks across the cores (each column block writes disjoint outputs: no reduction).
/// <see cref="MultiplyScalar"/> is the reference twin used by the tests.
/// </remarks>
internal static unsafe class Gemm
{
    private const int RowTile = 64;

    // Below this many multiply-adds a parallel split costs more than it saves.
    private const long ParallelThreshold = 1L << 17;

    [ThreadStatic]
    private static Job? t_job;

    /// <summary>SIMD, multi-threaded GEMM.</summary>
    /// <param name="x">[m, k] row-major.</param>
    /// <param name="m">Rows of X and Y.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="w">[n, k] row-major.</param>
    /// <param name="n">Rows of W = columns of Y.</param>
    /// <param name="bias">[n], or empty for none.</param>
    /// <param name="y">[m, n] row-major; overwritten, or added to when <paramref name="accumulate"/>.</param>
    /// <param name="accumulate">Add the product to Y (residual connections) instead of overwriting it.</param>
    public static void Multiply(ReadOnlySpan<float> x, int m, int k, ReadOnlySpan<float> w, int n, ReadOnlySpan<float> bias, Span<float> y, bool accumulate = false)
        => Multiply(x, m, k, w, n, bias, y, accumulate, BestTile);

    /// <summary>The register tile this machine's vector width supports.</summary>
    internal static GemmTile BestTile => Vector512.IsHardwareAccelerated ? GemmTile.Avx512x4x4 : Vector256.IsHardwareAccelerated ? GemmTile.Avx2x2x4 : GemmTile.DotOnly;

    /// <summary><see cref="Multiply(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, Span{float}, bool)"/>
    /// with an explicit tile, so tests can exercise every tile on any machine (Vector512 is emulated without AVX-512).</summary>
    internal static void Multiply(ReadOnlySpan<float> x, int m, int k, ReadOnlySpan<float> w, int n, ReadOnlySpan<float> bias, Span<float> y, bool accumulate, GemmTile tile)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            // One reusable job per calling thread: the step loop performs no allocation of its own here.
            var job = t_job ??= new Job();
            job.Set(px, pw, bias.IsEmpty ? null : pb, py, m, k, n, accumulate, tile);
            var blocks = (n + 3) / 4;
            var work = (long)m * n * k;
            var parts = work < ParallelThreshold ? 1 : Math.Min(blocks, Environment.ProcessorCount * 4);
            if (parts <= 1)
            {
                job.RunColumns(0, n);
                return;
            }

            job.PerPart = (blocks + parts - 1) / parts * 4;
            Parallel.For(0, (n + job.PerPart - 1) / job.PerPart, job.Body);
        }
    }

    /// <summary>Scalar reference twin of <c>Multiply</c>: one sequential float accumulator per output.</summary>
    public static void MultiplyScalar(ReadOnlySpan<float> x, int m, int k, ReadOnlySpan<float> w, int n, ReadOnlySpan<float> bias, Span<float> y, bool accumulate = false)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0f;
                for (var t = 0; t < k; t++)
                {
                    s += x[(i * k) + t] * w[(j * k) + t];
                }

                if (!bias.IsEmpty)
                {
                    s += bias[j];
                }

                y[(i * n) + j] = accumulate ? y[(i * n) + j] + s : s;
            }
        }
    }

    /// <summary>Dot product of two length-<paramref name="k"/> vectors (SIMD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int k)
    {
        var t = 0;
        var s = 0f;
        if (Vector512.IsHardwareAccelerated && k >= 16)
        {
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            for (; t <= k - 32; t += 32)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + t), Vector512.Load(b + t), acc0);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + t + 16), Vector512.Load(b + t + 16), acc1);
            }

            for (; t <= k - 16; t += 16)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + t), Vector512.Load(b + t), acc0);
            }

            s = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated && k >= 8)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; t <= k - 16; t += 16)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + t), Vector256.Load(b + t), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + t + 8), Vector256.Load(b + t + 8), acc1);
            }

            for (; t <= k - 8; t += 8)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + t), Vector256.Load(b + t), acc0);
            }

            s = Vector256.Sum(acc0 + acc1);
        }

        for (; t < k; t++)
        {
            s += a[t] * b[t];
        }

        return s;
    }

    /// <summary>The arguments of one GEMM, shared by its parallel parts (avoids a closure per call site).</summary>
    private sealed class Job
    {
        private float* x;
        private float* w;
        private float* bias;
        private float* y;
        private int m;
        private int k;
        private int n;
        private bool accumulate;
        private GemmTile tile;

        public Job()
        {
            Body = part =>
            {
                var c0 = part * PerPart;
                RunColumns(c0, Math.Min(n, c0 + PerPart));
            };
        }

        /// <summary>Columns per parallel part (a multiple of 4).</summary>
        public int PerPart { get; set; }

        /// <summary>The cached parallel body (part index → column range).</summary>
        public Action<int> Body { get; }

        public void Set(float* x, float* w, float* bias, float* y, int m, int k, int n, bool accumulate, GemmTile tile)
        {
            this.x = x;
            this.w = w;
            this.bias = bias;
            this.y = y;
            this.m = m;
            this.k = k;
            this.n = n;
            this.accumulate = accumulate;
            this.tile = tile;
        }

        /// <summary>Computes output columns [c0, c1) for all rows.</summary>
        public void RunColumns(int c0, int c1)
        {
            for (var r0 = 0; r0 < m; r0 += RowTile)
            {
                var r1 = Math.Min(m, r0 + RowTile);
                var c = c0;
                for (; c + 4 <= c1; c += 4)
                {
                    var r = r0;
                    if (tile == GemmTile.Avx512x4x4)
                    {
                        for (; r + 4 <= r1; r += 4)
                        {
                            Tile4x4(r, c);
                        }
                    }
                    else if (tile == GemmTile.Avx2x2x4)
                    {
                        for (; r + 3 <= r1; r += 3)
                        {
                            Tile3x4(r, c);
                        }

                        for (; r + 2 <= r1; r += 2)
                        {
                            Tile2x4(r, c);
                        }
                    }

                    for (; r < r1; r++)
                    {
                        Tile1x4(r, c);
                    }
                }

                for (; c < c1; c++)
                {
                    for (var r = r0; r < r1; r++)
                    {
                        Store(r, c, Dot(x + ((long)r * k), w + ((long)c * k), k));
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Store(int r, int c, float v)
        {
            if (bias != null)
            {
                v += bias[c];
            }

            var p = y + ((long)r * n) + c;
            *p = accumulate ? *p + v : v;
        }

        private void Tile1x4(int r, int c)
        {
            var a = x + ((long)r * k);
            var b0 = w + ((long)c * k);
            Store(r, c, Dot(a, b0, k));
            Store(r, c + 1, Dot(a, b0 + k, k));
            Store(r, c + 2, Dot(a, b0 + (2 * k), k));
            Store(r, c + 3, Dot(a, b0 + (3 * k), k));
        }

        /// <summary>AVX2 tile: 2 rows × 4 weight rows = 8 accumulators + 6 operands, within the 16 ymm registers
        /// (a 4×4 tile would need 21 and spill).</summary>
        private void Tile2x4(int r, int c)
        {
            float* a0 = x + ((long)r * k), a1 = a0 + k;
            float* b0 = w + ((long)c * k), b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
            Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
            Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
            var t = 0;
            for (; t <= k - 8; t += 8)
            {
                var v0 = Vector256.Load(a0 + t);
                var v1 = Vector256.Load(a1 + t);
                var w0 = Vector256.Load(b0 + t);
                c00 = Vector256.FusedMultiplyAdd(v0, w0, c00);
                c10 = Vector256.FusedMultiplyAdd(v1, w0, c10);
                var w1 = Vector256.Load(b1 + t);
                c01 = Vector256.FusedMultiplyAdd(v0, w1, c01);
                c11 = Vector256.FusedMultiplyAdd(v1, w1, c11);
                var w2 = Vector256.Load(b2 + t);
                c02 = Vector256.FusedMultiplyAdd(v0, w2, c02);
                c12 = Vector256.FusedMultiplyAdd(v1, w2, c12);
                var w3 = Vector256.Load(b3 + t);
                c03 = Vector256.FusedMultiplyAdd(v0, w3, c03);
                c13 = Vector256.FusedMultiplyAdd(v1, w3, c13);
            }

            float s00 = Vector256.Sum(c00), s01 = Vector256.Sum(c01), s02 = Vector256.Sum(c02), s03 = Vector256.Sum(c03);
            float s10 = Vector256.Sum(c10), s11 = Vector256.Sum(c11), s12 = Vector256.Sum(c12), s13 = Vector256.Sum(c13);
            for (; t < k; t++)
            {
                float x0 = a0[t], x1 = a1[t];
                s00 += x0 * b0[t]; s01 += x0 * b1[t]; s02 += x0 * b2[t]; s03 += x0 * b3[t];
                s10 += x1 * b0[t]; s11 += x1 * b1[t]; s12 += x1 * b2[t]; s13 += x1 * b3[t];
            }

            Store(r, c, s00); Store(r, c + 1, s01); Store(r, c + 2, s02); Store(r, c + 3, s03);
            Store(r + 1, c, s10); Store(r + 1, c + 1, s11); Store(r + 1, c + 2, s12); Store(r + 1, c + 3, s13);
        }

        /// <summary>AVX2 tile: 3 rows × 4 weight rows = 12 accumulators + 3 row operands + 1 weight operand = all 16 ymm
        /// registers; 7 loads per 12 FMAs (the 2 × 4 tile needs 6 per 8).</summary>
        private void Tile3x4(int r, int c)
        {
            float* a0 = x + ((long)r * k), a1 = a0 + k, a2 = a1 + k;
            float* b0 = w + ((long)c * k), b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
            Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
            Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
            Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default;
            var t = 0;
            for (; t <= k - 8; t += 8)
            {
                var v0 = Vector256.Load(a0 + t);
                var v1 = Vector256.Load(a1 + t);
                var v2 = Vector256.Load(a2 + t);
                var wv = Vector256.Load(b0 + t);
                c00 = Vector256.FusedMultiplyAdd(v0, wv, c00);
                c10 = Vector256.FusedMultiplyAdd(v1, wv, c10);
                c20 = Vector256.FusedMultiplyAdd(v2, wv, c20);
                wv = Vector256.Load(b1 + t);
                c01 = Vector256.FusedMultiplyAdd(v0, wv, c01);
                c11 = Vector256.FusedMultiplyAdd(v1, wv, c11);
                c21 = Vector256.FusedMultiplyAdd(v2, wv, c21);
                wv = Vector256.Load(b2 + t);
                c02 = Vector256.FusedMultiplyAdd(v0, wv, c02);
                c12 = Vector256.FusedMultiplyAdd(v1, wv, c12);
                c22 = Vector256.FusedMultiplyAdd(v2, wv, c22);
                wv = Vector256.Load(b3 + t);
                c03 = Vector256.FusedMultiplyAdd(v0, wv, c03);
                c13 = Vector256.FusedMultiplyAdd(v1, wv, c13);
                c23 = Vector256.FusedMultiplyAdd(v2, wv, c23);
            }

            float s00 = Vector256.Sum(c00), s01 = Vector256.Sum(c01), s02 = Vector256.Sum(c02), s03 = Vector256.Sum(c03);
            float s10 = Vector256.Sum(c10), s11 = Vector256.Sum(c11), s12 = Vector256.Sum(c12), s13 = Vector256.Sum(c13);
            float s20 = Vector256.Sum(c20), s21 = Vector256.Sum(c21), s22 = Vector256.Sum(c22), s23 = Vector256.Sum(c23);
            for (; t < k; t++)
            {
                float x0 = a0[t], x1 = a1[t], x2 = a2[t];
                s00 += x0 * b0[t]; s01 += x0 * b1[t]; s02 += x0 * b2[t]; s03 += x0 * b3[t];
                s10 += x1 * b0[t]; s11 += x1 * b1[t]; s12 += x1 * b2[t]; s13 += x1 * b3[t];
                s20 += x2 * b0[t]; s21 += x2 * b1[t]; s22 += x2 * b2[t]; s23 += x2 * b3[t];
            }

            Store(r, c, s00); Store(r, c + 1, s01); Store(r, c + 2, s02); Store(r, c + 3, s03);
            Store(r + 1, c, s10); Store(r + 1, c + 1, s11); Store(r + 1, c + 2, s12); Store(r + 1, c + 3, s13);
            Store(r + 2, c, s20); Store(r + 2, c + 1, s21); Store(r + 2, c + 2, s22); Store(r + 2, c + 3, s23);
        }

        /// <summary>AVX-512 tile: 4 rows × 4 weight rows = 16 accumulators (of 32 zmm registers).</summary>
        private void Tile4x4(int r, int c)
        {
            float* a0 = x + ((long)r * k), a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
            float* b0 = w + ((long)c * k), b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
            var t = 0;
            Span<float> s = stackalloc float[16];
            {
                Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
                Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
                Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
                Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
                for (; t <= k - 16; t += 16)
                {
                    var w0 = Vector512.Load(b0 + t);
                    var w1 = Vector512.Load(b1 + t);
                    var w2 = Vector512.Load(b2 + t);
                    var w3 = Vector512.Load(b3 + t);
                    var v = Vector512.Load(a0 + t);
                    c00 = Vector512.FusedMultiplyAdd(v, w0, c00);
                    c01 = Vector512.FusedMultiplyAdd(v, w1, c01);
                    c02 = Vector512.FusedMultiplyAdd(v, w2, c02);
                    c03 = Vector512.FusedMultiplyAdd(v, w3, c03);
                    v = Vector512.Load(a1 + t);
                    c10 = Vector512.FusedMultiplyAdd(v, w0, c10);
                    c11 = Vector512.FusedMultiplyAdd(v, w1, c11);
                    c12 = Vector512.FusedMultiplyAdd(v, w2, c12);
                    c13 = Vector512.FusedMultiplyAdd(v, w3, c13);
                    v = Vector512.Load(a2 + t);
                    c20 = Vector512.FusedMultiplyAdd(v, w0, c20);
                    c21 = Vector512.FusedMultiplyAdd(v, w1, c21);
                    c22 = Vector512.FusedMultiplyAdd(v, w2, c22);
                    c23 = Vector512.FusedMultiplyAdd(v, w3, c23);
                    v = Vector512.Load(a3 + t);
                    c30 = Vector512.FusedMultiplyAdd(v, w0, c30);
                    c31 = Vector512.FusedMultiplyAdd(v, w1, c31);
                    c32 = Vector512.FusedMultiplyAdd(v, w2, c32);
                    c33 = Vector512.FusedMultiplyAdd(v, w3, c33);
                }

                s[0] = Vector512.Sum(c00); s[1] = Vector512.Sum(c01); s[2] = Vector512.Sum(c02); s[3] = Vector512.Sum(c03);
                s[4] = Vector512.Sum(c10); s[5] = Vector512.Sum(c11); s[6] = Vector512.Sum(c12); s[7] = Vector512.Sum(c13);
                s[8] = Vector512.Sum(c20); s[9] = Vector512.Sum(c21); s[10] = Vector512.Sum(c22); s[11] = Vector512.Sum(c23);
                s[12] = Vector512.Sum(c30); s[13] = Vector512.Sum(c31); s[14] = Vector512.Sum(c32); s[15] = Vector512.Sum(c33);
            }

            // K remainder.
            for (; t < k; t++)
            {
                float x0 = a0[t], x1 = a1[t], x2 = a2[t], x3 = a3[t];
                float y0 = b0[t], y1 = b1[t], y2 = b2[t], y3 = b3[t];
                s[0] += x0 * y0; s[1] += x0 * y1; s[2] += x0 * y2; s[3] += x0 * y3;
                s[4] += x1 * y0; s[5] += x1 * y1; s[6] += x1 * y2; s[7] += x1 * y3;
                s[8] += x2 * y0; s[9] += x2 * y1; s[10] += x2 * y2; s[11] += x2 * y3;
                s[12] += x3 * y0; s[13] += x3 * y1; s[14] += x3 * y2; s[15] += x3 * y3;
            }

            for (var i = 0; i < 4; i++)
            {
                for (var j = 0; j < 4; j++)
                {
                    Store(r + i, c + j, s[(i * 4) + j]);
                }
            }
        }
    }
}
