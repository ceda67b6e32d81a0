using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.State;

/// <summary>
/// An order the bot meant to place, keyed by its <see cref="ClientOrderId"/> (the broker's idempotency key). The
/// broker-side fields (<see cref="BrokerOrderId"/>, <see cref="BrokerStatus"/>, fills so far) stay null/zero until the
/// broker reports them.
/// </summary>
public sealed record OrderIntent(
    string ClientOrderId,
    long RunId,
    string? CycleId,
    Instrument Instrument,
    OrderSide Side,
    decimal Quantity,
    OrderType Type,
    decimal? LimitPrice,
    TimeInForce TimeInForce,
    OrderPurpose Purpose,
    StrategyKind? Strategy,
    IntentState State,
    string? BrokerOrderId,
    OrderStatus? BrokerStatus,
    decimal FilledQuantity,
    decimal? AverageFillPrice,
    string? RejectReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The intent to record before submitting <paramref name="request"/>.</summary>
    public static OrderIntent Pending(
        OrderRequest request,
        long runId,
        string? cycleId,
        OrderPurpose purpose,
        StrategyKind? strategy,
        DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new OrderIntent(
            request.ClientOrderId,
            runId,
            cycleId,
            request.Instrument,
            request.Side,
            request.Quantity,
            request.Type,
            request.LimitPrice,
            request.TimeInForce,
            purpose,
            strategy,
            IntentState.PendingSubmit,
            null,
            null,
            0m,
            null,
            null,
            createdAt,
            createdAt);
    }

    /// <summary>The request to (re)submit: the same client order id, so a retry can never place a second order.</summary>
    public OrderRequest ToRequest() => new(ClientOrderId, Instrument, Side, Quantity, Type, LimitPrice, TimeInForce);
}
