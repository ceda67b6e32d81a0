namespace Kairos.Trading.Reporting;

/// <summary>
/// The signed market value of one symbol's position at each equity snapshot of a run (same length and order as the
/// equity curve; 0 while flat).
/// </summary>
public sealed record PositionSeries(string Symbol, IReadOnlyList<decimal> MarketValues);
