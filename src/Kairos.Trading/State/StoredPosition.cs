using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.State;

/// <summary>
/// The bot's view of an open position: what the broker reports plus what only the bot knows — the strategy that opened
/// it and when. <see cref="Quantity"/> is signed (negative for a short).
/// </summary>
public sealed record StoredPosition(
    Instrument Instrument,
    decimal Quantity,
    decimal AveragePrice,
    StrategyKind? Strategy,
    DateTimeOffset OpenedAt)
{
    /// <summary>The side that opened it.</summary>
    public OrderSide Side => Quantity >= 0 ? OrderSide.Buy : OrderSide.Sell;
}
