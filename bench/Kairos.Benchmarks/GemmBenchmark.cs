using BenchmarkDotNet.Attributes;
using Kairos.Kronos.Kernels;

namespace Kairos.Benchmarks;

/// <summary>
/// Justifies the Kronos GEMM kernel: a Kronos-base projection shape (192 sample rows × 832 → 2048, the FFN up-projection
/// of one generation step) with the SIMD tiled kernel (multi-threaded) against its scalar reference twin.
/// </summary>
public class GemmBenchmark
{
    private const int M = 192, K = 832, N = 2048;
    private readonly float[] _x = new float[M * K];
    private readonly float[] _w = new float[N * K];
    private readonly float[] _y = new float[M * N];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (var i = 0; i < _x.Length; i++)
        {
            _x[i] = (float)(rng.NextDouble() - 0.5);
        }

        for (var i = 0; i < _w.Length; i++)
        {
            _w[i] = (float)(rng.NextDouble() - 0.5);
        }
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => Gemm.MultiplyScalar(_x, M, K, _w, N, [], _y);

    [Benchmark]
    public void Simd() => Gemm.Multiply(_x, M, K, _w, N, [], _y);
}
