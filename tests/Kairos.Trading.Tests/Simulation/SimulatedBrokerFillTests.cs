using Kairos.Core.Trading;
using Kairos.Trading.Simulation;
using static Kairos.Trading.Tests.Simulation.SimulationFixtures;

namespace Kairos.Trading.Tests.Simulation;

public class SimulatedBrokerFillTests
{
    private static OrderRequest Limit(string id, Kairos.Core.Instrument instrument, OrderSide side, decimal qty, decimal price, TimeInForce tif = TimeInForce.Gtc) =>
        new(id, instrument, side, qty, OrderType.Limit, price, tif);

    private static OrderRequest MarketOrder(string id, Kairos.Core.Instrument instrument, OrderSide side, decimal qty, TimeInForce tif = TimeInForce.Day) =>
        new(id, instrument, side, qty, OrderType.Market, null, tif);

    [Fact]
    public async Task Limit_buy_fills_at_the_limit_when_the_path_first_reaches_it()
    {
        // Crypto up bar: 00:00 100 → 08:00 90, so 95 is reached at 04:00.
        var time = new ManualTime(Utc(3, 5, 0));
        using var broker = new SimulatedBroker(Market(Series(Btc, Daily(3, 5, 100, 110, 90, 105))), time);
        var order = await broker.SubmitOrderAsync(Limit("a", Btc, OrderSide.Buy, 2m, 95m));
        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal("sim-000001", order.Id);

        time.Now = Utc(3, 5, 12);
        var fill = Assert.Single(await broker.GetFillsAsync(0));
        Assert.Equal(new Fill(1, "sim-000001", "a", Btc, OrderSide.Buy, 2m, 95m, 0.475m, Utc(3, 5, 4)), fill);
        Assert.Equal(99_809.525m, (await broker.GetAccountAsync()).Cash);
        Assert.Equal(OrderStatus.Filled, (await broker.GetOrderByClientIdAsync("a"))!.Status);

        // The sell limit at 108 waits for the rise 90 (08:00) → 110 (16:00): 90 % of the way, at 15:12.
        await broker.SubmitOrderAsync(Limit("b", Btc, OrderSide.Sell, 2m, 108m));
        await broker.AdvanceAsync(Utc(3, 5, 20));
        var exit = broker.Ledger[^1];
        Assert.Equal((Utc(3, 5, 15, 12), 108m, 26m), (exit.Fill.Timestamp, exit.Fill.Price, exit.RealizedPnl));
        Assert.Empty(await broker.GetPositionsAsync());
    }

    [Fact]
    public async Task Order_resting_overnight_fills_at_the_open_when_the_market_gaps_through_its_limit()
    {
        // Day 2 opens at 100, below the 102 limit: a liquidity-taking fill at 100 × (1 + 103.0005 bps)
        // (3 mega cap + 0.5 × 1000 / 1e6 size + 0.2 × 500 bps range).
        var time = new ManualTime(Utc(3, 5, 22));
        var market = Market(Series(Aapl, Daily(3, 5, 104, 105, 103, 104), Daily(3, 6, 100, 104, 99, 103)));
        using var broker = new SimulatedBroker(market, time);
        await broker.SubmitOrderAsync(Limit("a", Aapl, OrderSide.Buy, 10m, 102m));
        await broker.AdvanceAsync(Utc(3, 6, 15));

        var fill = Assert.Single(broker.Ledger);
        Assert.Equal(Utc(3, 6, 14, 30), fill.Fill.Timestamp);
        Assert.Equal(101.030005m, fill.Fill.Price);
        Assert.Equal(0.02808634139m, fill.Fill.Fee);
        Assert.Equal(10.30005m, fill.SlippageCost);
    }

    [Fact]
    public async Task Marketable_limit_fills_at_once_at_the_path_price_plus_slippage()
    {
        // 12:00 is halfway from 99 (08:00) to 101 (16:00): 100. Slippage 3 + 0.00005 + 0.2 × 200 = 43.00005 bps.
        var time = new ManualTime(Utc(3, 5, 12));
        using var broker = new SimulatedBroker(Market(Series(Btc, Daily(3, 5, 100, 101, 99, 100.5))), time);
        var order = await broker.SubmitOrderAsync(Limit("a", Btc, OrderSide.Buy, 1m, 100.6m));

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal(100.4300005m, order.AverageFillPrice);
        var fill = Assert.Single(broker.Ledger);
        Assert.Equal(Utc(3, 5, 12), fill.Fill.Timestamp);
        Assert.Equal(0.25107500125m, fill.Fill.Fee);
        Assert.Equal(0.4300005m, fill.SlippageCost);
    }

