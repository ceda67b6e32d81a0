using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Tests;

public class OrderVocabularyTests
{
    [Fact]
    public void Position_values_are_signed_by_side()
    {
        var shortPos = new Position(new Instrument("NIO", AssetClass.Equity), -10m, 5m, 4.5m);
        Assert.Equal(-45m, shortPos.MarketValue);
        Assert.Equal(5m, shortPos.UnrealizedPnl);
        Assert.Equal(OrderSide.Sell, shortPos.Side);
    }

    [Fact]
    public void Quote_spread_is_relative_to_the_mid()
    {
        var q = new Quote(new Instrument("NIO", AssetClass.Equity), 99m, 101m, DateTimeOffset.UnixEpoch);
        Assert.Equal(100m, q.Mid);
        Assert.Equal(200, q.SpreadBps, 9);
        Assert.True(OrderStatus.PartiallyFilled.IsOpen());
        Assert.False(OrderStatus.Rejected.IsOpen());
    }
}
