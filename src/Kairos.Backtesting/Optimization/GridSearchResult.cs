namespace Kairos.Backtesting.Optimization;

/// <summary>The best point of a 2-D grid search, its objective value and the number of objective evaluations.</summary>
public readonly record struct GridSearchResult(double X, double Y, double Value, int Evaluations);
