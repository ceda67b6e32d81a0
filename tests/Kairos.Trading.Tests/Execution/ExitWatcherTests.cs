using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class ExitWatcherTests
{
    private static readonly Instrument Eth = new("ETHUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly DateTimeOffset WedOpen = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);
    private static readonly WatcherFactory Factory = new("t", new WatcherSettings());

    [Fact]
    public async Task Waits_for_the_position_then_places_one_take_profit_and_keeps_it()
    {
        var broker = new FakeBroker { Now = WedOpen };
        var engine = Engine(broker);
        var w = Factory.Exit(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 110.004m, WedOpen);
        Assert.Equal(OrderSide.Sell, w.Side);

        var poll = await engine.PollAsync(w, WedOpen);
        Assert.Equal("no position yet", poll.Watcher.Reason);
        Assert.Empty(broker.Submitted);

        broker.SetPosition(Aapl, 10m);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(1));
        Assert.Equal(new OrderRequest("t-aapl-s-exit-2611181500-1", Aapl, OrderSide.Sell, 10m, OrderType.Limit, 110.01m, TimeInForce.Gtc), Assert.Single(broker.Submitted));

        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(2));
        Assert.Single(broker.Submitted);
        Assert.Equal(WatcherEventKind.Waiting, Assert.Single(poll.Events).Kind);

        broker.Fill("t-aapl-s-exit-2611181500-1", 10m, 110.01m);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(3));
        Assert.Equal([WatcherEventKind.Filled, WatcherEventKind.Completed], poll.Events.Select(e => e.Kind));
        Assert.Equal(WatcherState.Completed, poll.Watcher.State);
    }

    [Fact]
    public async Task Reuses_an_exit_order_within_a_tenth_of_a_percent()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetPosition(Aapl, 10m);
        // |110.10 − 110| / 110 = 0.091 % ≤ 0.1 %.
        broker.AddOrder("earlier-exit", Aapl, OrderSide.Sell, 10m, 110.10m, WedOpen.AddHours(-1));
        var poll = await Engine(broker).PollAsync(Factory.Exit(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 110m, WedOpen), WedOpen);
        Assert.Empty(broker.Submitted);
        Assert.Equal([WatcherEventKind.Adopted, WatcherEventKind.Waiting], poll.Events.Select(e => e.Kind));
        Assert.Equal("earlier-exit", poll.Watcher.LiveClientOrderId);
    }

    [Theory]
    // 0.18 % away.
    [InlineData("110.20", "10", -1)]
    // right price, wrong quantity.
    [InlineData("110.00", "5", -1)]
    // right price and quantity but 25 h old.
    [InlineData("110.00", "10", -25)]
    public async Task Re_places_an_exit_order_that_is_off_price_the_wrong_size_or_stale(string limit, string qty, int ageHours)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetPosition(Eth, 10m, 3_000m);
        broker.AddOrder("earlier-exit", Eth, OrderSide.Sell, decimal.Parse(qty, inv), decimal.Parse(limit, inv), WedOpen.AddHours(ageHours));
        var poll = await Engine(broker).PollAsync(Factory.Exit(Eth, OrderSide.Buy, StrategyKind.MaxDiff, 110m, WedOpen), WedOpen);
        Assert.Equal(["earlier-exit"], broker.CancelledClientIds);
        var request = Assert.Single(broker.Submitted);
        Assert.Equal((10m, 110m), (request.Quantity, request.LimitPrice));
        Assert.Equal([WatcherEventKind.Cancelled, WatcherEventKind.Submitted], poll.Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_short_is_closed_with_a_buy_and_a_vanished_position_completes_the_watcher()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetPosition(Aapl, -7m);
        var engine = Engine(broker);
        var poll = await engine.PollAsync(Factory.Exit(Aapl, OrderSide.Sell, StrategyKind.MaxDiff, 95.555m, WedOpen), WedOpen);
        var request = Assert.Single(broker.Submitted);
        Assert.Equal((OrderSide.Buy, 7m, 95.55m), (request.Side, request.Quantity, request.LimitPrice));

        broker.SetPosition(Aapl, 0m);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(5));
        Assert.Equal([WatcherEventKind.Cancelled, WatcherEventKind.Completed], poll.Events.Select(e => e.Kind));
    }

    private static WatcherEngine Engine(FakeBroker broker) => new(broker, OrderRules.Default, new WatcherSettings());
}
