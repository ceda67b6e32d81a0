using Kairos.Core;

namespace Kairos.Brokers.Alpaca;

/// <summary>
/// What Alpaca says about an instrument: whether and how it may be traded. The sizing fields (smallest order, quantity
/// step, price tick) are set mainly for crypto and null where Alpaca leaves them out.
/// </summary>
public sealed record AlpacaAsset(
    Instrument Instrument,
    string Id,
    string Name,
    string Exchange,
    string Status,
    bool Tradable,
    bool Fractionable,
    bool Shortable,
    bool Marginable,
    bool EasyToBorrow,
    decimal? MinOrderSize,
    decimal? MinTradeIncrement,
    decimal? PriceIncrement)
{
    public bool IsActive => string.Equals(Status, "active", StringComparison.OrdinalIgnoreCase);
}