    [Fact]
    public async Task Market_orders_slip_by_liquidity_tier_and_pay_their_class_fee()
    {
        var time = new ManualTime(Utc(3, 5, 15));
        var market = Market(Series(Aapl, Flat(3, 5, 100)), Series(Nio, Flat(3, 5, 100)), Series(Doge, Flat(3, 5, 100)), Series(Msft, Flat(3, 5, 100)));
        using var broker = new SimulatedBroker(market, time);

        // Notional 1000 adds 0.0005 bps; the flat bars add no range term.
        var aapl = await broker.SubmitOrderAsync(MarketOrder("aapl", Aapl, OrderSide.Buy, 10m));
        var nio = await broker.SubmitOrderAsync(MarketOrder("nio", Nio, OrderSide.Buy, 10m));
        var doge = await broker.SubmitOrderAsync(MarketOrder("doge", Doge, OrderSide.Buy, 10m, TimeInForce.Gtc));
        var msft = await broker.SubmitOrderAsync(MarketOrder("msft", Msft, OrderSide.Sell, 10m));

        Assert.Equal(100.030005m, aapl.AverageFillPrice);
        Assert.Equal(100.200005m, nio.AverageFillPrice);
        Assert.Equal(100.080005m, doge.AverageFillPrice);
        Assert.Equal(99.969995m, msft.AverageFillPrice);

        var fees = broker.Ledger.ToDictionary(f => f.Fill.ClientOrderId, f => f.Fill.Fee);
        Assert.Equal(0.02780834139m, fees["aapl"]);
        Assert.Equal(2.502000125m, fees["doge"]);
        Assert.Equal(0.02779165861m, fees["msft"]);
    }

    [Fact]
    public async Task Market_order_outside_the_session_waits_for_the_open()
    {
        var time = new ManualTime(Utc(3, 6, 12));
        using var broker = new SimulatedBroker(Market(Series(Aapl, Flat(3, 5, 90), Flat(3, 6, 100))), time);
        var order = await broker.SubmitOrderAsync(MarketOrder("a", Aapl, OrderSide.Buy, 10m));
        Assert.Equal(OrderStatus.New, order.Status);

        time.Now = Utc(3, 6, 15);
        var fill = Assert.Single(await broker.GetFillsAsync(0));
        Assert.Equal(Utc(3, 6, 14, 30), fill.Timestamp);
        Assert.Equal(100.030005m, fill.Price);
    }

    [Fact]
    public async Task Fills_take_at_most_a_tenth_of_the_session_volume_and_continue_next_session()
    {
        var time = new ManualTime(Utc(3, 5, 15));
        var market = Market(Series(Aapl, Flat(3, 5, 100, 100), Flat(3, 6, 100, 100)), Series(Nio, Flat(3, 5, 100, 0), Flat(3, 6, 100, 0)));
        using var broker = new SimulatedBroker(market, time);
        var order = await broker.SubmitOrderAsync(Limit("a", Aapl, OrderSide.Buy, 15m, 100m));
        var dry = await broker.SubmitOrderAsync(Limit("n", Nio, OrderSide.Buy, 1m, 100m));

        Assert.Equal(OrderStatus.PartiallyFilled, order.Status);
        Assert.Equal(10m, order.FilledQuantity);
        Assert.Equal(OrderStatus.New, dry.Status);

        await broker.AdvanceAsync(Utc(3, 6, 15));
        Assert.Equal(
            [(Utc(3, 5, 15), 10m, 100m), (Utc(3, 6, 14, 30), 5m, 100m)],
            broker.Ledger.Select(f => (f.Fill.Timestamp, f.Fill.Quantity, f.Fill.Price)));
        Assert.Equal(OrderStatus.Filled, (await broker.GetOrderByClientIdAsync("a"))!.Status);
        Assert.Equal(OrderStatus.New, (await broker.GetOrderByClientIdAsync("n"))!.Status);
    }

    [Fact]
    public async Task Day_orders_expire_at_the_close_and_gtc_orders_carry_over()
    {
        var time = new ManualTime(Utc(3, 5, 15));
        var market = Market(Series(Aapl, Flat(3, 5, 100), Daily(3, 6, 100, 100, 40, 40)));
        using var broker = new SimulatedBroker(market, time);
        await broker.SubmitOrderAsync(Limit("day", Aapl, OrderSide.Buy, 10m, 50m, TimeInForce.Day));
        await broker.SubmitOrderAsync(Limit("gtc", Aapl, OrderSide.Buy, 10m, 50m));

        time.Now = Utc(3, 5, 22);
        var day = (await broker.GetOrderByClientIdAsync("day"))!;
        Assert.Equal(OrderStatus.Expired, day.Status);
        Assert.Equal(Utc(3, 5, 21), day.UpdatedAt);
        Assert.Equal("gtc", Assert.Single(await broker.GetOpenOrdersAsync()).ClientOrderId);

        // Day 2 is a down bar 100 → 100 → 40 → 40: the price falls from 100 at 16:40 to 40 at 18:50, through 50 at 18:28:20.
        time.Now = Utc(3, 6, 22);
        var fill = Assert.Single(await broker.GetFillsAsync(0));
        Assert.Equal((new DateTimeOffset(2024, 3, 6, 18, 28, 20, TimeSpan.Zero), 50m), (fill.Timestamp, fill.Price));
    }

