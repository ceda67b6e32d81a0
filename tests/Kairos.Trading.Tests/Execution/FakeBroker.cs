using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Brokers;

namespace Kairos.Trading.Tests.Execution;

/// <summary>
/// An in-memory broker for watcher tests: records every call, accepts orders (idempotent on client id) unless a
/// rejection is queued, and fills only when the test says so.
/// </summary>
internal sealed class FakeBroker : IBroker
{
    private readonly Dictionary<string, Order> _byClientId = [];
    private readonly Dictionary<Instrument, Position> _positions = [];
    private readonly Dictionary<Instrument, Quote> _quotes = [];
    private int _nextId;

    public string Name => "fake";

    /// <summary>The broker's clock: stamps submissions and cancels.</summary>
    public DateTimeOffset Now { get; set; }

    public List<OrderRequest> Submitted { get; } = [];

    public List<string> CancelledClientIds { get; } = [];

    /// <summary>Reasons for the next submissions to reject, in order.</summary>
    public Queue<string> RejectNext { get; } = new();

    public IReadOnlyCollection<Order> Orders => _byClientId.Values;

    public void SetQuote(Instrument instrument, decimal bid, decimal ask) => _quotes[instrument] = new Quote(instrument, bid, ask, Now);

    public void SetPosition(Instrument instrument, decimal quantity, decimal price = 100m)
    {
        if (quantity == 0m)
        {
            _positions.Remove(instrument);
        }
        else
        {
            _positions[instrument] = new Position(instrument, quantity, price, price);
        }
    }

    /// <summary>Places an order as if another plan (or an earlier run) had placed it.</summary>
    public Order AddOrder(string clientOrderId, Instrument instrument, OrderSide side, decimal quantity, decimal limit, DateTimeOffset submittedAt)
    {
        var order = new Order
        {
            Id = $"o{++_nextId}",
            ClientOrderId = clientOrderId,
            Instrument = instrument,
            Side = side,
            Type = OrderType.Limit,
            TimeInForce = TimeInForce.Gtc,
            Quantity = quantity,
            LimitPrice = limit,
            Status = OrderStatus.New,
            SubmittedAt = submittedAt,
            UpdatedAt = submittedAt,
        };
        _byClientId[clientOrderId] = order;
        return order;
    }

    /// <summary>Fills <paramref name="quantity"/> of an order and moves the position.</summary>
    public void Fill(string clientOrderId, decimal quantity, decimal price)
    {
        var order = _byClientId[clientOrderId];
        var filled = order.FilledQuantity + quantity;
        _byClientId[clientOrderId] = order with
        {
            FilledQuantity = filled,
            AverageFillPrice = price,
            Status = filled >= order.Quantity ? OrderStatus.Filled : OrderStatus.PartiallyFilled,
            UpdatedAt = Now,
        };
        var held = _positions.TryGetValue(order.Instrument, out var p) ? p.Quantity : 0m;
        SetPosition(order.Instrument, held + (order.Side == OrderSide.Buy ? quantity : -quantity), price);
    }

    public Task<AccountSnapshot> GetAccountAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new AccountSnapshot { Equity = 100_000m, LastEquity = 100_000m, BuyingPower = 200_000m, AsOf = Now });

    public Task<IReadOnlyList<Position>> GetPositionsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Position>>([.. _positions.Values]);

    public Task<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Order>>([.. _byClientId.Values.Where(o => o.Status.IsOpen())]);

    public Task<Order?> GetOrderByClientIdAsync(string clientOrderId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byClientId.GetValueOrDefault(clientOrderId));

    public Task<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Fill>>([]);

    public Task<Order> SubmitOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        Submitted.Add(request);
        if (_byClientId.TryGetValue(request.ClientOrderId, out var existing))
        {
            return Task.FromResult(existing);
        }

        var order = new Order
        {
            Id = $"o{++_nextId}",
            ClientOrderId = request.ClientOrderId,
            Instrument = request.Instrument,
            Side = request.Side,
            Type = request.Type,
            TimeInForce = request.TimeInForce,
            Quantity = request.Quantity,
            LimitPrice = request.LimitPrice,
            Status = RejectNext.Count > 0 ? OrderStatus.Rejected : OrderStatus.New,
            RejectReason = RejectNext.Count > 0 ? RejectNext.Dequeue() : null,
            SubmittedAt = Now,
            UpdatedAt = Now,
        };
        _byClientId[request.ClientOrderId] = order;
        return Task.FromResult(order);
    }

    public Task<Order> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var order = _byClientId.Values.Single(o => o.Id == orderId);
        if (!order.Status.IsOpen())
        {
            return Task.FromResult(order);
        }

        CancelledClientIds.Add(order.ClientOrderId);
        var cancelled = order with { Status = OrderStatus.Canceled, UpdatedAt = Now };
        _byClientId[order.ClientOrderId] = cancelled;
        return Task.FromResult(cancelled);
    }

    public Task<MarketClock> GetClockAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new MarketClock(Now, NyseCalendar.Instance.IsOpen(Now), NyseCalendar.Instance.NextOpen(Now), NyseCalendar.Instance.NextClose(Now)));

    public Task<Quote?> GetQuoteAsync(Instrument instrument, CancellationToken cancellationToken = default) =>
        Task.FromResult(_quotes.GetValueOrDefault(instrument));
}
