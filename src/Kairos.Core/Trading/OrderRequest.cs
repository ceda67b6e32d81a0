namespace Kairos.Core.Trading;

/// <summary>
/// An order as the bot asks for it. <see cref="ClientOrderId"/> is the idempotency key: submitting the same id twice
/// returns the order already accepted instead of placing a second one, so a retry or a restart never doubles an order.
/// </summary>
public sealed record OrderRequest(
    string ClientOrderId,
    Instrument Instrument,
    OrderSide Side,
    decimal Quantity,
    OrderType Type,
    decimal? LimitPrice,
    TimeInForce TimeInForce);
