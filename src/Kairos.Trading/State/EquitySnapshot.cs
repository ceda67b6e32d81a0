namespace Kairos.Trading.State;

/// <summary>
/// The account's value at <see cref="At"/>. <see cref="MarketValues"/> holds the signed market value of each open
/// position by symbol (negative for shorts), so Equity = Cash + Σ MarketValues and GrossExposure = Σ |MarketValues|.
/// </summary>
public sealed record EquitySnapshot(
    DateTimeOffset At,
    decimal Cash,
    decimal Equity,
    decimal GrossExposure,
    IReadOnlyDictionary<string, decimal> MarketValues);
