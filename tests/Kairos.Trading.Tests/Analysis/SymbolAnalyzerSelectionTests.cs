using Kairos.Backtesting.Strategies;
using Kairos.Core.Trading;
using Kairos.Trading.Analysis;
using static Kairos.Trading.Tests.Analysis.AnalysisFixtures;

namespace Kairos.Trading.Tests.Analysis;

/// <summary>Spec §5.6: ordering by forecasted PnL, soft entry gate, side rules, calibrated move (spec §11's selection tests).</summary>
public class SymbolAnalyzerSelectionTests
{
    private static readonly SelectionSettings Defaults = SelectionSettings.Default;

    [Fact]
    public void Falls_back_to_maxdiff_when_all_signals_conflicts()
    {
        var b = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.AllSignals, avg: 0.002, forecast: 0.004)
            .Strategy(StrategyKind.MaxDiff, avg: 0.003, forecast: 0.003)
            .Strategy(StrategyKind.Simple, avg: 0.001, forecast: 0.001);

        // Close +1 %, high 102 vs last high 103 (down), low 98.5 vs last low 98 (up): mixed.
        var context = Context(b.Instrument) with { LastBar = LastBar(high: 103, low: 98) };
        var row = SymbolAnalyzer.Analyze(b.Build(), context, Defaults);

