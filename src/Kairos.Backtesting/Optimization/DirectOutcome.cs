namespace Kairos.Backtesting.Optimization;

/// <summary>What one <see cref="DirectSearch"/> run produced, before the public message is attached.</summary>
internal readonly record struct DirectOutcome(double[] X, double Value, int Evaluations, int Iterations, DirectStatus Status);
