namespace Kairos.Trading.Simulation;

/// <summary>
/// Where a price path first reaches a level: the instant, and the path price there. <see cref="Price"/> equals the level
/// when the path crossed it continuously; it is beyond the level when the path was already through it at the start of
/// the interval or jumped through it (a gap between intraday bars).
/// </summary>
public readonly record struct PathTouch(DateTimeOffset Time, decimal Price);
