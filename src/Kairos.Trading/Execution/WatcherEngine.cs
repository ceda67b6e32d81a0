using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Brokers;

namespace Kairos.Trading.Execution;

/// <summary>
/// Runs watchers against a broker: each <see cref="PollAsync"/> reads the broker's state at <c>now</c>, does at most one
/// round of cancels and submissions, and returns the watcher's next state with the events to record. The engine keeps
/// no state of its own, so the caller may persist watchers between polls and resume them after a restart; a
/// submission lost between the broker and the persisted state is repeated under the same client order id and absorbed
/// by the broker's idempotency. Poll timing is the caller's.
/// </summary>
public sealed class WatcherEngine
{
    private readonly IBroker _broker;
    private readonly OrderRules _rules;
    private readonly WatcherSettings _settings;

    public WatcherEngine(IBroker broker, OrderRules rules, WatcherSettings settings)
    {
        _broker = broker ?? throw new ArgumentNullException(nameof(broker));
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
    }

    /// <summary>Polls any watcher; a watcher that is no longer active comes back unchanged with no events.</summary>
    public async Task<WatcherPoll> PollAsync(Watcher watcher, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        if (!watcher.IsActive)
        {
            return new WatcherPoll(watcher, []);
        }

        var run = new PollRun(watcher.Id, now);
        Watcher next = watcher switch
        {
            EntryWatcher entry => await PollEntryAsync(entry, run, cancellationToken),
            ExitWatcher exit => await PollExitAsync(exit, run, cancellationToken),
            RampEntry ramp => await PollRampAsync(ramp, run, cancellationToken),
            BackoutExit backout => await PollBackoutAsync(backout, run, cancellationToken),
            _ => throw new ArgumentException($"Unknown watcher type {watcher.GetType().Name}.", nameof(watcher)),
        };
        return new WatcherPoll(next, run.Events);
    }

    /// <summary>The entry tolerance in force at <paramref name="now"/>: wider for crypto while the NYSE is closed.</summary>
    public decimal EntryToleranceAt(Instrument instrument, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.IsCrypto && !NyseCalendar.Instance.IsOpen(now) ? _settings.CryptoOffHoursEntryTolerance : _settings.EntryTolerance;
    }

