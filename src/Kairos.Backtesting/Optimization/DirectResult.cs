namespace Kairos.Backtesting.Optimization;

/// <summary>
/// Outcome of <see cref="Direct.Minimize"/>, field for field SciPy's <c>OptimizeResult</c>:
/// <c>x</c>, <c>fun</c>, <c>nfev</c>, <c>nit</c>, <c>status</c>, <c>message</c>.
/// </summary>
/// <param name="X">Best point found, in the caller's coordinates (a fresh array owned by the caller).</param>
/// <param name="Value">Objective value at <paramref name="X"/>; +∞ if no finite value was ever seen.</param>
/// <param name="Evaluations">Number of objective calls.</param>
/// <param name="Iterations">DIRECT iterations, counted as SciPy counts them (initial sampling is iteration 1).</param>
/// <param name="Status">Why the run stopped.</param>
/// <param name="Message">SciPy's message for <paramref name="Status"/>, with the same number formatting.</param>
public sealed record DirectResult(double[] X, double Value, int Evaluations, int Iterations, DirectStatus Status, string Message);
