namespace Kairos.Backtesting.Optimization;

/// <summary>
/// A vectorised 2-D objective: fills values[i·ys.Length + j] with f(xs[i], ys[j]) for the whole grid in one call.
/// </summary>
public delegate void GridObjective(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, Span<double> values);
