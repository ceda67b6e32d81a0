using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Simulation;
using static Kairos.Trading.Tests.Simulation.SimulationFixtures;

namespace Kairos.Trading.Tests.Simulation;

public class SimulatedBrokerAccountTests
{
    private static OrderRequest Limit(string id, Instrument instrument, OrderSide side, decimal qty, decimal? price, TimeInForce tif = TimeInForce.Gtc) =>
        new(id, instrument, side, qty, OrderType.Limit, price, tif);

    private static SimulatedBroker Broker(ManualTime time, decimal cash) =>
        new(Market(Series(Aapl, Flat(3, 5, 100)), Series(Btc, Flat(3, 5, 100))), time, new SimulatedBrokerOptions { InitialCash = cash });

    [Fact]
    public async Task Orders_beyond_buying_power_are_rejected_with_the_amount_available()
    {
        var time = new ManualTime(Utc(3, 5, 12));
        using var broker = Broker(time, 10_000m);

        var resting = await broker.SubmitOrderAsync(Limit("rest", Aapl, OrderSide.Buy, 100m, 50m));
        Assert.Equal(OrderStatus.New, resting.Status);

        // 2 × 10,000 equity − 5,000 reserved for the resting order.
        var equity = await broker.SubmitOrderAsync(Limit("big", Aapl, OrderSide.Buy, 300m, 100m));
        Assert.Equal(OrderStatus.Rejected, equity.Status);
        Assert.Equal("insufficient buying power: requested 30000.00, available 15000.00", equity.RejectReason);

        var crypto = await broker.SubmitOrderAsync(Limit("btc", Btc, OrderSide.Buy, 60m, 100m));
        Assert.Equal("insufficient buying power: requested 6000.00, available 5000.00", crypto.RejectReason);

        // A refused request leaves its client id free: the retry with a smaller quantity is accepted.
        Assert.Null(await broker.GetOrderByClientIdAsync("big"));
        var retry = await broker.SubmitOrderAsync(Limit("big", Aapl, OrderSide.Buy, 140m, 100m));
        Assert.Equal(OrderStatus.New, retry.Status);
        var account = await broker.GetAccountAsync();
        Assert.Equal(1_000m, account.BuyingPower);
        Assert.Equal(0m, account.NonMarginableBuyingPower);
    }

