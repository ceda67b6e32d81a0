using System.Globalization;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Brokers;

namespace Kairos.Trading.Simulation;

/// <summary>
/// A broker over a <see cref="SimulatedMarket"/>: the one fill model behind backtests, the market simulator and paper
/// mode. Every call first walks the market from the time it reached to the <see cref="TimeProvider"/>'s now (or
/// <see cref="AdvanceAsync"/> walks it explicitly), filling, expiring and financing in time order; the same inputs give
/// the same fills, bit for bit. See docs/simulated-broker.md for the fill rules.
/// </summary>
/// <remarks>
/// With a <see cref="SqliteSimulatedBrokerStore"/> the whole state is written in one transaction after every call that
/// changed it, so a process killed at any instant restarts as of its last completed call. Calls are serialised; the save
/// of a call that has changed the state is not cancellable, so memory and file never disagree.
/// </remarks>
public sealed class SimulatedBroker : IBroker, IDisposable
{
    private const int PriceDecimals = 8;
    private const decimal SecondsPerYear = 365m * 86_400m;

    private readonly SimulatedMarket _market;
    private readonly TimeProvider _timeProvider;
    private readonly SimulatedBrokerOptions _options;
    private readonly SqliteSimulatedBrokerStore? _store;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Orders in acceptance order (index = order number − 1 is not assumed: rejected submits consume numbers too).
    private readonly List<Order> _orders = [];
    private readonly Dictionary<string, int> _orderById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _orderByClientId = new(StringComparer.Ordinal);

    // Indices into _orders of the open orders, ascending: the tie-break when two orders fill at the same instant.
    private readonly List<int> _open = [];
    private readonly Dictionary<Instrument, SimulatedPosition> _positions = [];
    private readonly List<SimulatedFill> _fills = [];
    private readonly Dictionary<(Instrument Instrument, DateOnly Date), decimal> _volumeUsed = [];

    private decimal _cash;
    private decimal _accruedFinancing;
    private decimal _lastEquity;
    private DateTimeOffset _marketTime;
    private long _nextOrderNumber = 1;
    private long _nextFillSequence = 1;
    private SimulatedBrokerTotals _totals = SimulatedBrokerTotals.Zero;

    /// <summary>An in-memory broker (backtests, tests) starting with <see cref="SimulatedBrokerOptions.InitialCash"/> at the provider's now.</summary>
    public SimulatedBroker(SimulatedMarket market, TimeProvider timeProvider, SimulatedBrokerOptions? options = null)
        : this(market, timeProvider, options, null)
    {
    }

