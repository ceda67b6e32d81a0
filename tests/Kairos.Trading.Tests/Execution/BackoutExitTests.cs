using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class BackoutExitTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly DateTimeOffset WedOpen = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);
    private static readonly WatcherSettings Settings = new();

    [Theory]
    // Long, close two hours away: offset +0.3 % → −0.4 % over 60 min; bid 100.
    [InlineData(0, "100.3", "0.003", false)]
    [InlineData(30, "99.95", "-0.0005", false)]
    [InlineData(60, "99.6", "-0.004", false)]
    // After 80 min, market open, spread 0.2 % ≤ 1 %: market order.
    [InlineData(90, "99.6", "-0.004", true)]
    public void Long_equity_path_with_the_close_far_away(int minutes, string limit, string offset, bool market)
    {
        var step = Backout(Aapl, OrderSide.Buy, 100m, 100.2m, minutes, TimeSpan.FromMinutes(120), marketOpen: true);
        Assert.Equal((D(limit), D(offset), market), (step.LimitPrice, step.Offset, step.UseMarketOrder));
    }

    [Fact]
    public void Inside_the_last_30_minutes_the_target_slides_towards_minus_two_percent()
    {
        // 15 min to close: target = −0.4 % + (−1.6 %) × 0.5 = −1.2 %; at 60 min the limit is 100 × 0.988.
        var step = Backout(Aapl, OrderSide.Buy, 100m, 100.2m, 60, TimeSpan.FromMinutes(15), marketOpen: true);
        Assert.Equal((98.8m, -0.012m, false), (step.LimitPrice, step.Offset, step.UseMarketOrder));

        // 2 min to close, spread fine: market order even early in the ramp.
        var near = Backout(Aapl, OrderSide.Buy, 100m, 100.2m, 10, TimeSpan.FromMinutes(2), marketOpen: true);
        Assert.True(near.UseMarketOrder);
        Assert.Equal("close is near: market order", near.Reason);
    }

    [Fact]
    public void Shorts_mirror_from_the_ask()
    {
        // ask × (1 − 0.003) = 99.8994; after the ramp ask × 1.004 = 100.6008.
        Assert.Equal(99.8994m, Backout(Aapl, OrderSide.Sell, 100m, 100.2m, 0, TimeSpan.FromMinutes(120), true).LimitPrice);
        Assert.Equal(100.6008m, Backout(Aapl, OrderSide.Sell, 100m, 100.2m, 60, TimeSpan.FromMinutes(120), true).LimitPrice);
    }

    [Fact]
    public void Crypto_targets_minus_two_percent_and_never_uses_a_market_order()
    {
        // 0.003 + (−0.023) × 0.5 = −0.0085 → 99.15.
        var half = Backout(Btc, OrderSide.Buy, 100m, 100.1m, 30, null, marketOpen: false);
        Assert.Equal((99.15m, -0.0085m), (half.LimitPrice, half.Offset));
        var late = Backout(Btc, OrderSide.Buy, 100m, 100.1m, 120, null, marketOpen: true);
        Assert.Equal((98m, false), (late.LimitPrice, late.UseMarketOrder));
    }

    [Fact]
    public void No_market_order_while_the_market_is_closed_or_the_spread_is_wide()
    {
        var closed = Backout(Aapl, OrderSide.Buy, 100m, 100.2m, 90, null, marketOpen: false);
        Assert.Equal((98m, false, "market closed: limit only"), (closed.LimitPrice, closed.UseMarketOrder, closed.Reason));

        // spread 2 / 101 = 1.98 % > 1 %.
        var wide = Backout(Aapl, OrderSide.Buy, 100m, 102m, 90, TimeSpan.FromMinutes(120), marketOpen: true);
        Assert.False(wide.UseMarketOrder);
        Assert.Equal("spread 1.98 % too wide for a market order", wide.Reason);
    }

    [Fact]
    public async Task Engine_places_the_limit_then_the_market_order_then_completes()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetPosition(Aapl, 10m);
        broker.SetQuote(Aapl, 100m, 100.2m);
        var engine = new WatcherEngine(broker, OrderRules.Default, Settings);
        var backout = new WatcherFactory("t", Settings).Backout(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, WedOpen);

        var poll = await engine.PollAsync(backout, WedOpen);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(90));

        Assert.Equal(
            [
                new OrderRequest("t-aapl-s-backout-2611181500-1", Aapl, OrderSide.Sell, 10m, OrderType.Limit, 100.30m, TimeInForce.Gtc),
                new OrderRequest("t-aapl-s-backout-2611181500-2", Aapl, OrderSide.Sell, 10m, OrderType.Market, null, TimeInForce.Day),
            ],
            broker.Submitted);
        Assert.Equal(["t-aapl-s-backout-2611181500-1"], broker.CancelledClientIds);

        broker.Fill("t-aapl-s-backout-2611181500-2", 10m, 100m);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(91));
        Assert.Equal(WatcherState.Completed, poll.Watcher.State);
    }

    [Fact]
    public async Task Engine_never_sends_crypto_market_orders()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetPosition(Btc, 0.5m, 100_000m);
        broker.SetQuote(Btc, 100_000m, 100_010m);
        var engine = new WatcherEngine(broker, OrderRules.Default, Settings);
        var backout = new WatcherFactory("t", Settings).Backout(Btc, OrderSide.Buy, StrategyKind.MaxDiff, WedOpen);
        await engine.PollAsync(backout, WedOpen.AddMinutes(120));
        var request = Assert.Single(broker.Submitted);
        Assert.Equal((OrderType.Limit, 98_000m, 0.5m), (request.Type, request.LimitPrice!.Value, request.Quantity));
    }

    private static BackoutStep Backout(Instrument i, OrderSide positionSide, decimal bid, decimal ask, int minutes, TimeSpan? toClose, bool marketOpen) =>
        PriceRamps.Backout(i, positionSide, new Quote(i, bid, ask, WedOpen), TimeSpan.FromMinutes(minutes), toClose, marketOpen, Settings);

    private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
