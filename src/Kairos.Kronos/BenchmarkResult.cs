namespace Kairos.Kronos;

/// <summary>Result of <see cref="KronosBenchmark.Run"/>.</summary>
/// <param name="MedianSeconds">Median wall time of one predict call.</param>
/// <param name="AllSeconds">Every timed run, in order.</param>
/// <param name="ModelTokens">Token rows pushed through the Kronos transformer stack per predict (prefix rows once per
/// series, suffix rows per sample; performance.md's "tokens").</param>
/// <param name="ReferenceModelTokens">What the reference pushes through the stack: Σᵢ min(N + i, W) · S (window re-run for every sample and step).</param>
/// <param name="Flops">Floating-point operations of one predict (2 per multiply-add), model + tokenizer, as executed.</param>
/// <param name="GflopPerSecond">Flops / median time.</param>
/// <param name="FlopBoundSeconds">Flops at the machine's 575 GFLOP/s AVX-512 peak (performance.md).</param>
public sealed record BenchmarkResult(double MedianSeconds, IReadOnlyList<double> AllSeconds, long ModelTokens, long ReferenceModelTokens, double Flops, double GflopPerSecond, double FlopBoundSeconds);
