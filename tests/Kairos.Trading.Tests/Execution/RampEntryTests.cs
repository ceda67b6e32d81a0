using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class RampEntryTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly DateTimeOffset WedOpen = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);
    private static readonly WatcherSettings Settings = new();
    private static readonly WatcherFactory Factory = new("t", Settings);

    [Theory]
    [InlineData(false, OrderSide.Buy, 0, "100")]
    [InlineData(false, OrderSide.Buy, 30, "100.5")]
    [InlineData(false, OrderSide.Buy, 60, "101")]
    [InlineData(false, OrderSide.Buy, 90, "101")]
    [InlineData(false, OrderSide.Sell, 0, "101")]
    [InlineData(false, OrderSide.Sell, 30, "100.5")]
    [InlineData(false, OrderSide.Sell, 60, "100")]
    [InlineData(false, OrderSide.Sell, 90, "100")]
    // Crypto buys start at 100 × (1 − 0.0004) = 99.96; halfway 99.96 + 1.04 / 2 = 100.48.
    [InlineData(true, OrderSide.Buy, 0, "99.96")]
    [InlineData(true, OrderSide.Buy, 30, "100.48")]
    [InlineData(true, OrderSide.Buy, 60, "101")]
    [InlineData(true, OrderSide.Buy, 90, "101")]
    public void Ramp_price_walks_from_the_near_to_the_far_side_in_an_hour(bool crypto, OrderSide side, int minutes, string expected)
    {
        var instrument = crypto ? Btc : Aapl;
        var quote = new Quote(instrument, 100m, 101m, WedOpen);
        var price = PriceRamps.RampEntryPrice(instrument, side, quote, TimeSpan.FromMinutes(minutes), Settings);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), price);
    }

    [Fact]
    public async Task Replaces_its_order_at_every_poll_and_stops_at_the_target()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Aapl, 100m, 101m);
        var engine = new WatcherEngine(broker, OrderRules.Default, Settings);
        var ramp = Factory.Ramp(Aapl, OrderSide.Buy, StrategyKind.Simple, 10m, WedOpen);

        var poll = await engine.PollAsync(ramp, WedOpen);
        broker.Fill("t-aapl-b-ramp-2611181500-1", 4m, 100m);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(30));

        Assert.Equal([(10m, 100m), (6m, 100.5m)], broker.Submitted.Select(r => (r.Quantity, r.LimitPrice!.Value)));
        Assert.Equal(["t-aapl-b-ramp-2611181500-1", "t-aapl-b-ramp-2611181500-2"], broker.Submitted.Select(r => r.ClientOrderId));
        Assert.Equal(["t-aapl-b-ramp-2611181500-1"], broker.CancelledClientIds);
        Assert.Equal(4m, poll.Watcher.FilledQuantity);

        broker.Fill("t-aapl-b-ramp-2611181500-2", 6m, 100.5m);
        poll = await engine.PollAsync(poll.Watcher, WedOpen.AddMinutes(35));
        Assert.Equal(WatcherState.Completed, poll.Watcher.State);
        Assert.Equal(2, broker.Submitted.Count);
    }

    [Fact]
    public async Task Refuses_crypto_sells()
    {
        var broker = new FakeBroker { Now = WedOpen };
        broker.SetQuote(Btc, 100m, 101m);
        var poll = await new WatcherEngine(broker, OrderRules.Default, Settings).PollAsync(Factory.Ramp(Btc, OrderSide.Sell, StrategyKind.Simple, 1m, WedOpen), WedOpen);
        Assert.Equal(WatcherState.Failed, poll.Watcher.State);
        Assert.Equal("crypto is never shorted: ramp sell refused", poll.Watcher.Reason);
        Assert.Empty(broker.Submitted);
    }
}