    private SimulatedBroker(SimulatedMarket market, TimeProvider timeProvider, SimulatedBrokerOptions? options, SqliteSimulatedBrokerStore? store)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options ?? new SimulatedBrokerOptions();
        _options.Validate();
        _market = market;
        _timeProvider = timeProvider;
        _store = store;
        _cash = _options.InitialCash;
        _lastEquity = _options.InitialCash;
        _marketTime = timeProvider.GetUtcNow();
    }

    public string Name => "simulated";

    /// <summary>How far the broker has walked the market.</summary>
    public DateTimeOffset MarketTime => _marketTime;

    public SimulatedBrokerTotals Totals => _totals;

    /// <summary>Every fill with its realised P&amp;L and slippage cost, in sequence order.</summary>
    public IReadOnlyList<SimulatedFill> Ledger => _fills.AsReadOnly();

    /// <summary>
    /// A broker persisted in <paramref name="store"/>: restored from it when it holds a saved state (the options'
    /// initial cash is then ignored), otherwise started fresh at the provider's now and saved at once.
    /// </summary>
    public static async Task<SimulatedBroker> OpenAsync(
        SimulatedMarket market,
        TimeProvider timeProvider,
        SqliteSimulatedBrokerStore store,
        SimulatedBrokerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var broker = new SimulatedBroker(market, timeProvider, options, store);
        if (await store.LoadAsync(cancellationToken) is { } state)
        {
            broker.Restore(state);
        }
        else
        {
            await store.SaveAsync(broker.Snapshot(), CancellationToken.None);
        }

        return broker;
    }

    /// <summary>Walks the market to <paramref name="to"/> (nothing when it is not after <see cref="MarketTime"/>).</summary>
    public Task AdvanceAsync(DateTimeOffset to, CancellationToken cancellationToken = default) =>
        RunAsync(() => (0, Walk(to)), cancellationToken);

    public Task<AccountSnapshot> GetAccountAsync(CancellationToken cancellationToken = default) =>
        RunAsync(() => (Account(_marketTime), false), cancellationToken);

    public Task<IReadOnlyList<Position>> GetPositionsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Position>>(
            () => ([.. OrderedPositions().Select(p => new Position(p.Instrument, p.Quantity, p.AverageEntryPrice, PriceOf(p.Instrument, _marketTime) ?? p.AverageEntryPrice))], false),
            cancellationToken);

    public Task<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Order>>(() => ([.. _open.Select(i => _orders[i])], false), cancellationToken);

    public Task<Order?> GetOrderByClientIdAsync(string clientOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientOrderId);
        return RunAsync(() => (_orderByClientId.TryGetValue(clientOrderId, out var i) ? _orders[i] : null, false), cancellationToken);
    }

    public Task<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Fill>>(() => ([.. _fills.Where(f => f.Fill.Sequence > afterSequence).Select(f => f.Fill)], false), cancellationToken);

    public Task<Order> SubmitOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(() => Submit(request), cancellationToken);
    }

    public Task<Order> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orderId);
        return RunAsync(
            () =>
            {
                if (!_orderById.TryGetValue(orderId, out var index))
                {
                    throw new BrokerException($"unknown order id {orderId}");
                }

                if (!_orders[index].Status.IsOpen())
                {
                    return (_orders[index], false);
                }

                Close(index, OrderStatus.Canceled, _marketTime, null);
                return (_orders[index], true);
            },
            cancellationToken);
    }

    /// <summary>The NYSE clock at the provider's now.</summary>
    public Task<MarketClock> GetClockAsync(CancellationToken cancellationToken = default) =>
        RunAsync(
            () =>
            {
                var now = _marketTime;
                var nyse = NyseCalendar.Instance;
                return (new MarketClock(now, nyse.IsOpen(now), nyse.NextOpen(now), nyse.NextClose(now)), false);
            },
            cancellationToken);

    public Task<Quote?> GetQuoteAsync(Instrument instrument, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return RunAsync(() => (_market.Quote(instrument, _marketTime), false), cancellationToken);
    }

    /// <summary>The whole state as plain data (call between broker calls, not during one).</summary>
    public SimulatedBrokerState Snapshot() => new()
    {
        MarketTime = _marketTime,
        Cash = _cash,
        AccruedFinancing = _accruedFinancing,
        LastEquity = _lastEquity,
        NextOrderNumber = _nextOrderNumber,
        NextFillSequence = _nextFillSequence,
        Totals = _totals,
        Positions = [.. OrderedPositions()],
        Orders = [.. _orders],
        Fills = [.. _fills],
        VolumeUsed = [.. _volumeUsed.Select(v => new SessionVolume(v.Key.Instrument, v.Key.Date, v.Value))
            .OrderBy(v => v.Instrument.Symbol, StringComparer.Ordinal).ThenBy(v => v.SessionDate)],
    };

    /// <summary>Replaces the whole state with <paramref name="state"/> (call between broker calls, not during one).</summary>
    public void Restore(SimulatedBrokerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _marketTime = state.MarketTime;
        _cash = state.Cash;
        _accruedFinancing = state.AccruedFinancing;
        _lastEquity = state.LastEquity;
        _nextOrderNumber = state.NextOrderNumber;
        _nextFillSequence = state.NextFillSequence;
        _totals = state.Totals;
        _positions.Clear();
        foreach (var p in state.Positions)
        {
            _positions.Add(p.Instrument, p);
        }

        _orders.Clear();
        _orderById.Clear();
        _orderByClientId.Clear();
        _open.Clear();
        foreach (var order in state.Orders)
        {
            var index = _orders.Count;
            _orders.Add(order);
            _orderById.Add(order.Id, index);
            _orderByClientId.Add(order.ClientOrderId, index);
            if (order.Status.IsOpen())
            {
                _open.Add(index);
            }
        }

        _fills.Clear();
        _fills.AddRange(state.Fills);
        _volumeUsed.Clear();
        foreach (var v in state.VolumeUsed)
        {
            _volumeUsed.Add((v.Instrument, v.SessionDate), v.Quantity);
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<T> RunAsync<T>(Func<(T Result, bool Mutated)> body, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var advanced = Walk(_timeProvider.GetUtcNow());
            (T Result, bool Mutated) outcome;
            try
            {
                outcome = body();
            }
            catch
            {
                // The call failed, but the walk before it happened: keep the file level with memory.
                if (advanced)
                {
                    await SaveAsync();
                }

                throw;
            }

            if (advanced || outcome.Mutated)
            {
                await SaveAsync();
            }

            return outcome.Result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SaveAsync()
    {
        if (_store is not null)
        {
            await _store.SaveAsync(Snapshot(), CancellationToken.None);
        }
    }

    // ---- the market walk -------------------------------------------------------------------------------------------

    private bool Walk(DateTimeOffset to)
    {
        if (to <= _marketTime)
        {
            return false;
        }

        while (_marketTime < to)
        {
            var from = _marketTime;
            var until = NextBoundary(from, to);
            AccrueFinancing(from, until);
            FillBetween(from, until, null);
            _marketTime = until;
            ExpireDayOrders(until);
            if (_options.AccountCalendar.CurrentOrNextSession(from).Close == until)
            {
                CloseAccountDay(until);
            }
        }

        return true;
    }

    // Steps end at `to`, after at most MaxStep, at the account day's close, and at every open and close of a session of an
    // instrument with open orders — so within a step each order's market is either open throughout or closed throughout.
    private DateTimeOffset NextBoundary(DateTimeOffset from, DateTimeOffset to)
    {
        var next = Min(to, from + _options.MaxStep);
        next = Min(next, _options.AccountCalendar.CurrentOrNextSession(from).Close);
        foreach (var calendar in _open.Select(i => _orders[i].Instrument.Calendar).Distinct())
        {
            var session = calendar.CurrentOrNextSession(from);
            next = Min(next, session.Open > from ? session.Open : session.Close);
        }

        return next;
    }

    private void FillBetween(DateTimeOffset from, DateTimeOffset until, int? only)
    {
        var candidates = new List<(DateTimeOffset Time, int Index, decimal Price, bool TakesLiquidity, MarketSession Session)>();
        foreach (var index in _open)
        {
            if (only is { } o && o != index)
            {
                continue;
            }

            var order = _orders[index];
            var session = order.Instrument.Calendar.SessionAt(from);
            if (session is null || until > session.Close || _market.PathOf(order.Instrument, session) is not { } path)
            {
                continue;
            }

            if (order.Type == OrderType.Market)
            {
                candidates.Add((from, index, path.PriceAt(from), true, session));
                continue;
            }

            var limit = order.LimitPrice!.Value;
            var isBuy = order.Side == OrderSide.Buy;
            if (path.FirstTouch(limit, from, until, isBuy) is { } touch)
            {
                var better = isBuy ? touch.Price < limit : touch.Price > limit;
                candidates.Add((touch.Time, index, better ? touch.Price : limit, better, session));
            }
        }

        foreach (var c in candidates.OrderBy(c => c.Time).ThenBy(c => c.Index))
        {
            ApplyFill(c.Index, c.Time, c.Price, c.TakesLiquidity, c.Session);
        }
    }

    private void ApplyFill(int index, DateTimeOffset time, decimal pathPrice, bool takesLiquidity, MarketSession session)
    {
        var order = _orders[index];
        var instrument = order.Instrument;
        var bar = _market.DailyBar(instrument, session.Date)!.Value;
        var key = (instrument, session.Date);
        var used = _volumeUsed.GetValueOrDefault(key);
        var quantity = Math.Min(order.RemainingQuantity, (_options.ParticipationRate * (decimal)bar.Volume) - used);
        if (!instrument.IsCrypto && order.Quantity == decimal.Truncate(order.Quantity))
        {
            // A whole-share order stays whole: its partial fills are whole shares too.
            quantity = decimal.Floor(quantity);
        }

        if (quantity <= 0)
        {
            return;
        }

        var isBuy = order.Side == OrderSide.Buy;
        var price = pathPrice;
        var slippageCost = 0m;
        if (takesLiquidity)
        {
            var bps = (decimal)_options.Slippage.Bps(instrument, quantity * pathPrice, bar);
            var slipped = Math.Round(pathPrice * (isBuy ? 1 + (bps / 10_000m) : 1 - (bps / 10_000m)), PriceDecimals);
            if (order.LimitPrice is { } limit)
            {
                slipped = isBuy ? Math.Min(slipped, limit) : Math.Max(slipped, limit);
            }

            price = slipped;
            slippageCost = Math.Abs(price - pathPrice) * quantity;
        }

        var fee = (decimal)_market.Costs.For(instrument).Fee * quantity * price;
        var signed = isBuy ? quantity : -quantity;
        _cash -= (signed * price) + fee;
        var realized = Book(instrument, signed, price);
        _volumeUsed[key] = used + quantity;

        var fill = new Fill(_nextFillSequence++, order.Id, order.ClientOrderId, instrument, order.Side, quantity, price, fee, time);
        _fills.Add(new SimulatedFill(fill, realized, slippageCost));
        _totals = _totals with
        {
            Fees = _totals.Fees + fee,
            SlippageCost = _totals.SlippageCost + slippageCost,
            RealizedPnl = _totals.RealizedPnl + realized,
        };

        var filled = order.FilledQuantity + quantity;
        var average = (((order.AverageFillPrice ?? 0m) * order.FilledQuantity) + (price * quantity)) / filled;
        var done = filled == order.Quantity;
        _orders[index] = order with
        {
            FilledQuantity = filled,
            AverageFillPrice = average,
            Status = done ? OrderStatus.Filled : OrderStatus.PartiallyFilled,
            UpdatedAt = time,
        };
        if (done)
        {
            _open.Remove(index);
        }
    }

    // Applies a signed fill to the position; returns the P&L it realised (before fees).
    private decimal Book(Instrument instrument, decimal signedQuantity, decimal price)
    {
        var held = _positions.TryGetValue(instrument, out var p) ? p.Quantity : 0m;
        var average = p?.AverageEntryPrice ?? 0m;
        var after = held + signedQuantity;
        decimal realized = 0m, newAverage;
        if (held == 0 || Math.Sign(held) == Math.Sign(signedQuantity))
        {
            newAverage = ((Math.Abs(held) * average) + (Math.Abs(signedQuantity) * price)) / Math.Abs(after);
        }
        else
        {
            var closing = Math.Min(Math.Abs(held), Math.Abs(signedQuantity));
            realized = (price - average) * closing * Math.Sign(held);

            // Reducing keeps the entry price; flipping through zero opens the remainder at this fill's price.
            newAverage = after == 0 ? 0m : Math.Sign(after) == Math.Sign(held) ? average : price;
        }

        if (after == 0)
        {
            _positions.Remove(instrument);
        }
        else
        {
            _positions[instrument] = new SimulatedPosition(instrument, after, newAverage);
        }

        return realized;
    }

    private void ExpireDayOrders(DateTimeOffset now)
    {
        foreach (var index in _open.ToArray())
        {
            var order = _orders[index];
            if (order.TimeInForce != TimeInForce.Day)
            {
                continue;
            }

            var expiry = order.Instrument.Calendar.CurrentOrNextSession(order.SubmittedAt).Close;
            if (expiry <= now)
            {
                Close(index, OrderStatus.Expired, expiry, "day order expired at the session close");
            }
        }
    }

    // Interest accrues per second (Actual/365) on the state at the step's start; it is posted to cash at the account
    // day's close, so it does not compound within a day.
    private void AccrueFinancing(DateTimeOffset from, DateTimeOffset until)
    {
        if (_options.FinancingRate == 0m)
        {
            return;
        }

        var borrowed = Math.Max(0m, -_cash);
        foreach (var p in OrderedPositions())
        {
            if (p.Quantity < 0)
            {
                borrowed += -p.Quantity * (PriceOf(p.Instrument, from) ?? p.AverageEntryPrice);
            }
        }

        if (borrowed <= 0m)
        {
            return;
        }

        var seconds = (decimal)(until - from).Ticks / TimeSpan.TicksPerSecond;
        var interest = borrowed * _options.FinancingRate * seconds / SecondsPerYear;
        _accruedFinancing += interest;
        _totals = _totals with { Financing = _totals.Financing + interest };
    }

    private void CloseAccountDay(DateTimeOffset close)
    {
        _cash -= _accruedFinancing;
        _accruedFinancing = 0m;
        _lastEquity = Equity(close);
    }

    private void Close(int index, OrderStatus status, DateTimeOffset at, string? reason)
    {
        _orders[index] = _orders[index] with { Status = status, UpdatedAt = at, RejectReason = reason ?? _orders[index].RejectReason };
        _open.Remove(index);
    }

    // ---- submission --------------------------------------------------------------------------------------------------

    private (Order Result, bool Mutated) Submit(OrderRequest request)
    {
        if (_orderByClientId.TryGetValue(request.ClientOrderId, out var existing))
        {
            return (_orders[existing], false);
        }

        var now = _marketTime;
        var order = new Order
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"sim-{_nextOrderNumber++:D6}"),
            ClientOrderId = request.ClientOrderId,
            Instrument = request.Instrument,
            Side = request.Side,
            Type = request.Type,
            TimeInForce = request.TimeInForce,
            Quantity = request.Quantity,
            LimitPrice = request.LimitPrice,
            Status = OrderStatus.New,
            SubmittedAt = now,
            UpdatedAt = now,
        };

        // A refused order is not booked: like a venue's rejected request it leaves its client id free for a retry.
        if (Rejection(request, now) is { } reason)
        {
            return (order with { Status = OrderStatus.Rejected, RejectReason = reason }, true);
        }

        var index = _orders.Count;
        _orders.Add(order);
        _orderById.Add(order.Id, index);
        _orderByClientId.Add(order.ClientOrderId, index);
        _open.Add(index);

        FillBetween(now, now, index);
        if (order.TimeInForce == TimeInForce.Ioc && _orders[index].Status.IsOpen())
        {
            Close(index, OrderStatus.Canceled, now, "ioc: the unfilled remainder was cancelled");
        }

        return (_orders[index], true);
    }

    private string? Rejection(OrderRequest request, DateTimeOffset now)
    {
        var instrument = request.Instrument;
        if (string.IsNullOrWhiteSpace(request.ClientOrderId))
        {
            return "client order id is empty";
        }

        if (request.Quantity <= 0)
        {
            return Text($"quantity must be positive, got {request.Quantity}");
        }

        if (request.Type == OrderType.Limit && request.LimitPrice is not > 0)
        {
            return Text($"limit price must be positive, got {request.LimitPrice?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        }

        if (request.Type == OrderType.Market && request.LimitPrice is not null)
        {
            return "a market order takes no limit price";
        }

        if (instrument.IsCrypto && request.TimeInForce == TimeInForce.Day)
        {
            return "crypto orders must be gtc or ioc";
        }

        if (!instrument.IsCrypto && request.Quantity != decimal.Truncate(request.Quantity) && request.TimeInForce != TimeInForce.Day)
        {
            return "fractional equity orders must be day orders";
        }

        if (!_market.Trades(instrument))
        {
            return Text($"no market data for {instrument.Symbol}");
        }

        if ((request.LimitPrice ?? PriceOf(instrument, now)) is not { } price)
        {
            return Text($"no price yet for {instrument.Symbol}");
        }

        var (buyOffset, sellOffset) = Offsets(instrument, now, out _);
        if (instrument.IsCrypto && request.Side == OrderSide.Sell && request.Quantity > sellOffset)
        {
            return Text($"crypto cannot be sold short: sell {request.Quantity} exceeds the {sellOffset} held and not already being sold");
        }

        var increase = request.Side == OrderSide.Buy ? Math.Max(0m, request.Quantity - buyOffset) : Math.Max(0m, request.Quantity - sellOffset);
        var requested = increase * price;
        if (requested > 0)
        {
            var account = Account(now);
            var available = instrument.IsCrypto ? account.NonMarginableBuyingPower : account.BuyingPower;
            if (requested > available)
            {
                return Text($"insufficient buying power: requested {requested:F2}, available {available:F2}");
            }
        }

        return null;
    }

    // ---- account -----------------------------------------------------------------------------------------------------

    private AccountSnapshot Account(DateTimeOffset now)
    {
        decimal longValue = 0m, shortValue = 0m;
        foreach (var p in OrderedPositions())
        {
            var value = p.Quantity * (PriceOf(p.Instrument, now) ?? p.AverageEntryPrice);
            if (value >= 0)
            {
                longValue += value;
            }
            else
            {
                shortValue += value;
            }
        }

        var cash = _cash - _accruedFinancing;
        var equity = cash + longValue + shortValue;
        var reserved = _positions.Keys.Concat(_open.Select(i => _orders[i].Instrument)).Distinct().OrderBy(i => i.Symbol, StringComparer.Ordinal).Sum(i =>
        {
            Offsets(i, now, out var r);
            return r;
        });
        return new AccountSnapshot
        {
            Cash = cash,
            Equity = equity,
            LastEquity = _lastEquity,
            BuyingPower = Math.Max(0m, (_options.Multiplier * equity) - (longValue - shortValue) - reserved),
            NonMarginableBuyingPower = Math.Max(0m, cash - reserved),
            Multiplier = _options.Multiplier,
            LongMarketValue = longValue,
            ShortMarketValue = shortValue,
            AsOf = now,
        };
    }

    private decimal Equity(DateTimeOffset now) =>
        _cash - _accruedFinancing + OrderedPositions().Sum(p => p.Quantity * (PriceOf(p.Instrument, now) ?? p.AverageEntryPrice));

    /// <summary>
    /// Walks the open orders of <paramref name="instrument"/> in id order: a buy first covers the short still uncovered and a
    /// sell first closes the long still unsold; what is left would add exposure and is reserved at its limit price (market
    /// orders at the current price). Returns the cover and close capacity left for a further order.
    /// </summary>
    private (decimal BuyOffset, decimal SellOffset) Offsets(Instrument instrument, DateTimeOffset now, out decimal reserved)
    {
        var held = _positions.TryGetValue(instrument, out var p) ? p.Quantity : 0m;
        decimal buyOffset = Math.Max(0m, -held), sellOffset = Math.Max(0m, held);
        reserved = 0m;
        foreach (var index in _open)
        {
            var order = _orders[index];
            if (order.Instrument != instrument)
            {
                continue;
            }

            var remaining = order.RemainingQuantity;
            var price = order.LimitPrice ?? PriceOf(instrument, now) ?? 0m;
            if (order.Side == OrderSide.Buy)
            {
                var cover = Math.Min(remaining, buyOffset);
                buyOffset -= cover;
                reserved += (remaining - cover) * price;
            }
            else
            {
                var close = Math.Min(remaining, sellOffset);
                sellOffset -= close;
                reserved += (remaining - close) * price;
            }
        }

        return (buyOffset, sellOffset);
    }

    // Sums over positions run in symbol order, so a restored broker (whose dictionary was filled in another order)
    // rounds its decimal sums exactly like the original.
    private IEnumerable<SimulatedPosition> OrderedPositions() => _positions.Values.OrderBy(p => p.Instrument.Symbol, StringComparer.Ordinal);

    private decimal? PriceOf(Instrument instrument, DateTimeOffset now) => _market.LastPrice(instrument, now);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