    private async Task<EntryWatcher> PollEntryAsync(EntryWatcher w, PollRun run, CancellationToken ct)
    {
        if (w.Instrument.IsCrypto && w.Side == OrderSide.Sell)
        {
            return Fail(w, run, "crypto is never shorted: entry sell refused");
        }

        var live = await FetchLiveAsync(w, ct);
        if (run.Now >= w.ExpiresAt)
        {
            w = await DropLiveAsync(w, live, run, "watcher expired", ct);
            return Finish(w, run, WatcherState.Expired, WatcherEventKind.Expired, $"expired at {w.ExpiresAt:O}");
        }

        var held = Held(await _broker.GetPositionsAsync(ct), w.Instrument, w.Side);
        var progress = Math.Max(held, w.FilledQuantity + (live?.FilledQuantity ?? 0m));
        var remaining = _rules.RoundQuantity(w.Instrument, w.TargetQuantity - progress);
        if (remaining < _rules.MinimumQuantity(w.Instrument))
        {
            w = await DropLiveAsync(w, live, run, "target reached", ct);
            return Finish(w, run, WatcherState.Completed, WatcherEventKind.Completed, $"holding {progress} of target {w.TargetQuantity}");
        }

        if (live is not null)
        {
            if (live.Status.IsOpen())
            {
                if (run.Now - live.SubmittedAt < _settings.StaleOrderAge)
                {
                    return Wait(w, run, $"order {live.ClientOrderId} resting at {live.LimitPrice}");
                }

                w = await DropLiveAsync(w, live, run, $"order older than {_settings.StaleOrderAge.TotalHours:0} h: replacing", ct);
            }
            else
            {
                var rejected = live.Status == OrderStatus.Rejected;
                w = await DropLiveAsync(w, live, run, string.Empty, ct);
                if (rejected)
                {
                    return await OnEntryRejectedAsync(w, live, run, ct);
                }
            }
        }

        var foreign = await ForeignOpenOrdersAsync(w, ct);
        foreach (var order in foreign)
        {
            if (run.Now - order.SubmittedAt >= _settings.StaleOrderAge)
            {
                await CancelAsync(order, run, $"same-side order older than {_settings.StaleOrderAge.TotalHours:0} h", ct);
            }
            else
            {
                return Wait(w, run, $"same-side order {order.ClientOrderId} is resting");
            }
        }

        var quote = await _broker.GetQuoteAsync(w.Instrument, ct);
        if (quote is null)
        {
            return Wait(w, run, "no quote");
        }

        var reference = w.Side == OrderSide.Buy ? quote.Ask : quote.Bid;
        var tolerance = EntryToleranceAt(w.Instrument, run.Now);
        var distance = Math.Abs(reference - w.LimitPrice) / w.LimitPrice;
        if (!w.ForceImmediate && distance > tolerance)
        {
            return Wait(w, run, $"reference {reference} is {distance:P2} from limit {w.LimitPrice} (tolerance {tolerance:P2})");
        }

        var price = OrderRules.RoundPrice(w.Instrument, w.LimitPrice, w.Side);
        var why = _rules.CheckMinimums(w.Instrument, remaining, price);
        if (why is not null)
        {
            return Fail(w, run, why);
        }

        var (next, order2) = await SubmitAsync(w, remaining, OrderType.Limit, price, run, ct);
        w = next;
        return order2.Status == OrderStatus.Rejected ? await OnEntryRejectedAsync(w, order2, run, ct) : w;
    }

    /// <summary>
    /// Spec §6.3 done correctly: one retry per watcher with 0.99 × available / price floored to the lot, which does not
    /// count as a failure; any other rejection (or a retry that cannot be placed) counts one.
    /// </summary>
    private async Task<EntryWatcher> OnEntryRejectedAsync(EntryWatcher w, Order rejected, PollRun run, CancellationToken ct)
    {
        var available = InsufficientFunds.Available(rejected.RejectReason);
        if (available is null || w.FundsRetryUsed)
        {
            return CountFailure(w, run, rejected.RejectReason);
        }

        var price = rejected.LimitPrice ?? OrderRules.RoundPrice(w.Instrument, w.LimitPrice, w.Side);
        var quantity = _rules.RoundQuantity(w.Instrument, _settings.FundsRetryFraction * available.Value / price);
        w = w with { FundsRetryUsed = true };
        var why = _rules.CheckMinimums(w.Instrument, quantity, price);
        if (why is not null)
        {
            return CountFailure(w, run, $"insufficient funds ({available.Value} available): {why}");
        }

        var (next, order) = await SubmitAsync(w, quantity, OrderType.Limit, price, run, ct);
        return order.Status == OrderStatus.Rejected ? CountFailure(next, run, order.RejectReason) : next;
    }

