using System.Globalization;
using System.Text.RegularExpressions;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca.Tests;

/// <summary>Asset-class rules refused before sending, and insufficient funds as a parseable rejection.</summary>
public sealed partial class OrderRuleTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);

    [Theory]
    [InlineData(TimeInForce.Gtc, true)]
    [InlineData(TimeInForce.Ioc, true)]
    [InlineData(TimeInForce.Day, false)]
    public async Task Crypto_takes_gtc_or_ioc_only(TimeInForce tif, bool sent)
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(new("c1", Btc, OrderSide.Buy, 0.01m, OrderType.Limit, 60000m, tif));

        Assert.Equal(sent ? 1 : 0, h.Server.Requests.Count);
        if (sent)
        {
            Assert.Equal(OrderStatus.New, order.Status);
        }
        else
        {
            Assert.Equal(OrderStatus.Rejected, order.Status);
            Assert.Equal("crypto orders must be gtc or ioc; Alpaca does not accept day for BTCUSD", order.RejectReason);
        }
    }

    [Theory]
    [InlineData(OrderType.Market, null)]
    [InlineData(OrderType.Limit, 60000.0)]
    public async Task Crypto_market_and_limit_orders_are_sent(OrderType type, double? limit)
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(new("c2", Btc, OrderSide.Buy, 0.01m, type, (decimal?)limit, TimeInForce.Ioc));

        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Single(h.Server.Requests);
    }

    [Theory]
    [InlineData("2.5", TimeInForce.Gtc, false)]
    [InlineData("2.5", TimeInForce.Ioc, false)]
    [InlineData("2.5", TimeInForce.Day, true)]
    [InlineData("3", TimeInForce.Gtc, true)]
    public async Task Fractional_equity_orders_must_be_day_orders(string quantity, TimeInForce tif, bool sent)
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(new("e1", Aapl, OrderSide.Buy, decimal.Parse(quantity, CultureInfo.InvariantCulture), OrderType.Limit, 150m, tif));

        Assert.Equal(sent ? 1 : 0, h.Server.Requests.Count);
        Assert.Equal(sent ? OrderStatus.New : OrderStatus.Rejected, order.Status);
        if (!sent)
        {
            Assert.StartsWith("fractional equity orders must be day orders", order.RejectReason, StringComparison.Ordinal);
            Assert.Equal(("local-e1", "e1"), (order.Id, order.ClientOrderId));
        }
    }

    [Fact]
    public async Task Malformed_requests_are_refused_before_sending()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();

        var noPrice = await broker.SubmitOrderAsync(new("m1", Aapl, OrderSide.Buy, 1m, OrderType.Limit, null, TimeInForce.Gtc));
        var marketWithPrice = await broker.SubmitOrderAsync(new("m2", Aapl, OrderSide.Buy, 1m, OrderType.Market, 10m, TimeInForce.Gtc));
        var zero = await broker.SubmitOrderAsync(new("m3", Aapl, OrderSide.Buy, 0m, OrderType.Market, null, TimeInForce.Gtc));
        var longId = await broker.SubmitOrderAsync(new(new string('x', 129), Aapl, OrderSide.Buy, 1m, OrderType.Market, null, TimeInForce.Gtc));

        Assert.Equal(
            ["a limit order needs a positive limit price", "a market order takes no limit price", "quantity must be positive, got 0", "client order id must be 1..128 characters"],
            new[] { noPrice, marketWithPrice, zero, longId }.Select(o => o.RejectReason));
        Assert.All(new[] { noPrice, marketWithPrice, zero, longId }, o => Assert.Equal(OrderStatus.Rejected, o.Status));
        Assert.Empty(h.Server.Requests);
    }

    [Fact]
    public async Task Insufficient_buying_power_without_a_number_gets_the_accounts_buying_power()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.Account.BuyingPower = 1234.56m;
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(new("f1", Aapl, OrderSide.Buy, 10m, OrderType.Limit, 150m, TimeInForce.Gtc));

        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.Equal("insufficient buying power: requested 1500.00, available 1234.56", order.RejectReason);
        Assert.Equal(1234.56m, Available(order.RejectReason));
        Assert.Equal(["POST /v2/orders", "GET /v2/account"], h.Server.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Empty(h.Server.Orders);
    }

    [Fact]
    public async Task Insufficient_funds_for_crypto_reads_the_non_marginable_buying_power()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.Account.NonMarginableBuyingPower = 500.25m;
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(new("f2", Btc, OrderSide.Buy, 0.01m, OrderType.Limit, 61000m, TimeInForce.Gtc));

        Assert.Equal("insufficient buying power: requested 610.00, available 500.25", order.RejectReason);
        Assert.Equal(500.25m, Available(order.RejectReason));
    }

    [Fact]
    public async Task Alpacas_own_available_amount_is_kept_verbatim()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.Account.NonMarginableBuyingPower = 100m;
        h.Server.InsufficientFundsMessage = "insufficient balance for USD (requested: 610, available: 99.87)";
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(new("f3", Btc, OrderSide.Buy, 0.01m, OrderType.Limit, 61000m, TimeInForce.Gtc));

        Assert.Equal("insufficient balance for USD (requested: 610, available: 99.87)", order.RejectReason);
        Assert.Equal(99.87m, Available(order.RejectReason));
        Assert.Single(h.Server.Requests);
    }

    // The same pattern as Kairos.Trading's InsufficientFunds parser (internal there), which drives the §6.3 retry.
    private static decimal? Available(string? reason)
    {
        var match = AvailablePattern().Match(reason ?? string.Empty);
        return match.Success ? decimal.Parse(match.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"available[^0-9\-]*(-?[0-9][0-9,]*(?:\.[0-9]+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AvailablePattern();
}
