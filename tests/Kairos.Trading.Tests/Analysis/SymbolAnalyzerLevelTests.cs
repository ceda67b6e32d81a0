using Kairos.Backtesting.Strategies;
using Kairos.Core.Trading;
using Kairos.Trading.Analysis;
using static Kairos.Trading.Tests.Analysis.AnalysisFixtures;

namespace Kairos.Trading.Tests.Analysis;

/// <summary>Spec §4.9's order levels with their fallbacks and repairs, and §5.3's forecast sanity repair.</summary>
public class SymbolAnalyzerLevelTests
{
    private static readonly SelectionSettings Defaults = SelectionSettings.Default;

    private static SymbolAnalysis Analyze(BacktestBuilder b, SelectionSettings? settings = null) =>
        SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), settings ?? Defaults);

    [Fact]
    public void Inverted_maxdiff_pair_is_replaced_by_the_forecast_pair()
    {
        var row = Analyze(new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.MaxDiff, avg: 0.003, forecast: 0.003)
            .Live(l => l with { MaxDiffHighPrice = 98, MaxDiffLowPrice = 99 }));

        Assert.Equal(98.5m, row.EntryPrice);
        Assert.Equal(102m, row.TakeProfitPrice);
        Assert.Equal(2m, row.PredictedMovement);
    }

    [Fact]
    public void Inverted_or_outlying_forecast_is_repaired_around_the_close()
    {
        var b = new BacktestBuilder("AAPL").Strategy(StrategyKind.Simple, avg: 0.003, forecast: 0.003);

        var inverted = Analyze(b.Live(l => l with { PredictedHigh = 100.5, PredictedLow = 101.5 }));
        Assert.Equal((101, 101), (inverted.PredictedHigh, inverted.PredictedLow));

        var below = Analyze(b.Live(l => l with { PredictedHigh = 100.5, PredictedLow = 99 }));
        Assert.Equal((101, 99), (below.PredictedHigh, below.PredictedLow));
    }

    [Fact]
    public void Highlow_prefers_the_maxdiff_entry_and_falls_back_to_the_forecast()
    {
        var settings = Defaults with { AllowHighLow = true };
        var b = new BacktestBuilder("AAPL").Strategy(StrategyKind.HighLow, avg: 0.003, forecast: 0.003);

        var buy = Analyze(b, settings);
        Assert.Equal((99m, 102m), (buy.EntryPrice, buy.TakeProfitPrice));

        var sell = Analyze(b.Live(l => l with { PredictedClose = 99 }), settings);
        Assert.Equal(OrderSide.Sell, sell.Side);
        Assert.Equal((101.5m, 98.5m), (sell.EntryPrice, sell.TakeProfitPrice));

        var noMaxDiff = Analyze(b.Live(l => l with { PredictedClose = 101, MaxDiffHighPrice = 0, MaxDiffLowPrice = 0 }), settings);
        Assert.Equal((98.5m, 102m), (noMaxDiff.EntryPrice, noMaxDiff.TakeProfitPrice));
    }

    [Fact]
    public void Pctdiff_take_profit_below_its_entry_is_clamped_to_the_entry()
    {
        var row = Analyze(new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.PctDiff, avg: 0.003, forecast: 0.003)
            .Live(l => l with { PctDiffTakeProfitHighPrice = 98 }));

        // Movement 98 − 100 < 0 would still be a buy (maxdiff side); the calibrated move replaces it.
        Assert.Equal(OrderSide.Buy, row.Side);
        Assert.Equal((98.6m, 98.6m), (row.EntryPrice, row.TakeProfitPrice));
    }

    [Fact]
    public void Pctdiff_without_levels_is_no_candidate()
    {
        var row = Analyze(new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.PctDiff, avg: 0.003, forecast: 0.004)
            .Strategy(StrategyKind.Simple, avg: 0.002, forecast: 0.002)
            .Live(l => l with { PctDiffTakeProfitHighPrice = 0, PctDiffTakeProfitLowPrice = 0 }));

        Assert.Equal(StrategyKind.Simple, row.SelectedStrategy);
        Assert.Contains(new CandidateNote(StrategyKind.PctDiff, "no pctdiff levels (no optimised parameters)"), row.CandidateNotes);
    }

    [Fact]
    public void Missing_always_on_levels_fall_back_to_maxdiff_levels()
    {
        var row = Analyze(new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.MaxDiffAlwaysOn, avg: 0.003, forecast: 0.003)
            .Live(l => l with { AlwaysOnHighPrice = 0, AlwaysOnLowPrice = 0 }));

        Assert.Equal((99m, 101.5m), (row.EntryPrice, row.TakeProfitPrice));
        Assert.Equal((101.5m, 99m), (row.OppositeEntryPrice, row.OppositeTakeProfitPrice));
        // Always-on's movement is the larger forecast distance, 102 − 100, before calibration replaces it.
        Assert.Equal(0.8m, row.PredictedMovement);
    }

    [Fact]
    public void Ramp_strategies_carry_the_maxdiff_levels_and_takeprofit_its_forecast_target()
    {
        var sell = Analyze(new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.Simple, avg: 0.003, forecast: 0.003)
            .Live(l => l with { PredictedClose = 99 }));
        Assert.Equal(OrderSide.Sell, sell.Side);
        Assert.Equal((101.5m, 99m), (sell.EntryPrice, sell.TakeProfitPrice));

        var tp = Analyze(new BacktestBuilder("AAPL").Strategy(StrategyKind.TakeProfit, avg: 0.003, forecast: 0.003), Defaults with { AllowTakeProfit = true });
        Assert.Equal(StrategyKind.TakeProfit, tp.SelectedStrategy);
        Assert.Equal((99m, 102m), (tp.EntryPrice, tp.TakeProfitPrice));
    }
}
