using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class PositionSizerTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Eth = new("ETHUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly Instrument Msft = new("MSFT", AssetClass.Equity);
    private static readonly Instrument Tsla = new("TSLA", AssetClass.Equity);
    private static readonly Instrument Nvda = new("NVDA", AssetClass.Equity);

    private static readonly PositionSizer Sizer = new(new RiskSettings(), OrderRules.Default);

    [Fact]
    public void Crypto_takes_half_the_fresh_equity()
    {
        // base = 10,000 / 2 = 5,000; 5,000 / 50,000 = 0.1 BTC; caps 6,000 and 12,000 do not bind.
        var d = Sizer.Size(Request(Btc, OrderSide.Buy, 50_000m, Account(10_000m, 10_000m, 20_000m)));
        Assert.Equal(0.1m, d.Quantity);
        Assert.Equal(5_000m, d.Notional);
        Assert.Equal(5_000m, d.BaseNotional);
        Assert.Equal(SizingCaps.None, d.BoundBy);
        Assert.Null(d.Reason);
    }

    [Fact]
    public void Crypto_is_never_shorted()
    {
        var d = Sizer.Size(Request(Btc, OrderSide.Sell, 50_000m, Account(10_000m, 10_000m, 20_000m)));
        Assert.True(d.IsZero);
        Assert.Equal("crypto is never shorted", d.Reason);
    }

    [Fact]
    public void Equities_are_cut_to_sixty_percent_of_equity()
    {
        // base = 20,000 × 2 / 2 = 20,000; symbol room 6,000 and gross room 12,000 both below it; 6,000 / 100 = 60.
        var d = Sizer.Size(Request(Aapl, OrderSide.Buy, 100m, Account(10_000m, 10_000m, 20_000m)));
        Assert.Equal(60m, d.Quantity);
        Assert.Equal(6_000m, d.Notional);
        Assert.Equal(20_000m, d.BaseNotional);
        Assert.Equal(SizingCaps.Symbol | SizingCaps.Gross, d.BoundBy);
    }

    [Fact]
    public void Symbol_cap_counts_the_position_and_open_entry_orders()
    {
        // exposure = 30 × 100 + 10 × 99 = 3,990; room = 6,000 − 3,990 = 2,010 → 20 shares at 100.
        var d = Sizer.Size(Request(
            Aapl,
            OrderSide.Buy,
            100m,
            Account(10_000m, 10_000m, 20_000m),
            [new Position(Aapl, 30m, 90m, 100m)],
            [OpenOrder(Aapl, OrderSide.Buy, 10m, 99m)]));
        Assert.Equal(20m, d.Quantity);
        Assert.Equal(2_000m, d.Notional);
    }

    [Fact]
    public void Gross_cap_counts_all_positions_and_entry_orders_but_not_exits()
    {
        // gross = |100 × 50| + |−20 × 200| + 10 × 250 (NVDA entry) = 11,500; the MSFT sell of 100 only closes the long.
        // base = 5,000 × 2 / 2 = 5,000 < symbol room 6,000; gross room 12,000 − 11,500 = 500 → 5 shares at 100.
        var positions = new[] { new Position(Msft, 100m, 50m, 50m), new Position(Tsla, -20m, 200m, 200m) };
        var orders = new[] { OpenOrder(Nvda, OrderSide.Buy, 10m, 250m), OpenOrder(Msft, OrderSide.Sell, 100m, 55m) };
        var d = Sizer.Size(Request(Aapl, OrderSide.Buy, 100m, Account(10_000m, 10_000m, 5_000m), positions, orders));
        Assert.Equal(5m, d.Quantity);
        Assert.Equal(SizingCaps.Gross, d.BoundBy);
    }

    [Fact]
    public void An_order_that_flips_a_position_counts_the_flipped_part_and_can_exhaust_the_gross_room()
    {
        // The MSFT sell of 150 against a long of 100 adds 50 × 55 = 2,750: gross 14,250 > 12,000.
        var positions = new[] { new Position(Msft, 100m, 50m, 50m), new Position(Tsla, -20m, 200m, 200m) };
        var orders = new[] { OpenOrder(Nvda, OrderSide.Buy, 10m, 250m), OpenOrder(Msft, OrderSide.Sell, 150m, 55m) };
        var d = Sizer.Size(Request(Aapl, OrderSide.Buy, 100m, Account(10_000m, 10_000m, 5_000m), positions, orders));
        Assert.True(d.IsZero);
        Assert.Contains("gross exposure 14250 is at the", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbol_already_at_its_cap_gets_nothing()
    {
        var d = Sizer.Size(Request(Aapl, OrderSide.Buy, 100m, Account(10_000m, 10_000m, 20_000m), [new Position(Aapl, 60m, 100m, 100m)], []));
        Assert.True(d.IsZero);
        Assert.Contains("AAPL exposure 6000 is at the", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Risk_threshold_depends_on_the_day_pnl()
    {
        var levered = new RiskSettings { MaxGrossLeverage = 3m };
        Assert.Equal(3m, levered.RiskThreshold(0m));
        Assert.Equal(3m, levered.RiskThreshold(100m));
        Assert.Equal(2m, levered.RiskThreshold(-0.01m));
        Assert.Equal(2m, new RiskSettings().RiskThreshold(100m));
        Assert.Equal(2m, new RiskSettings { MaxGrossLeverage = 1.5m }.RiskThreshold(100m));

        var sizer = new PositionSizer(levered, OrderRules.Default);
        // Up day: 2,000 × 3 / 2 = 3,000 → 30 shares; down day: 2,000 × 2 / 2 = 2,000 → 20 shares.
        var up = sizer.Size(Request(Aapl, OrderSide.Buy, 100m, Account(10_000m, 9_900m, 2_000m)));
        var down = sizer.Size(Request(Aapl, OrderSide.Buy, 100m, Account(10_000m, 10_100m, 2_000m)));
        Assert.Equal((30m, 3m), (up.Quantity, up.RiskThreshold));
        Assert.Equal((20m, 2m), (down.Quantity, down.RiskThreshold));
    }

    [Fact]
    public void Below_one_lot_the_quantity_is_raised_when_the_caps_leave_room()
    {
        // base 100 × 2 / 2 = 100 buys 0 shares at 150; one share (150) fits the 600 room → 1.
        var share = Sizer.Size(Request(Aapl, OrderSide.Buy, 150m, Account(1_000m, 1_000m, 100m)));
        Assert.Equal(1m, share.Quantity);
        Assert.Equal(150m, share.Notional);

        // base 500 buys 0.0009 BTC at 550,000 → 0; one lot (550) fits the 600 room → 0.001.
        var lot = Sizer.Size(Request(Btc, OrderSide.Buy, 550_000m, Account(1_000m, 1_000m, 0m)));
        Assert.Equal(0.001m, lot.Quantity);

        // base 50 at 90,000 → 0; one lot (90) exceeds the room min(60, 120) = 60.
        var none = Sizer.Size(Request(Btc, OrderSide.Buy, 90_000m, Account(100m, 100m, 0m)));
        Assert.True(none.IsZero);
        Assert.Contains("does not fit the remaining room 60", none.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_when_below_minimum_notional_or_without_equity()
    {
        // base 10 → 10 / 3,000 = 0.00333 → 0.003 ETH = $9 < $10.
        var small = Sizer.Size(Request(Eth, OrderSide.Buy, 3_000m, Account(20m, 20m, 0m)));
        Assert.True(small.IsZero);
        Assert.Contains("notional 9 is below the minimum $10", small.Reason, StringComparison.Ordinal);

        var broke = Sizer.Size(Request(Aapl, OrderSide.Buy, 100m, Account(0m, 0m, 0m)));
        Assert.Equal("equity is 0", broke.Reason);

        var noBp = Sizer.Size(Request(Aapl, OrderSide.Buy, 100m, Account(1_000m, 1_000m, 0m)));
        Assert.Equal("no buying power", noBp.Reason);
    }

    private static AccountSnapshot Account(decimal equity, decimal lastEquity, decimal buyingPower) =>
        new() { Equity = equity, LastEquity = lastEquity, BuyingPower = buyingPower, Cash = equity };

    private static SizingRequest Request(Instrument i, OrderSide side, decimal price, AccountSnapshot account, Position[]? positions = null, Order[]? orders = null) =>
        new(i, side, price, account, positions ?? [], orders ?? []);

    private static Order OpenOrder(Instrument i, OrderSide side, decimal qty, decimal limit) => new()
    {
        Id = $"{i.Symbol}-{side}",
        ClientOrderId = $"c-{i.Symbol}-{side}",
        Instrument = i,
        Side = side,
        Type = OrderType.Limit,
        Quantity = qty,
        LimitPrice = limit,
        Status = OrderStatus.New,
    };
}
