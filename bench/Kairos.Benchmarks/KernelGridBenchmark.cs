using BenchmarkDotNet.Attributes;
using Kairos.Backtesting.Kernel;

namespace Kairos.Benchmarks;

/// <summary>Justifies the vectorised grid objective: one 33 × 33 stage over a 7-day window, SIMD vs its scalar twin.</summary>
public class KernelGridBenchmark
{
    private readonly KernelDay[] _days = new KernelDay[7];
    private readonly double[] _long = [1, 1, 1, 1, 1, 1, 1];
    private readonly double[] _short = [-1, -1, -1, -1, -1, -1, -1];
    private readonly double[] _hs = new double[33];
    private readonly double[] _ls = new double[33];
    private readonly double[] _sums = new double[33 * 33];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (var i = 0; i < _days.Length; i++)
        {
            var c = (rng.NextDouble() - 0.5) * 0.04;
            _days[i] = new KernelDay(c, Math.Max(c, 0) + (rng.NextDouble() * 0.02), rng.NextDouble() * 0.02, Math.Min(c, 0) - (rng.NextDouble() * 0.02), -rng.NextDouble() * 0.02);
        }

        Kairos.Backtesting.Optimization.GridSearch.Linspace(-0.03, 0.03, _hs);
        Kairos.Backtesting.Optimization.GridSearch.Linspace(-0.03, 0.03, _ls);
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => KernelGrid.EvaluateScalar(_days, _long, _short, _hs, _ls, 0.0025, false, _sums);

    [Benchmark]
    public void Vectorised() => KernelGrid.Evaluate(_days, _long, _short, _hs, _ls, 0.0025, false, _sums);
}
