using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Brokers;

/// <summary>
/// The broker as the trading cycle sees it: account, positions, orders, clock and quotes. Implemented by the
/// <c>SimulatedBroker</c> (backtest, market simulator and paper mode — one fill model) and by broker adapters.
/// Expected failures are values: a refused order comes back with <see cref="OrderStatus.Rejected"/> and the broker's
/// reason; transport failures throw <see cref="BrokerException"/>.
/// </summary>
public interface IBroker
{
    /// <summary>A short name for logs and reports (<c>simulated</c>, <c>alpaca-paper</c>).</summary>
    string Name { get; }

    Task<AccountSnapshot> GetAccountAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Position>> GetPositionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Orders that can still fill (new or partially filled).</summary>
    Task<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default);

    /// <summary>The order placed with this client order id, in any state; null when the broker never accepted one.</summary>
    Task<Order?> GetOrderByClientIdAsync(string clientOrderId, CancellationToken cancellationToken = default);

    /// <summary>Fills with <see cref="Fill.Sequence"/> greater than <paramref name="afterSequence"/>, in sequence order.</summary>
    Task<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Places an order. Idempotent on <see cref="OrderRequest.ClientOrderId"/>: a second submit with an id already used
    /// returns the existing order unchanged. A refused order is returned with status <see cref="OrderStatus.Rejected"/>.
    /// </summary>
    Task<Order> SubmitOrderAsync(OrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels an open order; cancelling an order that is already closed returns it unchanged.</summary>
    Task<Order> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default);

    Task<MarketClock> GetClockAsync(CancellationToken cancellationToken = default);

    /// <summary>The latest quote, or null when the broker has no price for the instrument.</summary>
    Task<Quote?> GetQuoteAsync(Instrument instrument, CancellationToken cancellationToken = default);
}