    private async Task<ExitWatcher> PollExitAsync(ExitWatcher w, PollRun run, CancellationToken ct)
    {
        var live = await FetchLiveAsync(w, ct);
        if (run.Now >= w.ExpiresAt)
        {
            w = await DropLiveAsync(w, live, run, "watcher expired", ct);
            return Finish(w, run, WatcherState.Expired, WatcherEventKind.Expired, $"expired at {w.ExpiresAt:O}");
        }

        var positionSide = w.Side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
        var held = Held(await _broker.GetPositionsAsync(ct), w.Instrument, positionSide);
        if (held == 0m)
        {
            if (!w.SawPosition)
            {
                return Wait(w, run, "no position yet");
            }

            w = await DropLiveAsync(w, live, run, "position closed", ct);
            return Finish(w, run, WatcherState.Completed, WatcherEventKind.Completed, "position closed");
        }

        w = w with { SawPosition = true };
        if (live is { Status: OrderStatus.Rejected })
        {
            w = await DropLiveAsync(w, live, run, string.Empty, ct);
            return CountFailure(w, run, live.RejectReason);
        }

        var exitOrders = (await _broker.GetOpenOrdersAsync(ct))
            .Where(o => o.Instrument == w.Instrument && o.Side == w.Side)
            .ToList();
        var reusable = exitOrders.FirstOrDefault(o =>
            o.Type == OrderType.Limit
            && o.LimitPrice is { } limit
            && Math.Abs(limit - w.TakeProfitPrice) / w.TakeProfitPrice <= _settings.ExitReuseTolerance
            && o.RemainingQuantity == held);
        if (reusable is not null && run.Now - reusable.SubmittedAt < _settings.StaleOrderAge)
        {
            if (reusable.ClientOrderId != w.LiveClientOrderId)
            {
                run.Add(WatcherEventKind.Adopted, $"reusing exit order at {reusable.LimitPrice}", reusable.ClientOrderId, reusable.RemainingQuantity, reusable.LimitPrice);
                w = w with { LiveClientOrderId = reusable.ClientOrderId };
            }

            return Wait(w, run, $"exit order {reusable.ClientOrderId} resting at {reusable.LimitPrice}");
        }

        foreach (var order in exitOrders)
        {
            var why = order == reusable ? $"exit order older than {_settings.StaleOrderAge.TotalHours:0} h" : "exit order off price or quantity";
            var final = await CancelAsync(order, run, why, ct);
            if (order.ClientOrderId == w.LiveClientOrderId)
            {
                w = w with { LiveClientOrderId = null, FilledQuantity = w.FilledQuantity + final.FilledQuantity };
            }
        }

        if (w.LiveClientOrderId is not null)
        {
            // The live order is no longer open (filled, cancelled or expired elsewhere); a new one replaces it.
            w = await DropLiveAsync(w, live, run, string.Empty, ct);
        }

        var price = OrderRules.RoundPrice(w.Instrument, w.TakeProfitPrice, w.Side);
        var (next, submitted) = await SubmitAsync(w, held, OrderType.Limit, price, run, ct);
        return submitted.Status == OrderStatus.Rejected ? CountFailure(next, run, submitted.RejectReason) : next;
    }

    private async Task<RampEntry> PollRampAsync(RampEntry w, PollRun run, CancellationToken ct)
    {
        if (w.Instrument.IsCrypto && w.Side == OrderSide.Sell)
        {
            return Fail(w, run, "crypto is never shorted: ramp sell refused");
        }

        var live = await FetchLiveAsync(w, ct);
        var held = Held(await _broker.GetPositionsAsync(ct), w.Instrument, w.Side);
        var progress = Math.Max(held, w.FilledQuantity + (live?.FilledQuantity ?? 0m));
        var remaining = _rules.RoundQuantity(w.Instrument, w.TargetQuantity - progress);
        if (remaining < _rules.MinimumQuantity(w.Instrument))
        {
            w = await DropLiveAsync(w, live, run, "target reached", ct);
            return Finish(w, run, WatcherState.Completed, WatcherEventKind.Completed, $"holding {progress} of target {w.TargetQuantity}");
        }

        w = await DropLiveAsync(w, live, run, "next ramp step", ct);
        var quote = await _broker.GetQuoteAsync(w.Instrument, ct);
        if (quote is null)
        {
            return Wait(w, run, "no quote");
        }

        var raw = PriceRamps.RampEntryPrice(w.Instrument, w.Side, quote, run.Now - w.CreatedAt, _settings);
        var price = OrderRules.RoundPrice(w.Instrument, raw, w.Side);
        var why = _rules.CheckMinimums(w.Instrument, remaining, price);
        if (why is not null)
        {
            return Fail(w, run, why);
        }

        var (next, order) = await SubmitAsync(w, remaining, OrderType.Limit, price, run, ct);
        if (order.Status != OrderStatus.Rejected)
        {
            return next;
        }

        var available = InsufficientFunds.Available(order.RejectReason);
        if (available is null || next.FundsRetryUsed)
        {
            return CountFailure(next, run, order.RejectReason);
        }

        next = next with { FundsRetryUsed = true };
        var quantity = _rules.RoundQuantity(w.Instrument, _settings.FundsRetryFraction * available.Value / price);
        why = _rules.CheckMinimums(w.Instrument, quantity, price);
        if (why is not null)
        {
            return CountFailure(next, run, $"insufficient funds ({available.Value} available): {why}");
        }

        var (retried, retry) = await SubmitAsync(next, quantity, OrderType.Limit, price, run, ct);
        return retry.Status == OrderStatus.Rejected ? CountFailure(retried, run, retry.RejectReason) : retried;
    }

