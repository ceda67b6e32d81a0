using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Execution;

/// <summary>
/// What sizing an entry needs, all read at decision time: a fresh account snapshot, the open positions and the open
/// orders. <see cref="OpenOrders"/> should leave out an order the caller is about to replace (it would be counted twice).
/// <see cref="Price"/> is the entry reference price (the limit, or ask for buys / bid for sells).
/// </summary>
public sealed record SizingRequest(
    Instrument Instrument,
    OrderSide Side,
    decimal Price,
    AccountSnapshot Account,
    IReadOnlyList<Position> Positions,
    IReadOnlyList<Order> OpenOrders);
