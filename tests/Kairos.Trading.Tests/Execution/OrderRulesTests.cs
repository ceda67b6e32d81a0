using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class OrderRulesTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);

    [Theory]
    [InlineData(true, "0.5", TimeInForce.Gtc)]
    [InlineData(true, "2", TimeInForce.Gtc)]
    [InlineData(false, "10", TimeInForce.Gtc)]
    [InlineData(false, "10.000", TimeInForce.Gtc)]
    [InlineData(false, "10.5", TimeInForce.Day)]
    public void Time_in_force_is_gtc_for_crypto_and_whole_shares_day_for_fractional_shares(bool crypto, string qty, TimeInForce expected) =>
        Assert.Equal(expected, OrderRules.TimeInForceFor(crypto ? Btc : Aapl, decimal.Parse(qty, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(false, "12.34", "0.01")]
    [InlineData(false, "1", "0.01")]
    [InlineData(false, "0.5", "0.0001")]
    [InlineData(true, "90000", "0.01")]
    [InlineData(true, "150", "0.01")]
    [InlineData(true, "100", "0.01")]
    [InlineData(true, "50", "0.001")]
    [InlineData(true, "5", "0.0001")]
    [InlineData(true, "0.5", "0.00001")]
    public void Tick_size_per_asset_class(bool crypto, string price, string tick) =>
        Assert.Equal(D(tick), OrderRules.TickSize(crypto ? Btc : Aapl, D(price)));

    [Theory]
    [InlineData(false, OrderSide.Buy, "12.345", "12.34")]
    [InlineData(false, OrderSide.Sell, "12.341", "12.35")]
    [InlineData(false, OrderSide.Sell, "12.34", "12.34")]
    [InlineData(false, OrderSide.Buy, "0.123456", "0.1234")]
    [InlineData(false, OrderSide.Sell, "0.123401", "0.1235")]
    [InlineData(true, OrderSide.Buy, "95123.456", "95123.45")]
    [InlineData(true, OrderSide.Sell, "95123.451", "95123.46")]
    [InlineData(true, OrderSide.Buy, "3.456789", "3.4567")]
    [InlineData(true, OrderSide.Sell, "3.456711", "3.4568")]
    public void Prices_round_down_for_buys_and_up_for_sells(bool crypto, OrderSide side, string price, string expected) =>
        Assert.Equal(D(expected), OrderRules.RoundPrice(crypto ? Btc : Aapl, D(price), side));

    [Fact]
    public void Quantities_floor_to_the_lot()
    {
        Assert.Equal(0.123m, OrderRules.Default.RoundQuantity(Btc, 0.12399m));
        Assert.Equal(12m, OrderRules.Default.RoundQuantity(Aapl, 12.9m));
        Assert.Equal(1.234567m, new OrderRules(AllowFractionalEquities: true).RoundQuantity(Aapl, 1.2345678m));
        Assert.Equal(0m, OrderRules.Default.RoundQuantity(Aapl, -3m));
        Assert.Equal(0.001m, OrderRules.Default.MinimumQuantity(Btc));
        Assert.Equal(1m, OrderRules.Default.MinimumQuantity(Aapl));
        Assert.Equal(0.000001m, new OrderRules(true).MinimumQuantity(Aapl));
    }

    [Fact]
    public void Minimum_quantity_and_notional()
    {
        var rules = OrderRules.Default;
        Assert.Contains("below the minimum 0.001", rules.CheckMinimums(Btc, 0.0009m, 100_000m), StringComparison.Ordinal);
        Assert.Contains("notional 5 is below the minimum $10", rules.CheckMinimums(Btc, 0.001m, 5_000m), StringComparison.Ordinal);
        Assert.Null(rules.CheckMinimums(Btc, 0.002m, 5_000m));
        Assert.Contains("below the minimum $1", rules.CheckMinimums(Aapl, 1m, 0.5m), StringComparison.Ordinal);
        Assert.Null(rules.CheckMinimums(Aapl, 1m, 1m));
        Assert.NotNull(rules.CheckMinimums(Aapl, 0m, 100m));
    }

    private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
