namespace Kairos.Core.Trading;

/// <summary>An open position. <see cref="Quantity"/> is signed: negative for a short.</summary>
public sealed record Position(Instrument Instrument, decimal Quantity, decimal AverageEntryPrice, decimal MarketPrice)
{
    public bool IsLong => Quantity > 0;

    /// <summary>"buy" for a long, "sell" for a short: the side that opened it.</summary>
    public OrderSide Side => Quantity > 0 ? OrderSide.Buy : OrderSide.Sell;

    public decimal MarketValue => Quantity * MarketPrice;

    public decimal UnrealizedPnl => (MarketPrice - AverageEntryPrice) * Quantity;
}
