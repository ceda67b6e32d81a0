using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Analysis;

namespace Kairos.Trading.Tests.Analysis;

/// <summary>Defaults of spec §5.9 per symbol, the side map and validation.</summary>
public class SelectionSettingsTests
{
    private static readonly SelectionSettings S = SelectionSettings.Default;

    [Theory]
    [InlineData("BTCUSD", 40, 20, 60, 35, 40)]
    [InlineData("ETHUSD", 40, 20, 60, 35, 40)]
    [InlineData("SOLUSD", 40, 20, 60, 35, 40)]
    [InlineData("UNIUSD", 40, 20, 60, 35, 40)]
    [InlineData("LTCUSD", 40, 20, 120, 25, 40)]
    [InlineData("AAPL", 16, 6, 120, 8, 16)]
    [InlineData("META", 41, 31, 120, 8, 16)]
    [InlineData("QUBT", 41, 31, 120, 25, 16)]
    [InlineData("TSLA", 16, 6, 120, 25, 16)]
    public void Per_symbol_thresholds(string symbol, double entryNeed, double cost, int minSamples, double spreadCap, double edgeNeed)
    {
        var i = Instrument.Infer(symbol);
        Assert.Equal(entryNeed, S.EntryReturnNeedBps(i));
        Assert.Equal(cost, S.CostBps(i));
        Assert.Equal(minSamples, S.MinSamplesFor(i));
        Assert.Equal(spreadCap, S.SpreadCapBps(i));
        Assert.Equal(edgeNeed, S.EdgeNeedBps(i));
    }

    [Fact]
    public void Strategy_flags_default_to_the_limit_family_plus_the_signal_strategies()
    {
        Assert.True(S.IsEnabled(StrategyKind.MaxDiff));
        Assert.True(S.IsEnabled(StrategyKind.MaxDiffAlwaysOn));
        Assert.True(S.IsEnabled(StrategyKind.PctDiff));
        Assert.True(S.IsEnabled(StrategyKind.Simple));
        Assert.True(S.IsEnabled(StrategyKind.AllSignals));
        Assert.False(S.IsEnabled(StrategyKind.HighLow));
        Assert.False(S.IsEnabled(StrategyKind.TakeProfit));
        Assert.False(S.IsEnabled(StrategyKind.BuyAndHold));
        Assert.False(S.IsEnabled(StrategyKind.UnprofitShutdown));
    }

    [Fact]
    public void Side_map_parses_and_restricts_sides()
    {
        var map = SelectionSettings.ParseSideMap(" aapl:SELL, BTCUSD:buy ,TSLA:both,");
        Assert.Equal(3, map.Count);
        var s = S with { SideMap = map };

        Assert.False(s.Allows(Instrument.Infer("AAPL"), OrderSide.Buy));
        Assert.True(s.Allows(Instrument.Infer("AAPL"), OrderSide.Sell));
        Assert.True(s.Allows(Instrument.Infer("TSLA"), OrderSide.Sell));
        Assert.True(s.Allows(Instrument.Infer("MSFT"), OrderSide.Sell));
        // Crypto is never shorted, side map or not.
        Assert.False(s.Allows(Instrument.Infer("ETHUSD"), OrderSide.Sell));
        Assert.Equal(AllowedSides.BuyOnly, s.SidesFor(Instrument.Infer("btcusd")));

        Assert.Empty(SelectionSettings.ParseSideMap(null));
        Assert.Throws<FormatException>(() => SelectionSettings.ParseSideMap("AAPL"));
        Assert.Throws<FormatException>(() => SelectionSettings.ParseSideMap("AAPL:short"));
    }

    [Fact]
    public void Validation_rejects_nonsense()
    {
        S.Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => (S with { Cooldown = TimeSpan.FromMinutes(-1) }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (S with { MaxDrawdownFloor = 0.1 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (S with { StockEdgeNeedBps = double.NaN }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (S with { MinSamples = -1 }).Validate());
    }
}