        Assert.Equal(StrategyKind.MaxDiff, row.SelectedStrategy);
        Assert.Equal(OrderSide.Buy, row.Side);
        Assert.Null(row.SkipReason);
        Assert.Contains(new CandidateNote(StrategyKind.AllSignals, "mixed_directional_signals"), row.CandidateNotes);
        Assert.Contains(new CandidateNote(StrategyKind.Simple, "ranked below maxdiff by forecasted PnL"), row.CandidateNotes);
    }

    [Fact]
    public void All_signals_is_chosen_when_close_high_and_low_agree_and_uses_the_calibrated_move()
    {
        var b = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.AllSignals, avg: 0.002, forecast: 0.004)
            .Strategy(StrategyKind.MaxDiff, avg: 0.003, forecast: 0.003);

        // 101/100, 102/101 and 98.5/98 all rise.
        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument) with { LastBar = LastBar(high: 101, low: 98) }, Defaults);
        Assert.Equal(StrategyKind.AllSignals, row.SelectedStrategy);
        Assert.Equal(OrderSide.Buy, row.Side);
        Assert.Equal(0.008, row.ExpectedMovePct, 12);
        Assert.Equal(0.8m, row.PredictedMovement);

        // Without the last bar there is nothing to compare the forecast high and low with.
        var blind = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);
        Assert.Equal(StrategyKind.MaxDiff, blind.SelectedStrategy);
        Assert.Contains(new CandidateNote(StrategyKind.AllSignals, "all_signals needs the last bar's high and low"), blind.CandidateNotes);
    }

    [Fact]
    public void Prefers_maxdiff_for_crypto_buy_side()
    {
        // Simple has the best forecast but its close forecast is down: a crypto sell.
        var b = new BacktestBuilder("BTCUSD")
            .Strategy(StrategyKind.Simple, avg: 0.006, forecast: 0.006)
            .Strategy(StrategyKind.MaxDiff, avg: 0.005, forecast: 0.005)
            .Live(l => l with { PredictedClose = 99 });

        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Equal(StrategyKind.MaxDiff, row.SelectedStrategy);
        Assert.Equal(OrderSide.Buy, row.Side);
        Assert.Contains(new CandidateNote(StrategyKind.Simple, "crypto is never sold short"), row.CandidateNotes);

        // Maxdiff keeps its own movement: take-profit level 101.5 − close 100.
        Assert.Equal(1.5m, row.PredictedMovement);
        Assert.Equal(0.015, row.ExpectedMovePct, 12);
        Assert.Equal(99m, row.EntryPrice);
        Assert.Equal(101.5m, row.TakeProfitPrice);
    }

    [Fact]
    public void Pctdiff_is_preferred_when_its_forecast_is_the_best()
    {
        var b = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.PctDiff, avg: 0.004, forecast: 0.006)
            .Strategy(StrategyKind.MaxDiff, avg: 0.003, forecast: 0.004);

        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Equal(StrategyKind.PctDiff, row.SelectedStrategy);
        Assert.Equal(OrderSide.Buy, row.Side);
        Assert.Equal(0.8m, row.PredictedMovement);
        Assert.Equal(98.6m, row.EntryPrice);
        Assert.Equal(100.2m, row.TakeProfitPrice);
        Assert.Empty(row.GatingReasons);
        Assert.False(row.TradeBlocked);
        Assert.Equal(0.004, row.AverageReturn);
        Assert.Equal(0.006, row.ForecastedPnl);
        Assert.Equal(0.003, row.AverageReturns[StrategyKind.MaxDiff]);
    }

    [Fact]
    public void Pctdiff_without_a_maxdiff_side_takes_the_larger_take_profit_distance()
    {
        var b = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.PctDiff, avg: 0.004, forecast: 0.006)
            .Live(l => l with { MaxDiffSide = "neutral", PctDiffTakeProfitLowPrice = 99.5 });

        // |100.2 − 100| = 0.2 < |99.5 − 100| = 0.5: sell at the pctdiff high entry 101.6, take profit at 99.5.
        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);
        Assert.Equal(OrderSide.Sell, row.Side);
        Assert.Equal(101.6m, row.EntryPrice);
        Assert.Equal(99.5m, row.TakeProfitPrice);
    }

    [Fact]
    public void Crypto_sell_is_ineligible_and_the_symbol_is_skipped()
    {
        var b = new BacktestBuilder("ETHUSD")
            .Strategy(StrategyKind.MaxDiff, avg: 0.005, forecast: 0.005)
            .Strategy(StrategyKind.Simple, avg: 0.004, forecast: 0.003)
            .Live(l => l with { MaxDiffSide = "sell", PredictedClose = 99 });

        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Null(row.SelectedStrategy);
        Assert.Null(row.Side);
        Assert.Null(row.EntryPrice);
        Assert.True(row.TradeBlocked);
        Assert.Equal("no strategy survived the side rules", row.SkipReason);
        Assert.Equal(
            [new CandidateNote(StrategyKind.MaxDiff, "crypto is never sold short"), new CandidateNote(StrategyKind.Simple, "crypto is never sold short")],
            row.CandidateNotes);
    }

    [Fact]
    public void Maxdiffalwayson_is_chosen_when_the_side_map_blocks_maxdiff()
    {
        var settings = Defaults with { SideMap = SelectionSettings.ParseSideMap("AAPL:sell") };
        var b = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.MaxDiff, avg: 0.004, forecast: 0.005)
            .Strategy(StrategyKind.MaxDiffAlwaysOn, avg: 0.003, forecast: 0.004);

        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), settings);

        Assert.Equal(StrategyKind.MaxDiffAlwaysOn, row.SelectedStrategy);
        Assert.Equal(OrderSide.Sell, row.Side);
        Assert.Contains(new CandidateNote(StrategyKind.MaxDiff, "side map allows only SellOnly, not Buy"), row.CandidateNotes);

        // The side stays sell although the calibrated move (+0.8 %) is up: spec §5.6.4 overrides the movement only.
        Assert.Equal(0.8m, row.PredictedMovement);
        Assert.Equal(101.8m, row.EntryPrice);
        Assert.Equal(98.8m, row.TakeProfitPrice);
        Assert.Null(row.OppositeEntryPrice);
        Assert.Null(row.OppositeTakeProfitPrice);
    }

    [Fact]
    public void Maxdiffalwayson_places_the_opposite_side_for_equities_but_not_for_crypto()
    {
        var settings = Defaults with { AllowMaxDiff = false };
        foreach (var (symbol, opposite) in new[] { ("AAPL", true), ("BTCUSD", false) })
        {
            var b = new BacktestBuilder(symbol)
                .Strategy(StrategyKind.MaxDiff, avg: 0.004, forecast: 0.005)
                .Strategy(StrategyKind.MaxDiffAlwaysOn, avg: 0.003, forecast: 0.004);

            var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), settings);

            Assert.Equal(StrategyKind.MaxDiffAlwaysOn, row.SelectedStrategy);
            Assert.Equal(OrderSide.Buy, row.Side);
            Assert.Contains(new CandidateNote(StrategyKind.MaxDiff, "disabled by configuration"), row.CandidateNotes);
            Assert.Equal(98.8m, row.EntryPrice);
            Assert.Equal(101.8m, row.TakeProfitPrice);
            Assert.Equal(opposite ? 101.8m : null, row.OppositeEntryPrice);
            Assert.Equal(opposite ? 98.8m : null, row.OppositeTakeProfitPrice);
        }
    }

    [Fact]
    public void Positive_forecast_overrides_the_entry_gate_and_records_eligibility()
    {
        // 70 simulations < 120 and Sharpe 0.3 < 0.5: maxdiff fails the entry gate, yet its forecast is positive.
        var b = new BacktestBuilder("AAPL").Strategy(StrategyKind.MaxDiff, avg: 0.001, forecast: 0.002, sharpe: 0.3);

        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Equal(StrategyKind.MaxDiff, row.SelectedStrategy);
        Assert.False(row.Eligible[StrategyKind.MaxDiff]);
    }

    [Fact]
    public void Without_positive_forecasts_an_ineligible_strategy_is_passed_over()
    {
        // BTCUSD needs 60 samples (70 given) and 40 bps/day: maxdiff's 10 bps fails, simple's 50 bps passes.
        var b = new BacktestBuilder("BTCUSD")
            .Strategy(StrategyKind.MaxDiff, avg: 0.001, forecast: -0.0001)
            .Strategy(StrategyKind.Simple, avg: 0.005, forecast: -0.0002);

        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Equal(StrategyKind.Simple, row.SelectedStrategy);
        Assert.True(row.Eligible[StrategyKind.Simple]);
        Assert.False(row.Eligible[StrategyKind.MaxDiff]);
        Assert.Equal([new CandidateNote(StrategyKind.MaxDiff, "entry gate: average return 10 bps/day < 40")], row.CandidateNotes);
    }

    [Fact]
    public void With_some_positive_forecasts_the_non_positive_ones_are_not_candidates()
    {
        var b = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.MaxDiff, avg: 0.004, forecast: -0.001)
            .Strategy(StrategyKind.Simple, avg: 0.001, forecast: 0.0005);

        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Equal(StrategyKind.Simple, row.SelectedStrategy);
        Assert.Equal([new CandidateNote(StrategyKind.MaxDiff, "forecasted PnL -0.001 ≤ 0 while another strategy's is positive")], row.CandidateNotes);
    }

    [Fact]
    public void Zero_calibrated_move_skips_the_symbol()
    {
        var b = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.Simple, avg: 0.002, forecast: 0.002)
            .Live(l => l with { CalibratedMovePct = 0 });

        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Null(row.SelectedStrategy);
        Assert.Equal("zero predicted movement", row.SkipReason);
        Assert.True(row.TradeBlocked);
    }

    [Fact]
    public void A_quote_or_last_bar_for_another_symbol_or_day_is_refused()
    {
        var b = new BacktestBuilder("AAPL").Strategy(StrategyKind.Simple, avg: 0.002, forecast: 0.002);
        var other = Kairos.Core.Instrument.Infer("MSFT");
        Assert.Throws<ArgumentException>(() => SymbolAnalyzer.Analyze(b.Build(), Context(other), Defaults));

        var staleBar = LastBar(101, 98) with { Timestamp = new DateTimeOffset(2026, 2, 27, 0, 0, 0, TimeSpan.Zero) };
        Assert.Throws<ArgumentException>(() => SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument) with { LastBar = staleBar }, Defaults));

        Assert.Throws<ArgumentException>(() => SymbolAnalyzer.Analyze(b.Build(), new AnalysisContext(Now, null, null!), Defaults));

        var broken = b.Live(l => l with { LastClose = double.NaN }).Build();
        Assert.Throws<ArgumentException>(() => SymbolAnalyzer.Analyze(broken, Context(b.Instrument), Defaults));
    }
}
