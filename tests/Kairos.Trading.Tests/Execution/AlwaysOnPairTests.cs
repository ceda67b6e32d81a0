using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class AlwaysOnPairTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly DateTimeOffset WedOpen = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);
    private static readonly WatcherFactory Factory = new("t", new WatcherSettings());

    [Fact]
    public void Equities_that_may_short_get_a_buy_at_the_low_and_a_sell_at_the_high()
    {
        var pair = Factory.AlwaysOn(Aapl, 98m, 104m, 10m, null, allowShort: true, WedOpen);
        var sell = Assert.IsType<EntryWatcher>(pair.Sell);
        Assert.Equal((OrderSide.Buy, 98m, 10m), (pair.Buy.Side, pair.Buy.LimitPrice, pair.Buy.TargetQuantity));
        Assert.Equal((OrderSide.Sell, 104m, 10m), (sell.Side, sell.LimitPrice, sell.TargetQuantity));
        Assert.Equal("t-aapl-b-alwayson-2611181500", pair.Buy.Id);
        Assert.Equal("t-aapl-s-alwayson-2611181500", sell.Id);
        Assert.Equal(StrategyKind.MaxDiffAlwaysOn, sell.Strategy);
        Assert.Null(pair.SellSkippedReason);
    }

    [Fact]
    public void No_sell_leg_when_shorting_is_not_allowed()
    {
        var pair = Factory.AlwaysOn(Aapl, 98m, 104m, 10m, null, allowShort: false, WedOpen);
        Assert.Null(pair.Sell);
        Assert.Equal("shorting is not allowed", pair.SellSkippedReason);
    }

    [Fact]
    public void Crypto_sells_only_to_close_a_long()
    {
        var flat = Factory.AlwaysOn(Btc, 95_000m, 99_000m, 0.1m, null, allowShort: true, WedOpen);
        Assert.Null(flat.Sell);
        Assert.Equal("crypto is never shorted and there is no long to sell", flat.SellSkippedReason);

        var withLong = Factory.AlwaysOn(Btc, 95_000m, 99_000m, 0.1m, new Position(Btc, 0.05m, 94_000m, 96_000m), allowShort: true, WedOpen);
        var exit = Assert.IsType<ExitWatcher>(withLong.Sell);
        Assert.Equal((OrderSide.Sell, 99_000m), (exit.Side, exit.TakeProfitPrice));
        Assert.Equal(StrategyKind.MaxDiffAlwaysOn, exit.Strategy);
    }
}
