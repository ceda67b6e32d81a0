using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Cycle;

namespace Kairos.Trading.Tests.Cycle;

public class PositionBookTests
{
    private static readonly Instrument Nio = new("NIO", AssetClass.Equity);
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
    private static readonly OrderTag Entry = new("entry", StrategyKind.MaxDiff, "pick");
    private static readonly OrderTag TakeProfit = new("exit", StrategyKind.MaxDiff, "take_profit");

    private static Fill F(long seq, OrderSide side, decimal qty, decimal price, decimal fee, int minutes = 0) =>
        new(seq, $"o{seq}", $"c{seq}", Nio, side, qty, price, fee, T0.AddMinutes(minutes));

    [Fact]
    public void Long_round_trip_in_two_entries_and_two_exits()
    {
        var book = new PositionBook();
        Assert.Null(book.Apply(F(1, OrderSide.Buy, 100, 5.00m, 0.10m), Entry));
        Assert.Null(book.Apply(F(2, OrderSide.Buy, 100, 5.20m, 0.10m, 5), Entry));
        Assert.Equal(5.10m, book.Get("NIO")!.AverageEntryPrice);
        Assert.Null(book.Apply(F(3, OrderSide.Sell, 50, 5.50m, 0.05m, 60), TakeProfit));
        Assert.Equal(150m, book.Get("NIO")!.Quantity);
        var trade = book.Apply(F(4, OrderSide.Sell, 150, 5.30m, 0.15m, 90), TakeProfit);
        Assert.NotNull(trade);

        // Gross: 50 × 0.40 + 150 × 0.20 = 50.00; fees 0.20 entry + 0.20 exit.
        Assert.Equal(49.60m, trade.RealizedPnl);
        Assert.Equal(0.40m, trade.Fees);
        Assert.Equal(200m, trade.Quantity);
        Assert.Equal(5.10m, trade.EntryPrice);
        Assert.Equal(5.35m, trade.ExitPrice); // (50 × 5.50 + 150 × 5.30) / 200
        Assert.Equal(OrderSide.Buy, trade.Side);
        Assert.Equal(StrategyKind.MaxDiff, trade.Strategy);
        Assert.Equal("take_profit", trade.Reason);
        Assert.Equal(T0, trade.OpenedAt);
        Assert.Equal(T0.AddMinutes(90), trade.ClosedAt);
        Assert.Empty(book.Positions);
    }

    [Fact]
    public void Short_loses_when_price_rises()
    {
        var book = new PositionBook();
        book.Apply(F(1, OrderSide.Sell, 10, 20m, 0m), Entry with { Strategy = StrategyKind.PctDiff });
        var trade = book.Apply(F(2, OrderSide.Buy, 10, 21m, 0m), TakeProfit with { Reason = "direction_change_to_buy" })!;
        Assert.Equal(-10m, trade.RealizedPnl);
        Assert.Equal(OrderSide.Sell, trade.Side);
        Assert.Equal(StrategyKind.PctDiff, trade.Strategy);
        Assert.True(trade.IsLoss);
        Assert.Equal(-0.05, trade.ReturnPct, 12);
    }

    [Fact]
    public void A_fill_through_zero_closes_and_opens_the_remainder()
    {
        var book = new PositionBook();
        book.Apply(F(1, OrderSide.Buy, 10, 10m, 1m), Entry);
        var trade = book.Apply(F(2, OrderSide.Sell, 30, 11m, 3m), Entry with { Strategy = StrategyKind.Simple })!;

        // Closing 10 of the 30: exit fee 1, entry fee 1, gross 10.
        Assert.Equal(8m, trade.RealizedPnl);
        Assert.Equal("reversed_by_entry", trade.Reason);
        var rest = book.Get("NIO")!;
        Assert.Equal(-20m, rest.Quantity);
        Assert.Equal(2m, rest.OpenFees);
        Assert.Equal(StrategyKind.Simple, rest.Strategy);
    }

    [Fact]
    public void Restored_book_continues_where_it_stopped()
    {
        var book = new PositionBook();
        book.Apply(F(1, OrderSide.Buy, 10, 10m, 0m), Entry);
        var restored = new PositionBook(book.Positions.ToList());
        var trade = restored.Apply(F(2, OrderSide.Sell, 10, 12m, 0m), TakeProfit)!;
        Assert.Equal(20m, trade.RealizedPnl);
    }
}
