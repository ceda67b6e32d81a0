namespace Kairos.Core.Trading;

/// <summary>One execution of (part of) an order. <see cref="Sequence"/> orders the fills of an account totally.</summary>
public sealed record Fill(
    long Sequence,
    string OrderId,
    string ClientOrderId,
    Instrument Instrument,
    OrderSide Side,
    decimal Quantity,
    decimal Price,
    decimal Fee,
    DateTimeOffset Timestamp)
{
    /// <summary>Quantity signed by side: positive for buys.</summary>
    public decimal SignedQuantity => Side == OrderSide.Buy ? Quantity : -Quantity;

    public decimal Notional => Quantity * Price;
}