    private async Task<BackoutExit> PollBackoutAsync(BackoutExit w, PollRun run, CancellationToken ct)
    {
        var live = await FetchLiveAsync(w, ct);
        var held = Held(await _broker.GetPositionsAsync(ct), w.Instrument, w.PositionSide);
        if (held == 0m)
        {
            w = await DropLiveAsync(w, live, run, "position closed", ct);
            return Finish(w, run, WatcherState.Completed, WatcherEventKind.Completed, "position closed");
        }

        w = await DropLiveAsync(w, live, run, "next back-out step", ct);
        var quote = await _broker.GetQuoteAsync(w.Instrument, ct);
        if (quote is null)
        {
            return Wait(w, run, "no quote");
        }

        TimeSpan? timeToClose = null;
        var marketOpen = false;
        if (!w.Instrument.IsCrypto && NyseCalendar.Instance.SessionAt(run.Now) is { } session)
        {
            timeToClose = session.Close - run.Now;
            marketOpen = true;
        }

        var step = PriceRamps.Backout(w.Instrument, w.PositionSide, quote, run.Now - w.CreatedAt, timeToClose, marketOpen, _settings);
        var (next, order) = step.UseMarketOrder
            ? await SubmitAsync(w, held, OrderType.Market, null, run, ct, step.Reason)
            : await SubmitAsync(w, held, OrderType.Limit, OrderRules.RoundPrice(w.Instrument, step.LimitPrice, w.Side), run, ct, step.Reason);
        return order.Status == OrderStatus.Rejected ? CountFailure(next, run, order.RejectReason) : next;
    }

    private async Task<Order?> FetchLiveAsync(Watcher w, CancellationToken ct) =>
        w.LiveClientOrderId is null ? null : await _broker.GetOrderByClientIdAsync(w.LiveClientOrderId, ct);

    /// <summary>
    /// Lets go of the live order: cancels it while it is open (<paramref name="cancelReason"/>), records a complete
    /// fill, and folds its filled quantity into the watcher's.
    /// </summary>
    private async Task<T> DropLiveAsync<T>(T w, Order? live, PollRun run, string cancelReason, CancellationToken ct)
        where T : Watcher
    {
        if (live is null)
        {
            return w.LiveClientOrderId is null ? w : w with { LiveClientOrderId = null };
        }

        var final = live.Status.IsOpen() ? await CancelAsync(live, run, cancelReason, ct) : live;
        if (final.Status == OrderStatus.Filled)
        {
            run.Add(WatcherEventKind.Filled, $"filled at {final.AverageFillPrice}", final.ClientOrderId, final.FilledQuantity, final.AverageFillPrice);
        }

        return w with { LiveClientOrderId = null, FilledQuantity = w.FilledQuantity + final.FilledQuantity };
    }

    private async Task<Order> CancelAsync(Order order, PollRun run, string reason, CancellationToken ct)
    {
        var final = await _broker.CancelOrderAsync(order.Id, ct);
        run.Add(WatcherEventKind.Cancelled, reason, order.ClientOrderId, order.RemainingQuantity, order.LimitPrice);
        return final;
    }