    [Theory]
    [InlineData("BTCUSD", "Sell", 1, 100, "Gtc", "crypto cannot be sold short")]
    [InlineData("AAPL", "Buy", 0, 100, "Gtc", "quantity must be positive")]
    [InlineData("AAPL", "Buy", -1, 100, "Gtc", "quantity must be positive")]
    [InlineData("AAPL", "Buy", 1, -1, "Gtc", "limit price must be positive")]
    [InlineData("AAPL", "Buy", 1, 0, "Gtc", "limit price must be positive")]
    [InlineData("BTCUSD", "Buy", 1, 100, "Day", "crypto orders must be gtc or ioc")]
    [InlineData("AAPL", "Buy", 1.5, 100, "Gtc", "fractional equity orders must be day orders")]
    [InlineData("TSLA", "Buy", 1, 100, "Gtc", "no market data for TSLA")]
    public async Task Invalid_orders_are_rejected_with_a_reason(string symbol, string side, double qty, double price, string tif, string reason)
    {
        using var broker = Broker(new ManualTime(Utc(3, 5, 15)), 10_000m);
        var order = await broker.SubmitOrderAsync(
            Limit("x", Instrument.Infer(symbol), Enum.Parse<OrderSide>(side), (decimal)qty, (decimal)price, Enum.Parse<TimeInForce>(tif)));
        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.StartsWith(reason, order.RejectReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crypto_sells_are_limited_to_the_quantity_held_and_not_already_being_sold()
    {
        using var broker = Broker(new ManualTime(Utc(3, 5, 15)), 10_000m);
        await broker.SubmitOrderAsync(Limit("buy", Btc, OrderSide.Buy, 2m, 100m));
        Assert.Equal(OrderStatus.New, (await broker.SubmitOrderAsync(Limit("s1", Btc, OrderSide.Sell, 1.5m, 200m))).Status);
        var second = await broker.SubmitOrderAsync(Limit("s2", Btc, OrderSide.Sell, 1m, 200m));
        Assert.Equal("crypto cannot be sold short: sell 1 exceeds the 0.5 held and not already being sold", second.RejectReason);
    }

    [Fact]
    public async Task Resubmitting_a_client_order_id_returns_the_existing_order()
    {
        using var broker = Broker(new ManualTime(Utc(3, 5, 12)), 10_000m);
        var first = await broker.SubmitOrderAsync(Limit("same", Aapl, OrderSide.Buy, 1m, 50m));
        var second = await broker.SubmitOrderAsync(Limit("same", Aapl, OrderSide.Buy, 7m, 60m));
        Assert.Same(first, second);
        Assert.Single(await broker.GetOpenOrdersAsync());
        var cancelled = await broker.CancelOrderAsync(first.Id);
        Assert.Equal(OrderStatus.Canceled, cancelled.Status);
        Assert.Same(cancelled, await broker.CancelOrderAsync(first.Id));
    }

    [Fact]
    public async Task Margin_loan_accrues_interest_per_second_at_the_yearly_rate_over_365_days()
    {
        // Buy 1500 AAPL at 100 with 100,000: fee 4.17, cash −50,004.17, gross 150,000 (1.5× levered).
        var time = new ManualTime(Utc(3, 5, 14, 30));
        var market = Market(Series(Aapl, Flat(3, 5, 100, 1e7), Flat(3, 6, 100, 1e7), Flat(3, 7, 100, 1e7)));
        using var broker = new SimulatedBroker(market, time);
        await broker.SubmitOrderAsync(Limit("lev", Aapl, OrderSide.Buy, 1500m, 100m));
        var account = await broker.GetAccountAsync();
        Assert.Equal((99_995.83m, 150_000m), (account.Equity, account.GrossExposure));

        // 09:30 → 16:00: 23,400 s on 50,004.17 at 6.5 %; posted to cash at the close.
        await broker.AdvanceAsync(Utc(3, 5, 21));
        var firstDay = broker.Totals.Financing;
        Assert.Equal(2.411730801940639269406392694m, firstDay, 20);
        var atClose = await broker.GetAccountAsync();
        Assert.Equal(100_000m - 4.17m - firstDay, atClose.LastEquity);

        // One full day: (gross − equity) × 6.5 % / 365.
        await broker.AdvanceAsync(Utc(3, 6, 21));
        var expected = (150_000m - atClose.Equity) * 0.065m / 365m;
        Assert.Equal(8.905281678088016826171264151m, expected, 20);
        Assert.Equal(expected, broker.Totals.Financing - firstDay, 18);
        Assert.Equal(atClose.Equity - expected, (await broker.GetAccountAsync()).LastEquity, 18);
    }

    [Fact]
    public async Task Clock_is_the_nyse_clock_and_quotes_come_from_the_market()
    {
        using var broker = Broker(new ManualTime(Utc(3, 5, 15)), 10_000m);
        var clock = await broker.GetClockAsync();
        Assert.Equal(new MarketClock(Utc(3, 5, 15), true, Utc(3, 6, 14, 30), Utc(3, 5, 21)), clock);

        // BTCUSD's assumed spread is 35 bps: 17.5 bps each side of 100.
        var quote = (await broker.GetQuoteAsync(Btc))!;
        Assert.Equal((99.825m, 100.175m), (quote.Bid, quote.Ask));
    }

    [Fact]
    public async Task Last_equity_is_taken_at_the_account_calendars_close()
    {
        // A crypto-only book on the 24/7 calendar: the day ends at 00:00 UTC. BTC bought at 100 closes the day at 105.
        var time = new ManualTime(Utc(3, 5, 0));
        var options = new SimulatedBrokerOptions { InitialCash = 1_000m, AccountCalendar = CryptoCalendar.Instance };
        using var broker = new SimulatedBroker(Market(Series(Btc, Daily(3, 5, 100, 105, 100, 105), Flat(3, 6, 105))), time, options);
        await broker.SubmitOrderAsync(Limit("b", Btc, OrderSide.Buy, 1m, 100m));
        Assert.Equal(1_000m, (await broker.GetAccountAsync()).LastEquity);

        time.Now = Utc(3, 6, 1);
        var account = await broker.GetAccountAsync();
        Assert.Equal(1_000m - 0.25m + 5m, account.LastEquity);
        Assert.Equal(account.Equity, account.LastEquity);
    }
}
