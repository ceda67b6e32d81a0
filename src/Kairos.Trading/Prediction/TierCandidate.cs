namespace Kairos.Trading.Prediction;

/// <summary>
/// A symbol to place in a tier: its score from the last analysis (the composite score that ranked it; higher is better,
/// null or NaN when it has none) and whether the book holds a position or open order in it.
/// </summary>
public sealed record TierCandidate(string Symbol, double? Score, bool Held);