    /// <summary>
    /// Open orders on the watcher's instrument and side that are not its own. The id of the next step counts as its
    /// own: such an order is a submission whose new state was lost (a crash), and resubmitting it is absorbed.
    /// </summary>
    private async Task<IReadOnlyList<Order>> ForeignOpenOrdersAsync(Watcher w, CancellationToken ct)
    {
        var next = w.NextClientOrderId();
        return [.. (await _broker.GetOpenOrdersAsync(ct)).Where(o =>
            o.Instrument == w.Instrument && o.Side == w.Side && o.ClientOrderId != w.LiveClientOrderId && o.ClientOrderId != next)];
    }

    private async Task<(T Next, Order Order)> SubmitAsync<T>(
        T w,
        decimal quantity,
        OrderType type,
        decimal? price,
        PollRun run,
        CancellationToken ct,
        string reason = "placed")
        where T : Watcher
    {
        var clientId = w.NextClientOrderId();
        var tif = type == OrderType.Market ? TimeInForce.Day : OrderRules.TimeInForceFor(w.Instrument, quantity);
        var request = new OrderRequest(clientId, w.Instrument, w.Side, quantity, type, price, tif);
        var order = await _broker.SubmitOrderAsync(request, ct);
        if (order.Status == OrderStatus.Rejected)
        {
            run.Add(WatcherEventKind.Rejected, order.RejectReason ?? "rejected", clientId, quantity, price);
            return (w with { Step = w.Step + 1, LiveClientOrderId = null }, order);
        }

        run.Add(WatcherEventKind.Submitted, $"{reason}: {type} {w.Side} {quantity} {(price is null ? "at market" : $"@ {price}")}", clientId, quantity, price);
        return (w with { Step = w.Step + 1, LiveClientOrderId = clientId, Failures = 0, Reason = reason }, order);
    }

    private T CountFailure<T>(T w, PollRun run, string? reason)
        where T : Watcher
    {
        var failures = w.Failures + 1;
        var why = reason ?? "rejected";
        if (failures >= _settings.MaxConsecutiveFailures)
        {
            return Finish(w with { Failures = failures }, run, WatcherState.Failed, WatcherEventKind.Failed, $"{failures} consecutive rejections; last: {why}");
        }

        return w with { Failures = failures, Reason = why };
    }

    private static T Fail<T>(T w, PollRun run, string reason)
        where T : Watcher => Finish(w, run, WatcherState.Failed, WatcherEventKind.Failed, reason);

    private static T Finish<T>(T w, PollRun run, WatcherState state, WatcherEventKind kind, string reason)
        where T : Watcher
    {
        run.Add(kind, reason);
        return w with { State = state, Reason = reason, LiveClientOrderId = null };
    }

    private static T Wait<T>(T w, PollRun run, string reason)
        where T : Watcher
    {
        run.Add(WatcherEventKind.Waiting, reason);
        return w with { Reason = reason };
    }

    /// <summary>How much of <paramref name="side"/>'s direction the account holds in the instrument (never negative).</summary>
    private static decimal Held(IReadOnlyList<Position> positions, Instrument instrument, OrderSide side)
    {
        var signed = positions.Where(p => p.Instrument == instrument).Sum(p => p.Quantity);
        return Math.Max(0m, side == OrderSide.Buy ? signed : -signed);
    }

    /// <summary>The events of one poll.</summary>
    private sealed class PollRun(string watcherId, DateTimeOffset now)
    {
        public DateTimeOffset Now { get; } = now;

        public List<WatcherEvent> Events { get; } = [];

        public void Add(WatcherEventKind kind, string reason, string? clientOrderId = null, decimal? quantity = null, decimal? price = null) =>
            Events.Add(new WatcherEvent(watcherId, kind, Now, reason, clientOrderId, quantity, price));
    }
}
