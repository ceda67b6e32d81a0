using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading;

/// <summary>
/// A position opened and closed by the bot. <see cref="Side"/> is the side that opened it; <see cref="RealizedPnl"/> is
/// after <see cref="Fees"/>; <see cref="Reason"/> says why it was closed (take-profit, not_in_portfolio,
/// direction_change_to_sell, strategy_loss, max_hold, kill_switch, …).
/// </summary>
public sealed record ClosedTrade(
    Instrument Instrument,
    OrderSide Side,
    StrategyKind Strategy,
    decimal Quantity,
    decimal EntryPrice,
    decimal ExitPrice,
    DateTimeOffset OpenedAt,
    DateTimeOffset ClosedAt,
    decimal RealizedPnl,
    decimal Fees,
    string Reason)
{
    public bool IsLoss => RealizedPnl < 0;

    /// <summary>P&amp;L as a fraction of the entry notional.</summary>
    public double ReturnPct => EntryPrice * Quantity == 0 ? 0 : (double)(RealizedPnl / (EntryPrice * Quantity));
}
