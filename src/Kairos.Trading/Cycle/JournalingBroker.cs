using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Brokers;
using Kairos.Trading.State;

namespace Kairos.Trading.Cycle;

/// <summary>
/// Wraps the broker the watchers talk to so that every order is written to the store as a pending intent BEFORE it is
/// sent, and marked submitted or rejected after. A crash between the two leaves a pending intent that the next start
/// reconciles with the broker by client order id; the watcher's repeated submission under the same id is absorbed by the
/// broker's idempotency. <see cref="CrashPoint"/> lets the crash tests stop the process at these exact instants.
/// </summary>
internal sealed class JournalingBroker(IBroker inner, TradingStore store, long runId, TimeProvider time) : IBroker
{
    public string Name => inner.Name;

    /// <summary>The cycle the next orders belong to (null between cycles).</summary>
    public string? CycleId { get; set; }

    /// <summary>Strategy of the watcher being polled, recorded on its intents.</summary>
    public StrategyKind? Strategy { get; set; }

    /// <summary>Purpose of the watcher being polled, recorded on its intents.</summary>
    public Execution.OrderPurpose Purpose { get; set; }

    public Action<string>? CrashPoint { get; set; }

    public Task<AccountSnapshot> GetAccountAsync(CancellationToken cancellationToken = default) => inner.GetAccountAsync(cancellationToken);

    public Task<IReadOnlyList<Position>> GetPositionsAsync(CancellationToken cancellationToken = default) => inner.GetPositionsAsync(cancellationToken);

    public Task<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) => inner.GetOpenOrdersAsync(cancellationToken);

    public Task<Order?> GetOrderByClientIdAsync(string clientOrderId, CancellationToken cancellationToken = default) => inner.GetOrderByClientIdAsync(clientOrderId, cancellationToken);

    public Task<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default) => inner.GetFillsAsync(afterSequence, cancellationToken);

    public Task<MarketClock> GetClockAsync(CancellationToken cancellationToken = default) => inner.GetClockAsync(cancellationToken);

    public Task<Quote?> GetQuoteAsync(Instrument instrument, CancellationToken cancellationToken = default) => inner.GetQuoteAsync(instrument, cancellationToken);

    public async Task<Order> SubmitOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        if (await store.GetIntentAsync(request.ClientOrderId, cancellationToken) is null)
        {
            await store.RecordIntentAsync(OrderIntent.Pending(request, runId, CycleId, IntentPurpose(Purpose), Strategy, now), cancellationToken);
        }

        CrashPoint?.Invoke("intent-recorded");
        var order = await inner.SubmitOrderAsync(request, cancellationToken);
        CrashPoint?.Invoke("order-submitted");
        if (order.Status == OrderStatus.Rejected)
        {
            await store.MarkRejectedAsync(request.ClientOrderId, order.RejectReason ?? "rejected", now, cancellationToken);
        }
        else
        {
            await store.MarkSubmittedAsync(request.ClientOrderId, order.Id, order.Status, now, cancellationToken);
        }

        return order;
    }

    public async Task<Order> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var order = await inner.CancelOrderAsync(orderId, cancellationToken);
        CrashPoint?.Invoke("order-cancelled");
        return order;
    }

    private static State.OrderPurpose IntentPurpose(Execution.OrderPurpose purpose) => purpose switch
    {
        Execution.OrderPurpose.Exit => State.OrderPurpose.TakeProfit,
        Execution.OrderPurpose.Ramp => State.OrderPurpose.Ramp,
        Execution.OrderPurpose.Backout => State.OrderPurpose.Backout,
        _ => State.OrderPurpose.Entry,
    };
}