    [Fact]
    public async Task Ioc_fills_what_it_can_at_once_and_cancels_the_rest()
    {
        // Volume 50: at most 5 BTC this session. Slippage 3 + 0.5 × 500 / 1e6 = 3.00025 bps.
        var time = new ManualTime(Utc(3, 5, 12));
        using var broker = new SimulatedBroker(Market(Series(Btc, Flat(3, 5, 100, 50))), time);
        var partial = await broker.SubmitOrderAsync(Limit("a", Btc, OrderSide.Buy, 8m, 101m, TimeInForce.Ioc));
        var away = await broker.SubmitOrderAsync(Limit("b", Btc, OrderSide.Buy, 1m, 90m, TimeInForce.Ioc));

        Assert.Equal(OrderStatus.Canceled, partial.Status);
        Assert.Equal(5m, partial.FilledQuantity);
        Assert.Equal(100.0300025m, partial.AverageFillPrice);
        Assert.Equal((OrderStatus.Canceled, 0m), (away.Status, away.FilledQuantity));
        Assert.Empty(await broker.GetOpenOrdersAsync());
    }

    [Fact]
    public async Task Positions_average_in_and_realise_pnl_when_reduced_or_flipped()
    {
        var time = new ManualTime(Utc(3, 5, 15));
        using var broker = new SimulatedBroker(Market(Series(Aapl, Flat(3, 5, 100), Flat(3, 6, 110))), time);
        await broker.SubmitOrderAsync(Limit("a", Aapl, OrderSide.Buy, 10m, 100m));
        time.Now = Utc(3, 6, 15);
        await broker.SubmitOrderAsync(Limit("b", Aapl, OrderSide.Sell, 15m, 110m));

        var position = Assert.Single(await broker.GetPositionsAsync());
        Assert.Equal((-5m, 110m, 110m), (position.Quantity, position.AverageEntryPrice, position.MarketPrice));
        Assert.Equal([0m, 100m], broker.Ledger.Select(f => f.RealizedPnl));
        Assert.Equal(100m, broker.Totals.RealizedPnl);
    }

    [Fact]
    public async Task Round_trip_costs_exactly_the_fees_and_the_slippage()
    {
        // Buy at 100.030005, sell at 99.969995 (3.0005 bps each way) on a flat 100 day.
        var time = new ManualTime(Utc(3, 5, 15));
        using var broker = new SimulatedBroker(Market(Series(Aapl, Flat(3, 5, 100))), time);
        await broker.SubmitOrderAsync(MarketOrder("in", Aapl, OrderSide.Buy, 10m));
        await broker.SubmitOrderAsync(MarketOrder("out", Aapl, OrderSide.Sell, 10m));

        var account = await broker.GetAccountAsync();
        Assert.Equal(0.0556m, broker.Totals.Fees);
        Assert.Equal(0.6001m, broker.Totals.SlippageCost);
        Assert.Equal(-0.6001m, broker.Totals.RealizedPnl);
        Assert.Equal(100_000m - 0.0556m - 0.6001m, account.Equity);
        Assert.Empty(await broker.GetPositionsAsync());
    }

    [Fact]
    public async Task A_resting_order_waits_through_weekends_holidays_and_days_without_bars()
    {
        // Two months over weekends and Good Friday (2024-03-29); bars only on 03-05, at 100, never down to 1.
        var time = new ManualTime(Utc(3, 5, 15));
        using var broker = new SimulatedBroker(Market(Series(Aapl, Flat(3, 5, 100)), Series(Btc, Flat(3, 5, 100))), time);
        await broker.SubmitOrderAsync(Limit("a", Aapl, OrderSide.Buy, 1m, 1m));
        await broker.SubmitOrderAsync(Limit("b", Btc, OrderSide.Buy, 1m, 1m));
        await broker.AdvanceAsync(Utc(5, 5, 0));

        Assert.Equal(Utc(5, 5, 0), broker.MarketTime);
        Assert.Equal(2, (await broker.GetOpenOrdersAsync()).Count);
        Assert.Empty(broker.Ledger);
        Assert.Equal(SimulatedBrokerTotals.Zero, broker.Totals);
        Assert.Equal(100_000m, (await broker.GetAccountAsync()).LastEquity);
    }
}
