namespace Kairos.Backtesting.Kernel;

/// <summary>
/// One day of kernel input, all in return units relative to the decision day's close C[t]: the realised close, high and
/// low of day t+1 (<see cref="Close"/>, <see cref="HighActual"/>, <see cref="LowActual"/>) and the predicted high and low
/// (<see cref="HighPredicted"/>, <see cref="LowPredicted"/>).
/// </summary>
public readonly record struct KernelDay(double Close, double HighActual, double HighPredicted, double LowActual, double LowPredicted);
