using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class EntryWatcherTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);

    // Wednesday 2026-11-18 10:00 EST: NYSE open.
    private static readonly DateTimeOffset WedOpen = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    // Saturday 2026-11-21 10:00 EST: NYSE closed.
    private static readonly DateTimeOffset Saturday = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    private static readonly WatcherFactory Factory = new("t", new WatcherSettings());

    [Fact]
    public async Task Waits_until_the_ask_is_within_tolerance_of_the_limit()
    {
        var broker = new FakeBroker { Now = WedOpen };
        var engine = Engine(broker);
        var w = Factory.Entry(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 100m, 10m, WedOpen);

        // |100.7 − 100| / 100 = 0.7 % > 0.66 %.
        broker.SetQuote(Aapl, 100.5m, 100.7m);
        var poll = await engine.PollAsync(w, WedOpen);
        Assert.Empty(broker.Submitted);
        Assert.Equal(WatcherEventKind.Waiting, Assert.Single(poll.Events).Kind);
        Assert.Equal("reference 100.7 is 0.70 % from limit 100 (tolerance 0.66 %)", poll.Watcher.Reason);

        // 0.6 % ≤ 0.66 %.
        broker.SetQuote(Aapl, 100.5m, 100.6m);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(1));
        var request = Assert.Single(broker.Submitted);
        Assert.Equal(new OrderRequest("t-aapl-b-entry-2611181500-1", Aapl, OrderSide.Buy, 10m, OrderType.Limit, 100m, TimeInForce.Gtc), request);
        Assert.Equal("t-aapl-b-entry-2611181500-1", poll.Watcher.LiveClientOrderId);
        Assert.Equal(1, poll.Watcher.Step);
        Assert.Equal(WatcherEventKind.Submitted, Assert.Single(poll.Events).Kind);
    }

    [Fact]
    public async Task Force_immediate_places_at_once()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Aapl, 100.5m, 100.7m);
        var w = Factory.Entry(Aapl, OrderSide.Sell, StrategyKind.MaxDiff, 103.456m, 10m, WedOpen, forceImmediate: true);
        await Engine(broker).PollAsync(w, WedOpen);
        var request = Assert.Single(broker.Submitted);
        Assert.Equal((OrderSide.Sell, 103.46m), (request.Side, request.LimitPrice));
    }

    [Fact]
    public async Task Crypto_tolerance_widens_to_two_percent_while_the_nyse_is_closed()
    {
        var engine = Engine(new FakeBroker());
        Assert.Equal(0.0066m, engine.EntryToleranceAt(Btc, WedOpen));
        Assert.Equal(0.02m, engine.EntryToleranceAt(Btc, Saturday));
        Assert.Equal(0.0066m, engine.EntryToleranceAt(Aapl, Saturday));

        // ask 101,500 is 1.5 % above the 100,000 limit: waits on Wednesday, places on Saturday.
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Btc, 101_400m, 101_500m);
        var wed = await Engine(broker).PollAsync(Factory.Entry(Btc, OrderSide.Buy, StrategyKind.MaxDiff, 100_000m, 0.05m, WedOpen), WedOpen);
        Assert.Equal(WatcherEventKind.Waiting, wed.Events[0].Kind);

        broker.Now = Saturday;
        var sat = await Engine(broker).PollAsync(Factory.Entry(Btc, OrderSide.Buy, StrategyKind.MaxDiff, 100_000m, 0.05m, Saturday), Saturday);
        Assert.Equal(WatcherEventKind.Submitted, sat.Events[0].Kind);
        Assert.Equal(TimeInForce.Gtc, Assert.Single(broker.Submitted).TimeInForce);
    }

    [Fact]
    public async Task An_order_older_than_24_hours_is_cancelled_and_replaced()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Btc, 99_900m, 100_000m);
        var engine = Engine(broker);
        var w = Factory.Entry(Btc, OrderSide.Buy, StrategyKind.MaxDiff, 100_000m, 0.05m, WedOpen);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero), w.ExpiresAt);

        var poll = await engine.PollAsync(w, WedOpen);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddHours(23));
        Assert.Equal(WatcherEventKind.Waiting, Assert.Single(poll.Events).Kind);
        Assert.Single(broker.Submitted);

        broker.Now = WedOpen.AddHours(24);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddHours(24));
        Assert.Equal([WatcherEventKind.Cancelled, WatcherEventKind.Submitted], poll.Events.Select(e => e.Kind));
        Assert.Equal(["t-btcusd-b-entry-2611181500-1"], broker.CancelledClientIds);
        Assert.Equal("t-btcusd-b-entry-2611181500-2", poll.Watcher.LiveClientOrderId);
    }

    [Fact]
    public async Task Another_same_side_order_is_waited_for_unless_it_is_stale()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Btc, 99_900m, 100_000m);
        var engine = Engine(broker);
        var w = Factory.Entry(Btc, OrderSide.Buy, StrategyKind.MaxDiff, 100_000m, 0.05m, WedOpen);

        broker.AddOrder("other-fresh", Btc, OrderSide.Buy, 0.01m, 99_000m, WedOpen.AddHours(-2));
        var poll = await engine.PollAsync(w, WedOpen);
        Assert.Equal("same-side order other-fresh is resting", poll.Watcher.Reason);
        Assert.Empty(broker.Submitted);

        var stale = new FakeBroker { Now = WedOpen };
        stale.SetQuote(Btc, 99_900m, 100_000m);
        stale.AddOrder("other-stale", Btc, OrderSide.Buy, 0.01m, 99_000m, WedOpen.AddHours(-25));
        stale.AddOrder("other-sell", Btc, OrderSide.Sell, 0.01m, 120_000m, WedOpen.AddHours(-2));
        poll = await Engine(stale).PollAsync(w, WedOpen);
        Assert.Equal(["other-stale"], stale.CancelledClientIds);
        Assert.Single(stale.Submitted);
    }

    [Fact]
    public async Task Insufficient_buying_power_retries_once_with_99_percent_of_the_available_amount()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Aapl, 100.6m, 100.7m);
        broker.RejectNext.Enqueue("insufficient buying power: requested 10070.00, available 2345.67");
        var w = Factory.Entry(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 100.70m, 100m, WedOpen);

        var poll = await Engine(broker).PollAsync(w, WedOpen);

        // 0.99 × 2,345.67 / 100.70 = 23.06 → 23 shares.
        Assert.Equal([100m, 23m], broker.Submitted.Select(r => r.Quantity));
        Assert.Equal("t-aapl-b-entry-2611181500-2", broker.Submitted[1].ClientOrderId);
        Assert.Equal([WatcherEventKind.Rejected, WatcherEventKind.Submitted], poll.Events.Select(e => e.Kind));
        var next = (EntryWatcher)poll.Watcher;
        Assert.True(next.FundsRetryUsed);
        Assert.Equal(0, next.Failures);
        Assert.Equal(2, next.Step);
    }

    [Fact]
    public async Task Crypto_funds_retry_floors_to_the_lot_and_a_second_shortfall_counts_as_a_failure()
    {
        var broker = new FakeBroker { Now = Saturday };
        broker.SetQuote(Btc, 99_900m, 100_000m);
        broker.RejectNext.Enqueue("insufficient buying power: requested 50000, available 20000");
        broker.RejectNext.Enqueue("insufficient buying power: requested 19800, available 100");
        var w = Factory.Entry(Btc, OrderSide.Buy, StrategyKind.MaxDiff, 100_000m, 0.5m, Saturday);

        var poll = await Engine(broker).PollAsync(w, Saturday);

        // 0.99 × 20,000 / 100,000 = 0.198 BTC; its rejection is not retried again.
        Assert.Equal([0.5m, 0.198m], broker.Submitted.Select(r => r.Quantity));
        Assert.Equal(1, poll.Watcher.Failures);
        Assert.Null(poll.Watcher.LiveClientOrderId);
        Assert.True(poll.Watcher.IsActive);
    }

    [Fact]
    public async Task A_negative_available_amount_never_becomes_an_order()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Aapl, 100.6m, 100.7m);
        broker.RejectNext.Enqueue("insufficient buying power: requested 10070.00, available -50.00");
        var poll = await Engine(broker).PollAsync(Factory.Entry(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 100.70m, 100m, WedOpen), WedOpen);
        Assert.Single(broker.Submitted);
        Assert.Equal(1, poll.Watcher.Failures);
        Assert.StartsWith("insufficient funds (0 available)", poll.Watcher.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gives_up_after_five_consecutive_rejections()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Aapl, 100.6m, 100.7m);
        var engine = Engine(broker);
        Watcher w = Factory.Entry(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 100.70m, 10m, WedOpen);
        for (var i = 0; i < 5; i++)
        {
            broker.RejectNext.Enqueue("invalid price");
            w = (await engine.PollAsync(w, WedOpen.AddMinutes(i))).Watcher;
        }

        Assert.Equal(WatcherState.Failed, w.State);
        Assert.Equal("5 consecutive rejections; last: invalid price", w.Reason);
        Assert.Equal(5, broker.Submitted.Select(r => r.ClientOrderId).Distinct().Count());
    }

    [Fact]
    public async Task Completes_when_the_position_reaches_the_target_counting_fills()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Aapl, 100.6m, 100.7m);
        var engine = Engine(broker);
        var poll = await engine.PollAsync(Factory.Entry(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 100.70m, 10m, WedOpen), WedOpen);

        broker.Fill("t-aapl-b-entry-2611181500-1", 4m, 100.7m);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(1));
        Assert.Equal(WatcherEventKind.Waiting, Assert.Single(poll.Events).Kind);

        broker.Fill("t-aapl-b-entry-2611181500-1", 6m, 100.7m);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(2));
        Assert.Equal([WatcherEventKind.Filled, WatcherEventKind.Completed], poll.Events.Select(e => e.Kind));
        Assert.Equal(WatcherState.Completed, poll.Watcher.State);
        Assert.Equal(10m, poll.Watcher.FilledQuantity);

        // A finished watcher is left alone.
        var again = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(3));
        Assert.Same(poll.Watcher, again.Watcher);
        Assert.Empty(again.Events);
    }

    [Fact]
    public async Task Expiry_cancels_the_resting_order()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Aapl, 100.6m, 100.7m);
        var engine = Engine(broker);
        var w = Factory.Entry(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 100.70m, 10m, WedOpen);
        var poll = await engine.PollAsync(w, WedOpen);
        poll = await engine.PollAsync(poll.Watcher, w.ExpiresAt);
        Assert.Equal([WatcherEventKind.Cancelled, WatcherEventKind.Expired], poll.Events.Select(e => e.Kind));
        Assert.Equal(WatcherState.Expired, poll.Watcher.State);
        Assert.Equal(["t-aapl-b-entry-2611181500-1"], broker.CancelledClientIds);
    }

    [Fact]
    public async Task Crypto_entry_sells_are_refused()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Btc, 99_900m, 100_000m);
        var poll = await Engine(broker).PollAsync(Factory.Entry(Btc, OrderSide.Sell, StrategyKind.MaxDiff, 100_000m, 0.1m, WedOpen, true), WedOpen);
        Assert.Equal(WatcherState.Failed, poll.Watcher.State);
        Assert.Empty(broker.Submitted);
    }

    [Fact]
    public async Task Replaying_a_poll_whose_result_was_lost_resubmits_the_same_id()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Aapl, 100.6m, 100.7m);
        var engine = Engine(broker);
        var w = Factory.Entry(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 100.70m, 10m, WedOpen);
        await engine.PollAsync(w, WedOpen);

        // The new state was never persisted: the restarted bot polls the old one.
        var replay = await engine.PollAsync(w, WedOpen.AddMinutes(1));
        Assert.Equal(["t-aapl-b-entry-2611181500-1", "t-aapl-b-entry-2611181500-1"], broker.Submitted.Select(r => r.ClientOrderId));
        Assert.Single(broker.Orders);
        Assert.Equal("t-aapl-b-entry-2611181500-1", replay.Watcher.LiveClientOrderId);
    }

    private static WatcherEngine Engine(FakeBroker broker) => new(broker, OrderRules.Default, new WatcherSettings());
}
